"""Word (.docx) uploads: vetted as a zip first, then read with python-docx in document order."""

from __future__ import annotations

import io
from collections.abc import Iterator

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph

from . import limits, zipguard
from .errors import ExtractionError, UnreadableFile


def word_text(data: bytes) -> str:
    """Paragraph and table-cell text, body order, after the archive passed the zip-bomb checks."""
    with zipguard.open_zip(data) as archive:
        zipguard.vet_archive(archive)
    try:
        document = docx.Document(io.BytesIO(data))
        return _join_capped(_block_lines(document.iter_inner_content(), depth=0))
    except ExtractionError:
        raise
    except Exception as exc:  # python-docx and lxml raise many types on malformed packages
        raise UnreadableFile(zipguard.CORRUPT) from exc


def _block_lines(blocks: Iterator[Paragraph | Table], depth: int) -> Iterator[str]:
    for block in blocks:
        if isinstance(block, Paragraph):
            yield block.text
        elif depth < limits.MAX_TABLE_NESTING:
            yield from _table_lines(block, depth)


def _table_lines(table: Table, depth: int) -> Iterator[str]:
    # Cells that span columns or rows come back once per grid position; emit each once. Layout
    # tables often hold a whole resume column, so a cell's paragraphs stay separate lines.
    seen: set[object] = set()
    for row in table.rows:
        for cell in row.cells:
            element = cell._tc  # the <w:tc> element: the only identity python-docx offers
            if element in seen:
                continue
            seen.add(element)
            yield from _block_lines(cell.iter_inner_content(), depth + 1)


def _join_capped(lines: Iterator[str]) -> str:
    kept: list[str] = []
    size = 0
    for line in lines:
        kept.append(line)
        size += len(line) + 1
        if size >= limits.MAX_TEXT_CHARS:
            break
    return "\n".join(kept)
