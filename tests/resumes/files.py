"""Real test files, each built by the library that makes such files, never hand-written bytes;
only hostile files no library would write (at the end) are put together by hand."""

from __future__ import annotations

import gzip
import io
import os
import random
import struct
import zipfile
import zlib
from collections.abc import Iterable, Sequence
from pathlib import Path

import docx
from docx.document import Document as WordDocument
from fpdf import FPDF
from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject

DOCUMENT_XML = "word/document.xml"


def text_pdf(*pages: str) -> bytes:
    """A PDF with one page per argument, each holding that text."""
    pdf = FPDF()
    pdf.set_font("Helvetica", size=12)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 8, text)
    return bytes(pdf.output())


def image_only_pdf() -> bytes:
    """A scanned-looking PDF: an embedded PNG and a drawn rectangle, no text at all."""
    pdf = FPDF()
    pdf.add_page()
    pdf.image(Image.new("RGB", (64, 32), "navy"), x=20, y=20, w=80)
    pdf.rect(20, 120, 100, 40, style="F")
    return bytes(pdf.output())


def pdf_with_padded_content(padding: int) -> bytes:
    """A text PDF whose page content stream pypdf re-deflates with `padding` spaces appended."""
    writer = PdfWriter(clone_from=io.BytesIO(text_pdf("Jane Doe")))
    page = writer.pages[0]
    content = DecodedStreamObject()
    content.set_data(page.get_contents().get_data() + b" " * padding)  # type: ignore[union-attr]
    page.replace_contents(content.flate_encode())
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def encrypted_pdf(user_password: str) -> bytes:
    """A text PDF encrypted by pypdf (RC4-128); an empty user password still counts."""
    writer = PdfWriter(clone_from=io.BytesIO(text_pdf("Secret resume")))
    writer.encrypt(user_password=user_password, owner_password="owner-only")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def word_docx(
    paragraphs: Sequence[str] = (),
    table: Sequence[Sequence[str]] = (),
    closing: Sequence[str] = (),
) -> bytes:
    """A .docx made by python-docx: paragraphs, then a table (rows of cells), then more text."""
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for row, values in zip(grid.rows, table, strict=True):
            for cell, value in zip(row.cells, values, strict=True):
                cell.text = value
    for text in closing:
        document.add_paragraph(text)
    return _save(document)


def docx_with_merged_and_nested_table() -> bytes:
    """A layout table: a merged header row and a nested table inside one cell."""
    document = docx.Document()
    grid = document.add_table(rows=2, cols=2)
    header = grid.cell(0, 0).merge(grid.cell(0, 1))
    header.text = "Jane Doe"
    grid.cell(1, 0).text = "Experience"
    inner = grid.cell(1, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "2020"
    inner.cell(0, 1).text = "Acme Corp"
    return _save(document)


def _save(document: WordDocument) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def png_image() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (16, 16), "red").save(out, format="PNG")
    return out.getvalue()


def jpeg_image() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (16, 16), "blue").save(out, format="JPEG")
    return out.getvalue()


def gzip_file() -> bytes:
    return gzip.compress(b"Jane Doe, engineer\n" * 50)


def renamed_exe() -> bytes:
    """A DOS/PE-style 'MZ' header followed by (seeded) random bytes."""
    return b"MZ\x90\x00" + random.Random(1).randbytes(4096)  # noqa: S311 - noise, not a secret


