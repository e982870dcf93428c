"""Multipart uploads read one way everywhere: known fields only, a required file, word flags."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from litestar import Request
from litestar.datastructures import FormMultiDict, UploadFile
from litestar.exceptions import ValidationException

from app.core.errors import AppError

MULTIPART = "multipart/form-data"
_TRUE, _FALSE = ("true", "1", "on", "yes"), ("false", "0", "off", "no")
# What a boolean form field may say (an empty value counts as false, too).
FLAG_WORDS = (*_TRUE, *_FALSE)


def invalid(key: str, message: str) -> ValidationException:
    """A 400 naming the offending field, as the JSON bodies' validation errors do."""
    return ValidationException(
        detail="Invalid upload", extra=[{"key": key, "message": message, "source": "body"}]
    )


async def file_form(
    request: Request[Any, Any, Any],
    fields: Collection[str],
    *,
    wrong_type: str,
    no_file: str = "A file is required",
) -> tuple[FormMultiDict, UploadFile]:
    """The form and its `file`; 415 (`wrong_type`) unless multipart, 400 for any field not in
    `fields` or a missing file."""
    if request.content_type[0] != MULTIPART:
        raise AppError(wrong_type, status=415)
    form = await request.form()
    unknown = set(form.keys()) - set(fields)
    if unknown:
        raise invalid(sorted(unknown)[0], "Unknown field")
    upload = form.get("file")
    if not isinstance(upload, UploadFile):
        raise invalid("file", no_file)
    return form, upload


def form_flag(form: FormMultiDict, key: str) -> bool:
    """An optional boolean field, false when absent: true/false, 1/0, on/off, yes/no."""
    value = form.get(key, "false")
    if not isinstance(value, str) or value.strip().lower() not in (*FLAG_WORDS, ""):
        raise invalid(key, "Expected true or false")
    return value.strip().lower() in _TRUE
