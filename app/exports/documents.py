"""A resume as a document: its title, then its own text cut at its headings, rendered as
Markdown or as a Word file (python-docx), one heading per section. Pure: no I/O."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

import docx

from app.ai.schemas import ComprehensiveAnalysis
from app.ai.sections import Section, cut_at_headings, heading_of, repair_glued_headings
from app.ai.text import normalise

# A list item as resumes write them: a bullet sign (or what an extractor made of one).
_BULLET = re.compile(
    r"^\s*(?:[\u2022\u25cf\u25aa\u25a0\u27a2\u2023\u2043\u25e6*\-\u2013]|\ufffd\?\ufffd)\s*"
)
# Characters XML 1.0 cannot hold: a Word file with one of them does not open.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# What would turn plain text into Markdown markup inside a line or at its start.
_INLINE_MARKUP = re.compile(r"([\\`*_\[\]<>|])")
_LINE_START_MARKUP = re.compile(r"^(\s*)([#>+=~]|\d+[.)]\s|-\s)")


@dataclass(slots=True)
class Block:
    """A section of the resume: its heading as written (None before the first), its lines;
    `bullets[i]` says whether line i was a list item."""

    heading: str | None
    lines: list[str] = field(default_factory=list)
    bullets: list[bool] = field(default_factory=list)


def resume_blocks(text: str, analysis: ComprehensiveAnalysis | None) -> list[Block]:
    """The text's sections in reading order, blank lines dropped; a Skills section from the
    analysis when the text has none of its own."""
    lines = [
        _NOT_XML.sub("", raw).strip() for raw in repair_glued_headings(normalise(text)).split("\n")
    ]
    blocks: list[Block] = []
    headed: set[Section] = set()
    for section, block_lines in cut_at_headings([line for line in lines if line]):
        body = block_lines
        if not blocks:  # the lines before the first heading
            blocks.append(Block(None))
        else:
            headed.add(section)
            line, body = block_lines[0], block_lines[1:]
            found = heading_of(line)
            rest = found[1] if found else ""
            heading = line[: len(line) - len(rest)] if rest else line
            blocks.append(Block(heading.strip(" :-\u2013") or line))
            if rest:  # "Skills: Python, Django": the heading's own line of content
                blocks[-1].lines.append(rest)
                blocks[-1].bullets.append(False)
        for line in body:
            bullet = _BULLET.match(line)
            content = line[bullet.end() :] if bullet else line
            if content:
                blocks[-1].lines.append(content)
                blocks[-1].bullets.append(bullet is not None)
    skills = analysis.skills.technical if analysis else []
    if skills and Section.SKILLS not in headed:
        blocks.append(Block("Skills", [", ".join(skills)], [False]))
    return [block for block in blocks if block.lines or block.heading]


def _markdown_line(line: str) -> str:
    escaped = _INLINE_MARKUP.sub(r"\\\1", line)
    return _LINE_START_MARKUP.sub(lambda m: m.group(1) + "\\" + m.group(2), escaped)


def to_markdown(title: str, blocks: list[Block]) -> str:
    """A heading per section, list items as a list, every other line a paragraph of its own."""
    out = [f"# {_markdown_line(' '.join(title.split()))}"]
    for block in blocks:
        if block.heading:
            out += ["", f"## {_markdown_line(block.heading)}"]
        previous_bullet = None
        for line, bullet in zip(block.lines, block.bullets, strict=True):
            if not bullet or previous_bullet is not True:
                out.append("")
            out.append(("- " if bullet else "") + _markdown_line(line))
            previous_bullet = bullet
    return "\n".join(out) + "\n"


def to_docx(title: str, blocks: list[Block]) -> bytes:
    """A Word document: the title, a level-1 heading per section, list items as bullets."""
    document = docx.Document()
    document.core_properties.title = _NOT_XML.sub("", title)[:255]
    document.add_heading(_NOT_XML.sub("", title), level=0)
    for block in blocks:
        if block.heading:
            document.add_heading(block.heading, level=1)
        for line, bullet in zip(block.lines, block.bullets, strict=True):
            document.add_paragraph(line, style="List Bullet" if bullet else None)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
