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
_ZIP64_LOCATOR = b"PK\x06\x07"
_ZIP64_LOCATOR_SIZE = 20
_ZIP64_END = b"PK\x06\x06"
_ZIP64_END_SIZE = 56
# Generous for a name plus extra fields; only bounds what zipfile loads before we can count.
_MAX_DIRECTORY_BYTES_PER_ENTRY = 1024
_ENCRYPTED_FLAG = 0x1

CORRUPT = "corrupt or truncated Word document"
TOO_BIG_UNPACKED = "the Word document unpacks to an unreasonable size"
TOO_MANY_PARTS = "the Word document has an unreasonable number of parts"


def open_zip(data: bytes) -> zipfile.ZipFile:
    """Open an archive whose central directory is small enough to load at all."""
    if directory_is_oversized(data, limits.MAX_ZIP_ENTRIES):
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


def directory_is_oversized(data: bytes, max_entries: int) -> bool:
    """Whether the archive's end records declare more than `max_entries` entries, or a central
    directory larger than that many entries need: read before zipfile parses the directory."""
    # zipfile builds an object per central-directory entry, sized by the directory's byte length
    # (not its entry count), so both are read from the end records first. ZIP64 markers (0xFFFF,
    # 0xFFFFFFFF) are taken at face value: far beyond any upload.
    return any(
        entries > max_entries or directory_bytes > max_entries * _MAX_DIRECTORY_BYTES_PER_ENTRY
        for entries, directory_bytes in _declared_directories(data)
    )


def _declared_directories(data: bytes) -> list[tuple[int, int]]:
    """(entries, directory bytes) of the end record zipfile would use, and of the ZIP64 end
    record before it, whose figures zipfile takes instead whatever the classic record says."""
    # Where zipfile looks: a comment-less record at the very end, else the last signature.
    position = len(data) - _END_RECORD_SIZE
    if not (position >= 0 and data.startswith(_END_OF_CENTRAL_DIRECTORY, position)):
        search_from = max(0, len(data) - _END_RECORD_SIZE - _MAX_COMMENT_SIZE)
        position = data.rfind(_END_OF_CENTRAL_DIRECTORY, search_from)
    if position < 0 or position + _END_RECORD_SIZE > len(data):
        return []  # no end record: zipfile refuses it as corrupt
    entries, directory_bytes = struct.unpack_from("<HI", data, position + 10)
    declared = [(entries, directory_bytes)]
    locator = position - _ZIP64_LOCATOR_SIZE
    record = locator - _ZIP64_END_SIZE
    if (
        record >= 0
        and data.startswith(_ZIP64_LOCATOR, locator)
        and data.startswith(_ZIP64_END, record)
    ):
        entries, directory_bytes = struct.unpack_from("<QQ", data, record + 32)
        declared.append((entries, directory_bytes))
    return declared


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
