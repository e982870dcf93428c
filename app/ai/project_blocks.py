"""Project blocks outside a projects section: "Project Name: X" under a job, in a profile, or
run together with other fields on one line ("... Project Title: X Client: Y Team Size: 5");
also projects a job's text names in passing ("Key projects- A. B.", "Working on X project")."""

from __future__ import annotations

import re

from app.ai.lines import key_value, strip_bullet

# Field captions that start a new line when a resume ran them together. Capitalised only: in
# running prose "role:" or "client:" are rarely captions.
_RUN_TOGETHER = re.compile(
    r"(?<=\S)\s+(?=(?:Project\s+(?:Name|Title|Description)|Team\s+Size|Client|Duration|Role"
    r"|Environment|Technolog(?:y|ies)(?:\s+Used)?|Tools\s+Used|Description|Brief)\s*:)"
)
# "... our data. T.E. project Sorting Robot. Team Size: 3": a project caption after a sentence
# opens a line of its own (see _ACADEMIC).
_RUN_TOGETHER_PROJECT = re.compile(
    r"(?:(?<=[a-z0-9)]\.)|(?<=:))\s+(?=(?:[A-Z][A-Za-z.]*\s+){1,2}?[Pp]roject\s+[A-Z0-9])"
)
# "B.E. Project FPGA Router", "M.Sc. project X", "Final Year Project Smart Parking": a project
# named without a separator after a degree's or a course's qualifier.
_ACADEMIC = re.compile(
    r"^(?:[A-Z]\.\s?[A-Za-z]{1,4}\.?|[BM]\.?\s?Tech|Diploma|Degree|Final\s+Year|(?:Third|Second)"
    r"\s+Year|Mini|Major|Minor|Academic|College|Capstone|Graduation|Post\s+Graduation)"
    r"\s+project\s+(?P<name>[A-Z0-9].*?)\.?$",
    re.IGNORECASE,
)
# "Key projects- Firewall lockdown. Code upgrade.": several projects on one captioned line,
# one a sentence.
_LISTING = re.compile(
    r"^(?:[A-Za-z]+\s+){1,2}?projects\s*(?::-|:|-|\u2013)\s*(?P<items>\S.*)$", re.IGNORECASE
)
_ITEM_END = re.compile(r"(?<=[a-z0-9)])[.;]\s+(?=[A-Z])|[.;]\s*$")
_MAX_ITEM_WORDS = 12
# "Working on Centralized Billing project which ...": a capitalised name before "project".
_WORKING_ON = re.compile(
    r"\b(?i:work(?:ing|ed)?\s+on\s+(?:(?:an?|the)\s+)?)"
    r"(?P<name>[A-Z][\w&+.-]*(?:\s+[A-Z][\w&+.-]*){1,4})\s+(?i:project)\b"
)
# A job field naming no employer but the project: "company - Current Project".
_PROJECT_AS_COMPANY = re.compile(
    r"^(?:(?:current|previous|recent|last|ongoing|present)\s+)?project(?:\s*\d{1,2})?$", re.I
)
_DESCRIPTION_KEY = frozenset({"description"})
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
            split = [
                piece
                for line in lines[start:]
                for part in _RUN_TOGETHER.split(line)
                for piece in (
                    _RUN_TOGETHER_PROJECT.split(part) if "roject " in part[1:] else (part,)
                )
            ]
            return lines[:start] + split
    return lines


def _opener(lines: list[str], index: int) -> str | None:
    """The project name when the line at index opens a project block, else None."""
    line = lines[index]
    lowered = line[:80].lower()  # a cheap test first: most lines name no project
    if "project" not in lowered and "title" not in lowered:
        return None
    text = strip_bullet(line)
    match = _OPENER.match(text) or _ACADEMIC.match(text)
    if match is not None:
        return match.group("name")
    title = _TITLE.match(text)
    if title is None:
        return None
    following = lines[index + 1 : index + 1 + _CONFIRM_WITHIN]
    confirmed = any(key_value(line, _CONFIRMING_KEYS) is not None for line in following)
    return title.group("name") if confirmed else None


def _mentioned(line: str) -> list[str]:
    """The projects a job's line names in passing: "Key projects- A. B.", "Working on X project"."""
    if "roject" not in line and "ROJECT" not in line:
        return []  # a cheap test first: most lines name no project
    text = strip_bullet(line)
    listing = _LISTING.match(text)
    if listing is not None:
        items = [item.strip() for item in _ITEM_END.split(listing.group("items"))]
        return [item for item in items if 0 < len(item.split()) <= _MAX_ITEM_WORDS]
    return [match.group("name") for match in _WORKING_ON.finditer(text)]


def _project_as_company(lines: list[str], index: int) -> str | None:
    """The project a "company - Current Project" field opens: the next description names it.

    None when the line is no such field; "" when the description names nothing ("Duration: ...").
    """
    if "project" not in lines[index][:80].lower():
        return None  # a cheap test first, as in _opener
    pair = key_value(strip_bullet(lines[index]), _ENDING_KEYS)
    if pair is None or not _PROJECT_AS_COMPANY.match(pair[1]):
        return None
    following = lines[index + 1] if index + 1 < len(lines) else ""
    described = key_value(following, _DESCRIPTION_KEY)
    if described is None or ":" in described[1] or len(described[1].split()) > _MAX_ITEM_WORDS:
        return ""
    return described[1]


def project_blocks(lines: list[str]) -> list[str]:
    """The lines of every project block, each opened by a "Project Name: X" line."""
    lines = split_fields(lines)
    found: list[str] = []
    inside = False
    skip = False
    for index, line in enumerate(lines):
        if skip:
            skip = False
            continue
        name = _opener(lines, index)
        if name is not None:
            found.append(f"Project Name: {name}")
            inside = True
        elif (named := _project_as_company(lines, index)) is not None:
            found.append(f"Project Name: {named}")
            inside, skip = True, bool(named)
        elif not inside and (mentioned := _mentioned(line)):
            # Named in passing: the lines that follow are the job's, not the projects' details.
            found.extend(f"Project Name: {item}" for item in mentioned)
        elif not inside and _DESCRIPTION_CAPTION.match(line):
            # A project described but not named: its description's subject may name it.
            found.append("Project Name:")
            inside = True
        elif inside and key_value(strip_bullet(line), _ENDING_KEYS) is not None:
            inside = False
        elif inside:
            found.append(line)
    return found
