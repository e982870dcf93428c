"""Reading a ZIP of resumes without trusting it: bounded entries, sizes and paths (bytes only)."""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePosixPath

from app.resumes.extraction import MAX_UPLOAD_BYTES, FileTooLarge, UnreadableFile
from app.resumes.extraction.zipguard import directory_is_oversized
from tables.resumes import BULK_ENTRY_LENGTH

MAX_ZIP_BYTES = 50 * 1024 * 1024
MAX_ENTRIES = 500
# The end record counts every entry, folders and hidden files too; a Mac adds a "__MACOSX/._"
# twin of each file and an entry per folder. So it may list this many before zipfile is asked to
# parse the directory (a few milliseconds' work); the exact file count is checked after.
MAX_LISTED_ENTRIES = 4 * MAX_ENTRIES
# What the entries may claim to unpack to, all together; a bomb claims far more.
MAX_DECLARED_TOTAL = 1024 * 1024 * 1024
ARCHIVE_SUFFIXES = (".zip", ".rar", ".7z", ".tar", ".gz", ".tgz", ".bz2", ".xz", ".jar")


def open_archive(data: bytes) -> tuple[zipfile.ZipFile, list[zipfile.ZipInfo]]:
    """The archive and the entries worth considering (no folders, no hidden files)."""
    if directory_is_oversized(data, MAX_LISTED_ENTRIES):
        raise UnreadableFile(
            f"the archive lists more than {MAX_LISTED_ENTRIES} entries "
            f"(at most {MAX_ENTRIES} files are accepted)"
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise UnreadableFile("not a readable ZIP archive") from exc
    entries = [info for info in infos if not info.is_dir() and not _hidden(info.filename)]
    if len(entries) > MAX_ENTRIES:
        raise UnreadableFile(f"more than {MAX_ENTRIES} files in the archive")
    if sum(info.file_size for info in entries) > MAX_DECLARED_TOTAL:
        raise UnreadableFile("the archive unpacks to more than 1 GiB")
    if len({entry_key(info) for info in entries}) < len(entries):
        # Each entry is recorded under its name, exactly once.
        raise UnreadableFile("two entries of the archive have the same name")
    return archive, entries


def entry_key(info: zipfile.ZipInfo) -> str:
    """The entry's name as its resume and its error record it: the path in the archive."""
    return info.filename[:BULK_ENTRY_LENGTH]


def _hidden(name: str) -> bool:
    parts = PurePosixPath(name.replace("\\", "/")).parts
    return any(part.startswith(".") and part not in {".", ".."} for part in parts) or any(
        part == "__MACOSX" for part in parts
    )


def refusal(info: zipfile.ZipInfo) -> str | None:
    """Why an entry is skipped before reading it, or None when it may be read."""
    name = info.filename.replace("\\", "/")
    parts = PurePosixPath(name).parts
    if name.startswith("/") or ".." in parts or (len(name) > 1 and name[1] == ":"):
        return "unsafe path"
    if name.lower().endswith(ARCHIVE_SUFFIXES):
        return "nested archives are not unpacked"
    if info.flag_bits & 0x1:
        return "encrypted entry"
    if info.file_size > MAX_UPLOAD_BYTES:
        return "larger than 5 MiB"
    return None


def read_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """The entry's bytes, never more than one upload's limit, whatever its header says."""
    try:
        with archive.open(info) as stream:
            data = stream.read(MAX_UPLOAD_BYTES + 1)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise UnreadableFile("corrupt archive entry") from exc
    if len(data) > MAX_UPLOAD_BYTES:
        raise FileTooLarge("larger than 5 MiB")
    if data.startswith(b"PK\x03\x04") and not info.filename.lower().endswith(".docx"):
        raise UnreadableFile("nested archives are not unpacked")
    return data


def display_name(name: str) -> str:
    """The entry's name as shown in errors and as the resume's name: no folders, bounded."""
    return PurePosixPath(name.replace("\\", "/")).name[:200] or "unnamed"
