"""Zip-bomb defence: vet an archive before any library is allowed to unpack it."""

from __future__ import annotations

import io
import struct
import zipfile

from . import limits
from .errors import UnreadableFile

ZIP_MAGIC = b"PK\x03\x04"
WORD_REQUIRED_PARTS = frozenset({"[Content_Types].xml", "word/document.xml"})

_END_OF_CENTRAL_DIRECTORY = b"PK\x05\x06"
_END_RECORD_SIZE = 22
_MAX_COMMENT_SIZE = 0xFFFF
# Generous for a name plus extra fields; only bounds what zipfile loads before we can count.
_MAX_DIRECTORY_BYTES_PER_ENTRY = 1024
_ENCRYPTED_FLAG = 0x1

CORRUPT = "corrupt or truncated Word document"
TOO_BIG_UNPACKED = "the Word document unpacks to an unreasonable size"
TOO_MANY_PARTS = "the Word document has an unreasonable number of parts"


def open_zip(data: bytes) -> zipfile.ZipFile:
    """Open an archive whose central directory is small enough to load at all."""
    if _central_directory_is_oversized(data):
        raise UnreadableFile(TOO_MANY_PARTS)
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except Exception as exc:  # BadZipFile, but also struct/OS/value errors on crafted headers
        raise UnreadableFile(CORRUPT) from exc


def is_word_document(archive: zipfile.ZipFile) -> bool:
    """Whether the archive has the parts every .docx has (xlsx, odt and plain zips do not)."""
    return WORD_REQUIRED_PARTS.issubset(archive.namelist())


def vet_archive(archive: zipfile.ZipFile) -> None:
    """Refuse archives whose declared or actual unpacked contents would exhaust memory."""
    try:
        _vet_declared_sizes(archive.infolist())
        _vet_inflated_contents(archive)
    except UnreadableFile:
        raise
    except Exception as exc:  # CRC mismatch, unknown compression method, bad deflate data...
        raise UnreadableFile(CORRUPT) from exc


def _central_directory_is_oversized(data: bytes) -> bool:
    # zipfile builds an object per central-directory entry, sized by the directory's byte length
    # (not its entry count), so both are read from the end record first. ZIP64 markers (0xFFFF,
    # 0xFFFFFFFF) are taken at face value: far beyond any document.
    search_from = max(0, len(data) - _END_RECORD_SIZE - _MAX_COMMENT_SIZE)
    position = data.rfind(_END_OF_CENTRAL_DIRECTORY, search_from)
    if position < 0 or position + _END_RECORD_SIZE > len(data):
        return False  # no end record: zipfile refuses it as corrupt
    entries, directory_bytes = struct.unpack_from("<HI", data, position + 10)
    return bool(
        entries > limits.MAX_ZIP_ENTRIES
        or directory_bytes > limits.MAX_ZIP_ENTRIES * _MAX_DIRECTORY_BYTES_PER_ENTRY
    )


def _vet_declared_sizes(entries: list[zipfile.ZipInfo]) -> None:
    if len(entries) > limits.MAX_ZIP_ENTRIES:
        raise UnreadableFile(TOO_MANY_PARTS)
    if sum(entry.file_size for entry in entries) > limits.MAX_ZIP_UNPACKED_BYTES:
        raise UnreadableFile(TOO_BIG_UNPACKED)
    for entry in entries:
        if entry.flag_bits & _ENCRYPTED_FLAG:
            raise UnreadableFile("encrypted Word document")
        if entry.file_size > limits.ZIP_RATIO_MIN_BYTES and (
            entry.file_size > limits.MAX_ZIP_RATIO * max(entry.compress_size, 1)
        ):
            raise UnreadableFile(TOO_BIG_UNPACKED)


def _vet_inflated_contents(archive: zipfile.ZipFile) -> None:
    # Headers can lie, so every part is inflated in chunks under hard caps before python-docx
    # reads it; this also proves each part's CRC. '<' bounds the elements lxml would build.
    total_bytes = 0
    total_tags = 0
    for entry in archive.infolist():
        part_bytes = 0
        with archive.open(entry) as part:
            while chunk := part.read(limits.ZIP_READ_CHUNK_BYTES):
                part_bytes += len(chunk)
                total_bytes += len(chunk)
                total_tags += chunk.count(b"<")
                if part_bytes > limits.MAX_ZIP_PART_BYTES:
                    raise UnreadableFile(TOO_BIG_UNPACKED)
                if total_bytes > limits.MAX_ZIP_UNPACKED_BYTES:
                    raise UnreadableFile(TOO_BIG_UNPACKED)
                if total_tags > limits.MAX_MARKUP_TAGS:
                    raise UnreadableFile("the Word document is too complex to read")
