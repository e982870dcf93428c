"""Extraction refusals: application errors whose status and reason the client may see."""

from __future__ import annotations

from typing import ClassVar

from app.core.errors import AppError


class ExtractionError(AppError):
    """Base of every refusal; `reason` (the title) never holds paths, parser messages or traces."""

    status = 422
    default_reason: ClassVar[str] = "the file could not be read"

    def __init__(self, reason: str | None = None) -> None:
        self.reason = reason or self.default_reason
        super().__init__(self.reason)


class FileTooLarge(ExtractionError):
    """Refused before parsing, so a huge upload costs nothing but its bytes."""

    status = 413
    default_reason = "the file is too large"


class UnsupportedFileType(ExtractionError):
    """The content is not a PDF, a Word (.docx) document or plain text."""

    status = 415
    default_reason = "unsupported file type: upload a PDF, a Word (.docx) or a plain-text file"


class UnreadableFile(ExtractionError):
    """A supported type that is corrupt, truncated, encrypted, hostile or holds no text."""

    status = 422
    default_reason = "the file could not be read"
