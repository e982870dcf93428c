"""Reading an upload: a multipart file, or JSON text. Decoding only; the rules live elsewhere."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any, TypeVar

import msgspec
from litestar import Request
from litestar.datastructures import UploadFile
from litestar.exceptions import ClientException, HTTPException, ValidationException
from litestar.plugins.problem_details import ProblemDetailsException

from app.resumes.extraction import ExtractionError, normalise_text
from app.resumes.extraction.sandbox import Extractor, ExtractorBusy
from app.resumes.schemas import ResumeTextIn

# The multipart envelope around a 5 MiB file, with room to spare; larger bodies are 413.
MAX_BODY_BYTES = 6 * 1024 * 1024
_FORM_FIELDS = {"file", "customName", "showInCentral"}
_TRUE, _FALSE = {"true", "1", "on", "yes"}, {"false", "0", "off", "no", ""}
# nginx's status for a request whose client hung up: logged, never read by anyone.
CLIENT_CLOSED_REQUEST = 499

T = TypeVar("T")


class Upload(msgspec.Struct, frozen=True):
    custom_name: str
    raw_text: str
    show_in_central: bool


def invalid(key: str, message: str) -> ValidationException:
    return ValidationException(
        detail="Invalid upload", extra=[{"key": key, "message": message, "source": "body"}]
    )


async def read_upload(request: Request[Any, Any, Any]) -> Upload:
    media_type = request.content_type[0]
    if media_type == "multipart/form-data":
        return await _from_form(request)
    if media_type == "application/json":
        try:
            data = msgspec.json.decode(await request.body(), type=ResumeTextIn)
        except msgspec.ValidationError as exc:
            raise invalid("body", str(exc)) from exc
        except msgspec.DecodeError as exc:
            raise ClientException("The body is not valid JSON") from exc
        text = normalise_text(data.raw_text)
        if not text:
            raise HTTPException(status_code=422, detail="no extractable text")
        return Upload(data.custom_name, text, data.show_in_central)
    raise HTTPException(
        status_code=415, detail="Send multipart/form-data with a file, or application/json"
    )


async def _from_form(request: Request[Any, Any, Any]) -> Upload:
    form = await request.form()
    unknown = set(form.keys()) - _FORM_FIELDS
    if unknown:
        raise invalid(sorted(unknown)[0], "Unknown field")
    upload = form.get("file")
    if not isinstance(upload, UploadFile):
        raise invalid("file", "A file is required")
    name = form.get("customName")
    if not isinstance(name, str) or not name.strip() or len(name.strip()) > 200:
        raise invalid("customName", "Required, 1 to 200 characters")
    if "\x00" in name:
        raise invalid("customName", "Must not contain NUL characters")
    show_in_central = form_flag(form.get("showInCentral", "false"), "showInCentral")
    data = await upload.read()
    extractor: Extractor = request.app.state.extractor
    try:
        text = await unless_client_leaves(request, extractor.extract(data, upload.filename))
    except ExtractionError as exc:
        raise HTTPException(status_code=exc.status_code, detail=exc.reason) from exc
    except ExtractorBusy as exc:
        raise HTTPException(
            status_code=503,
            detail="Too many files are being read right now; try again shortly",
            headers={"Retry-After": str(exc.retry_after)},
        ) from exc
    return Upload(name.strip(), text, show_in_central)


async def unless_client_leaves(request: Request[Any, Any, Any], work: Coroutine[Any, Any, T]) -> T:
    """`work`'s result, or `work` cancelled (its extraction process killed) once the client
    hangs up: nobody would read the answer, and ASGI servers do not cancel handlers."""
    task = asyncio.ensure_future(work)
    watcher = asyncio.ensure_future(_client_left(request))
    try:
        await asyncio.wait((task, watcher), return_when=asyncio.FIRST_COMPLETED)
    finally:
        task.cancel()  # no-op when done; either way its clean-up has run once gather returns
        watcher.cancel()
        await asyncio.gather(task, watcher, return_exceptions=True)
    if task.cancelled():  # (a problem with its detail set: 499 has no standard phrase)
        raise ProblemDetailsException(
            status_code=CLIENT_CLOSED_REQUEST, title="The client left", detail="The client left"
        )
    return task.result()


async def _client_left(request: Request[Any, Any, Any]) -> None:
    """Returns when the client disconnects. The body has been read, so the server's next
    message is the disconnect; anything else means a server that will not tell us."""
    message = await request.receive()
    if message["type"] != "http.disconnect":
        await asyncio.get_running_loop().create_future()  # wait to be cancelled; never spin


def form_flag(value: object, key: str) -> bool:
    """A boolean form field: true/false, 1/0, on/off, yes/no."""
    if not isinstance(value, str) or value.strip().lower() not in _TRUE | _FALSE:
        raise invalid(key, "Expected true or false")
    return value.strip().lower() in _TRUE