def zip_of(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def resume_archive(count: int) -> bytes:
    """A ZIP of `count` distinct text resumes, cv-0000.txt onwards."""
    return zip_of(
        {
            f"cv-{i:04}.txt": (
                f"Candidate {i}\nSkills\nPython, SQL, Docker\nExperience\nEngineer at Firm {i}\n"
            ).encode()
            for i in range(count)
        }
    )


def xlsx_like_zip() -> bytes:
    return zip_of({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})


def odt_like_zip() -> bytes:
    return zip_of(
        {"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<doc/>"}
    )


def docx_with_extra_parts(extra: dict[str, bytes]) -> bytes:
    """A valid .docx repacked with additional zip members."""
    with zipfile.ZipFile(io.BytesIO(word_docx(["Jane Doe"]))) as source:
        members = {info.filename: source.read(info) for info in source.infolist()}
    return zip_of(members | extra)


def docx_bomb(inflated_bytes: int) -> bytes:
    """A real .docx whose document.xml is padded with `inflated_bytes` of whitespace.

    The padding is streamed into zipfile in 1 MiB chunks, so building it needs little memory.
    It stays under 2 GiB so the sizes sit in the classic 32-bit header fields (see forge_size).
    """
    with zipfile.ZipFile(io.BytesIO(word_docx(["Jane Doe"]))) as source:
        members = [(info, source.read(info)) for info in source.infolist()]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, content in members:
            if info.filename != DOCUMENT_XML:
                archive.writestr(info.filename, content)
                continue
            head, tail = content.split(b"</w:body>")
            with archive.open(DOCUMENT_XML, "w") as part:
                for chunk in _padded(head, inflated_bytes, b"</w:body>" + tail):
                    part.write(chunk)
    return out.getvalue()


def _padded(head: bytes, padding: int, tail: bytes) -> Iterable[bytes]:
    yield head
    chunk = b" " * (1024 * 1024)
    for _ in range(padding // len(chunk)):
        yield chunk
    yield b" " * (padding % len(chunk))
    yield tail


# Field offsets in the zip format's central-directory record and local file header.
_CENTRAL_SIGNATURE = b"PK\x01\x02"
_CENTRAL_FLAGS = 8
_CENTRAL_UNCOMPRESSED_SIZE = 24
_LOCAL_UNCOMPRESSED_SIZE = 22


def forge_size(data: bytes, name: str, declared: int) -> bytes:
    """The archive with `name`'s uncompressed size rewritten in both headers: a lying zip."""
    forged = bytearray(data)
    record = _central_record(data, name)
    struct.pack_into("<I", forged, record + _CENTRAL_UNCOMPRESSED_SIZE, declared)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        local_header = archive.getinfo(name).header_offset
    struct.pack_into("<I", forged, local_header + _LOCAL_UNCOMPRESSED_SIZE, declared)
    return bytes(forged)


def mark_encrypted(data: bytes, name: str) -> bytes:
    """The archive with `name` flagged as encrypted in the central directory."""
    forged = bytearray(data)
    record = _central_record(data, name)
    (flags,) = struct.unpack_from("<H", data, record + _CENTRAL_FLAGS)
    struct.pack_into("<H", forged, record + _CENTRAL_FLAGS, flags | 0x1)
    return bytes(forged)


def _central_record(data: bytes, name: str) -> int:
    position = data.find(_CENTRAL_SIGNATURE)
    while position >= 0:
        name_length = struct.unpack_from("<H", data, position + 28)[0]
        if data[position + 46 : position + 46 + name_length] == name.encode():
            return position
        position = data.find(_CENTRAL_SIGNATURE, position + 4)
    raise LookupError(name)


# -- hostile PDFs, written by hand so that their shape is exactly the one under test ------------

_HELVETICA = b"<< /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >>"


def cpu_burning_pdf(pages: int = 100, operators: int = 990_000) -> bytes:
    """A few KB whose pages all share one content stream of `2 * operators` no-op operators
    (`q Q`), just under pypdf's budget of 2 million tokens a stream. pypdf parses the shared
    stream again for every page: about 5 s of CPU a page, minutes for the file."""
    content = b"BT /F1 12 Tf (Jane Doe) Tj ET " + b"q Q " * operators
    return _pdf_with_pages(pages, [_flate_stream(content)])


def memory_hungry_pdf(pages: int = 30, mib: int = 16) -> bytes:
    """Each page has a content stream of its own holding `mib` MiB of spaces (one compressed
    copy repeated, about 16 KB each). pypdf keeps every stream it has decoded, so reading the
    file needs `mib` MiB more memory a page: 480 MiB for the defaults."""
    stream = _flate_stream(b" " * (mib * 1024 * 1024))
    return _pdf_with_pages(pages, [stream] * pages)


def _flate_stream(content: bytes) -> bytes:
    packed = zlib.compress(content, 9)
    return b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(packed), packed)


def _pdf_with_pages(pages: int, streams: list[bytes]) -> bytes:
    """Objects: 1 the catalog, 2 the page tree (font and page size inherited by every page),
    then the content streams, then the pages, page i drawing stream i modulo their number."""
    first_page = 3 + len(streams)
    kids = b" ".join(b"%d 0 R" % (first_page + i) for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d /MediaBox [0 0 612 792] /Resources %s >>"
        % (kids, pages, _HELVETICA),
        *streams,
        *(
            b"<< /Type /Page /Parent 2 0 R /Contents %d 0 R >>" % (3 + i % len(streams))
            for i in range(pages)
        ),
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def extraction_processes() -> list[int]:
    """Live processes forked by this test run's extraction forkserver; none between requests."""
    table = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            state, ppid = stat.read_text().rsplit(")", 1)[1].split()[:2]
            table[int(stat.parent.name)] = (int(ppid), state)
        except (OSError, ValueError, IndexError):  # gone meanwhile
            continue
    forkservers = {
        pid
        for pid, (ppid, _) in table.items()
        if ppid == os.getpid() and b"multiprocessing.forkserver" in _cmdline(pid)
    }
    # A zombie has already died; the forkserver reaps it within milliseconds.
    return [pid for pid, (ppid, state) in table.items() if ppid in forkservers and state != "Z"]


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""
