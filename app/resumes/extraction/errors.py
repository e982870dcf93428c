"""Extraction failures that carry an HTTP status and a reason safe to show the client."""

from __future__ import annotations

from typing import ClassVar


class ExtractionError(Exception):
    """Base of every refusal; `reason` never holds paths, parser messages or stack traces."""

    status_code: ClassVar[int] = 422
    default_reason: ClassVar[str] = "the file could not be read"

    def __init__(self, reason: str | None = None) -> None:
        self.reason = reason or self.default_reason
        super().__init__(self.reason)


class FileTooLarge(ExtractionError):
    """Refused before parsing, so a huge upload costs nothing but its bytes."""

    status_code = 413
    default_reason = "the file is too large"


class UnsupportedFileType(ExtractionError):
    """The content is not a PDF, a Word (.docx) document or plain text."""

    status_code = 415
    default_reason = "unsupported file type: upload a PDF, a Word (.docx) or a plain-text file"


class UnreadableFile(ExtractionError):
    """A supported type that is corrupt, truncated, encrypted, hostile or holds no text."""

    status_code = 422
    default_reason = "the file could not be read"
