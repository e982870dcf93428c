"""Project blocks outside a projects section: "Project Name: X" under a job, in a profile, or
run together with other fields on one line ("... Project Title: X Client: Y Team Size: 5")."""

from __future__ import annotations

import re

from app.ai.lines import key_value, strip_bullet

# Field captions that start a new line when a resume ran them together. Capitalised only: in
# running prose "role:" or "client:" are rarely captions.
_RUN_TOGETHER = re.compile(
    r"(?<=\S)\s+(?=(?:Project\s+(?:Name|Title|Description)|Team\s+Size|Client|Duration|Role"
    r"|Environment|Technolog(?:y|ies)(?:\s+Used)?|Tools\s+Used|Description|Brief)\s*:)"
)
# A line naming a project by a caption: "Project Name: X", "1. Project Title - X",
# "Current Project: X", "FINAL YEAR PROJECT:" (the name then follows on the next line).
# A leading "description - " is the data set's job field holding the project.
_OPENER = re.compile(
    r"^[#*]*\s*(?:description\s*(?::-|:|-)\s*)?(?:\d{1,2}[.)]\s*)?(?:[A-Za-z.]+\s+){0,2}?"
    r"(?:project\s*(?:name|title|topic|profile|details)|name\s+of\s+(?:the\s+)?project|project)"
    r"(?:\s*[-#]?\s*(?:\d{1,2}|(?-i:[IVX]{1,4}))(?![\w.]))?"  # "Project-II: X", "Project 2 - X"
    r"\s*(?::-|:|-|\u2013|\s{2,})\s*(?P<name>.*)$",
    re.IGNORECASE,
)
# "Title: X" names a job, a course or a project: a project when project fields follow it.
_TITLE = re.compile(r"^(?:description\s*(?::-|:|-)\s*)?title\s*:\s*(?P<name>\S.*)$", re.I)
_DESCRIPTION_CAPTION = re.compile(
    r"^\s*(?:description\s*(?::-|:|-)\s*)?project\s+description\s*:?\s*$", re.I
)
_CONFIRMING_KEYS = frozenset(
    {
        "team size",
        "client",
        "brief",
        "description",
        "project description",
        "environment",
        "technologies",
        "technology",
        "technology used",
        "technologies used",
        "tools used",
        "tech stack",
    }
)
_CONFIRM_WITHIN = 4
# A job field: the block was a project of that job, and what follows is the next job.
_ENDING_KEYS = frozenset(
    {"company", "company name", "employer", "organisation", "organization", "firm"}
)


def split_fields(lines: list[str]) -> list[str]:
    """Run-together fields on lines of their own, from the first line that names a project.

    Most resumes have no project caption outside their projects section: one cheap test then.
    """
    for start, line in enumerate(lines):
        lowered = line.lower()
        if "project" in lowered or "title" in lowered:
            split = [part for line in lines[start:] for part in _RUN_TOGETHER.split(line)]
            return lines[:start] + split
    return lines


def _opener(lines: list[str], index: int) -> str | None:
    """The project name when the line at index opens a project block, else None."""
    line = lines[index]
    lowered = line[:80].lower()  # a cheap test first: most lines name no project
    if "project" not in lowered and "title" not in lowered:
        return None
    text = strip_bullet(line)
    match = _OPENER.match(text)
    if match is not None:
        return match.group("name")
    title = _TITLE.match(text)
    if title is None:
        return None
    following = lines[index + 1 : index + 1 + _CONFIRM_WITHIN]
    confirmed = any(key_value(line, _CONFIRMING_KEYS) is not None for line in following)
    return title.group("name") if confirmed else None


def project_blocks(lines: list[str]) -> list[str]:
    """The lines of every project block, each opened by a "Project Name: X" line."""
    lines = split_fields(lines)
    found: list[str] = []
    inside = False
    for index, line in enumerate(lines):
        name = _opener(lines, index)
        if name is not None:
            found.append(f"Project Name: {name}")
            inside = True
        elif not inside and _DESCRIPTION_CAPTION.match(line):
            # A project described but not named: its description's subject may name it.
            found.append("Project Name:")
            inside = True
        elif inside and key_value(strip_bullet(line), _ENDING_KEYS) is not None:
            inside = False
        elif inside:
            found.append(line)
    return found
