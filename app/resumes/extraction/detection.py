"""Decide a file's kind from its bytes, never from the name or MIME type the client sent."""

from __future__ import annotations

from typing import Literal

from . import zipguard
from .errors import UnsupportedFileType
from .pdf import PDF_MAGIC
from .plaintext import decode_text

Kind = Literal["pdf", "docx", "text"]

# Readers accept a PDF header anywhere in the first KiB; we do only when the name agrees.
_PDF_HEADER_WINDOW = 1024
# Refused outright: RTF would otherwise pass as text, and the common binaries are named so the
# rule is obvious (most would fail the text test anyway).
_REFUSED_SIGNATURES = (
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff",  # JPEG
    b"GIF87a",
    b"GIF89a",
    b"\x7fELF",
    b"\x1f\x8b",  # gzip
    b"7z\xbc\xaf\x27\x1c",
    b"Rar!\x1a\x07",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",  # OLE2: legacy .doc, .xls
    b"PK\x05\x06",  # empty zip
    b"{\\rtf",
)


def detect_kind(data: bytes, filename: str | None = None) -> Kind:
    """The kind of document the bytes hold; `filename` can only widen the PDF header search.

    Raises UnsupportedFileType for anything else, and UnreadableFile for a zip too corrupt or
    too large to tell whether it is a Word document.
    """
    if data.startswith(PDF_MAGIC) or (
        _named_pdf(filename) and PDF_MAGIC in data[:_PDF_HEADER_WINDOW]
    ):
        return "pdf"
    if data.startswith(zipguard.ZIP_MAGIC):
        with zipguard.open_zip(data) as archive:
            if zipguard.is_word_document(archive):
                return "docx"
        raise UnsupportedFileType
    if data.startswith(_REFUSED_SIGNATURES) or decode_text(data) is None:
        raise UnsupportedFileType
    return "text"


def _named_pdf(filename: str | None) -> bool:
    return filename is not None and filename.lower().endswith(".pdf")
