"""Turn an uploaded resume (PDF, DOCX or plain text) into clean text, refusing hostile files.

Everything here is synchronous and CPU-bound: call it from a worker thread.
"""

from __future__ import annotations

from collections.abc import Callable

from . import limits
from .detection import Kind, detect_kind
from .errors import ExtractionError, FileTooLarge, UnreadableFile, UnsupportedFileType
from .limits import MAX_UPLOAD_BYTES
from .normalise import normalise_text
from .pdf import pdf_text
from .plaintext import decode_text
from .word import word_text

__all__ = [
    "MAX_UPLOAD_BYTES",
    "ExtractionError",
    "FileTooLarge",
    "Kind",
    "UnreadableFile",
    "UnsupportedFileType",
    "detect_kind",
    "extract_text",
    "normalise_text",
]

NO_TEXT = "no extractable text"


def extract_text(
    data: bytes, filename: str | None = None, *, max_bytes: int = MAX_UPLOAD_BYTES
) -> str:
    """Normalised text of the upload; every failure is an ExtractionError with a safe reason."""
    if len(data) > max_bytes:
        raise FileTooLarge(f"the file is larger than the {_size(max_bytes)} limit")
    try:
        kind = detect_kind(data, filename)
        text = normalise_text(_EXTRACTORS[kind](data))[: limits.MAX_TEXT_CHARS].rstrip()
    except ExtractionError:
        raise
    except Exception as exc:  # the last net: no parser surprise reaches the caller bare
        raise UnreadableFile from exc
    if not text:
        raise UnreadableFile(NO_TEXT)
    return text


def _size(byte_count: int) -> str:
    if byte_count >= limits.MIB:
        return f"{byte_count / limits.MIB:g} MiB"
    return f"{byte_count} bytes"


def _plain_text(data: bytes) -> str:
    text = decode_text(data)
    if text is None:  # detect_kind already checked; kept so the types stay honest
        raise UnsupportedFileType
    return text


_EXTRACTORS: dict[Kind, Callable[[bytes], str]] = {
    "pdf": pdf_text,
    "docx": word_text,
    "text": _plain_text,
}
