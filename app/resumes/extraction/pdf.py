"""PDF uploads: text from the first pages, refusing encrypted and cut-off files."""

from __future__ import annotations

import io

from pypdf import Configuration, PdfReader, apply_configuration
from pypdf.errors import LimitReachedError

from . import limits
from .errors import UnreadableFile

PDF_MAGIC = b"%PDF-"
_EOF_MARKER = b"%%EOF"

CORRUPT = "corrupt or truncated PDF"
ENCRYPTED = "encrypted PDF"
TOO_BIG_UNPACKED = "the PDF unpacks to an unreasonable size"

# pypdf's safety limits, tightened for text-only work; no external jbig2dec process, ever.
_PYPDF_LIMITS = Configuration(
    maximum_declared_stream_length=limits.MAX_PDF_STREAM_BYTES,
    array_based_stream_maximum_output_length=limits.MAX_PDF_STREAM_BYTES,
    zlib_maximum_output_length=limits.MAX_PDF_STREAM_BYTES,
    lzw_maximum_output_length=limits.MAX_PDF_STREAM_BYTES,
    run_length_maximum_output_length=limits.MAX_PDF_STREAM_BYTES,
    brotli_maximum_output_length=limits.MAX_PDF_STREAM_BYTES,
    jbig2_maximum_output_length=limits.MAX_PDF_STREAM_BYTES,
    stream_decoding_work_maximum_length=3 * limits.MAX_PDF_STREAM_BYTES,
    jbig2dec_binary=None,
)


class _EncryptedPdf(Exception):
    """Raised from inside pypdf's reader the moment it finds an /Encrypt dictionary."""


class _NoDecryptionReader(PdfReader):
    """A reader that refuses encrypted files instead of trying the empty password on them."""

    def _handle_encryption(self, password: str | bytes | None) -> None:
        # pypdf calls this from __init__ only for encrypted files; `is_encrypted` below still
        # refuses them should a future pypdf stop calling it.
        raise _EncryptedPdf


def pdf_text(data: bytes) -> str:
    """Text of up to MAX_PDF_PAGES pages, page after page, at most MAX_TEXT_CHARS long."""
    if _EOF_MARKER not in data[-limits.PDF_EOF_SEARCH_BYTES :]:
        raise UnreadableFile(CORRUPT)
    try:
        with apply_configuration(_PYPDF_LIMITS):
            reader = _NoDecryptionReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                raise UnreadableFile(ENCRYPTED)
            return _pages_text(reader)
    except _EncryptedPdf as exc:
        raise UnreadableFile(ENCRYPTED) from exc
    except LimitReachedError as exc:
        raise UnreadableFile(TOO_BIG_UNPACKED) from exc
    except UnreadableFile:
        raise
    except Exception as exc:  # pypdf raises anything from PdfReadError to RecursionError
        raise UnreadableFile(CORRUPT) from exc


def _pages_text(reader: PdfReader) -> str:
    pages = reader.pages
    texts: list[str] = []
    size = 0
    for index in range(min(len(pages), limits.MAX_PDF_PAGES)):
        text = pages[index].extract_text() or ""
        texts.append(text)
        size += len(text)
        if size >= limits.MAX_TEXT_CHARS:
            break
    return "\n\n".join(texts)
