"""Project entries: name, description and technologies from a projects section."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from app.ai.dates import remove_dates
from app.ai.lines import clip, clip_long, is_bullet, is_short_line, key_value, strip_bullet
from app.ai.schemas import MAX_ENTRIES, MAX_ITEMS, Project
from app.ai.text import fold

_NAME_KEYS = frozenset(
    {
        "project",
        "project name",
        "project title",
        "title",
        "name",
        "name of project",
        "name of the project",
        "project topic",
        "topic",
    }
)
_TECH_KEYS = frozenset(
    {
        "technologies",
        "technology",
        "technologies used",
        "technology used",
        "environment",
        "tools",
        "tools used",
        "tech stack",
        "platform",
        "software",
        "languages",
        "skills used",
        "tools and technologies",
        "front end",
        "back end",
        "database",
        "database used",
        "language of implementation",
        "languages used",
    }
)
_DESCRIPTION_KEYS = frozenset(
    {
        "description",
        "project description",
        "details",
        "summary",
        "abstract",
        "objective",
        "synopsis",
        "about",
        "about project",
        "brief",
    }
)
_OTHER_KEYS = frozenset(
    {
        "role",
        "team size",
        "duration",
        "client",
        "responsibilities",
        "roles and responsibilities",
        "responsibility",
        "organization",
        "organisation",
        "company",
        "period",
        "location",
        "project type",
        "type",
        "position",
        "domain",
        "major contribution",
        "contribution",
        "operating system",
    }
)
_KEYS = _NAME_KEYS | _TECH_KEYS | _DESCRIPTION_KEYS | _OTHER_KEYS
# "Project 2: X", "Project #2 - X", "Project-II: X".
_NUMBERED = re.compile(
    r"^project\s*[-#]?\s*(?:no\.?|number)?\s*(?:\d{1,2}|(?-i:[IVX]{1,4}))\s*[:.)-]?(?:\s+|$)(.*)$",
    re.IGNORECASE,
)
# What a name may start with but is no part of it: "Project", "Project Name", "1.".
_NAME_LEAD = re.compile(
    r"^(?:project\b[\s:.-]*)?(?:(?:name|title|topic)\b[\s:.-]*)?(?:\d{1,2}[.)]\s*)?", re.I
)
_NAME_KEY_LEAD = re.compile(r"^(?:project\b[\s:.-]*)?(?:(?:name|title|topic)\b[\s:.-]*)?", re.I)
# Items numbered inside one name: "1.Web Attendance 2.Vehicle Tracking".
_ENUMERATION = re.compile(r"(?:^|\s+)\d{1,2}[.)]\s*(?=[A-Za-z])")
_MAX_NAME_WORDS = 10
# "Stack: Python, Redis" under a project is one of its details, not the next project's title.
_CAPTIONED = re.compile(r"^[A-Za-z][A-Za-z /&]{1,30}:\s")
# "BT Group plc (trading as BT) is a British ...": a capitalised name, then "is a".
_SUBJECT = re.compile(
    r"^(?!(?:This|That|It|These|He|She|I|We)\b)"
    r"([A-Z][\w&.'-]*(?:\s+(?:[A-Z][\w&.'-]*|plc|ltd|inc|llc|pvt)){0,5}?)"
    r"\s+(?:\([^)]{0,80}\)\s+)?(?:is|was)\s+(?:an?|the)\s"
)
# A numbered line ("1. Inventory System") is a title, unlike a symbol bullet.
_NUMBER_MARK = re.compile(r"^\s*\d{1,2}[.)]\s")
# "TalentSync - A resume analyser built with ...", "Kube Watch: an operator that ...": a short
# capitalised name, a separator, then a description of at least three words.
_ONE_LINER = re.compile(
    r"^(?P<name>[A-Z0-9][\w.&+'/-]*(?:\s+[\w.&+'/()-]+){0,5}?)\s*(?:\s[-\u2013\u2014|]|:)\s+"
    r"(?P<rest>\S+(?:\s+\S+){2,}.*)$"
)
_EMPTY_BRACKETS = re.compile(r"\(\s*[-,]?\s*\)|\[\s*\]")


@dataclass(slots=True)
class _Draft:
    name: str = ""
    description: list[str] = field(default_factory=list)
    technology_text: list[str] = field(default_factory=list)
    mode: str = "description"
    # Opened by a "Name - description" line: the next such line is a sibling, not a detail,
    # when it is listed alike (both bullets or neither).
    one_liner: bool = False
    bullet: bool = False

    def body(self) -> str:
        return " ".join(self.description)


def _name(text: str) -> str:
    """A project name without a leading "Project" word or its dates: "Project Atlas" is "Atlas"."""
    text = _EMPTY_BRACKETS.sub("", remove_dates(_NAME_LEAD.sub("", text.strip(), count=1)))
    return " ".join(text.split()).strip(" :-,(")


def _one_liner(text: str, named: bool = False) -> tuple[str, str] | None:
    """(name, description) of a "Name - what it is" line, else None.

    named: the text follows a name key, so it is a name whatever its case ("lenM - a portal").
    """
    match = _ONE_LINER.match(text[:1].upper() + text[1:] if named else text)
    if match is None or match.group("name").endswith("."):
        return None
    rest = match.group("rest")
    if 2 * rest.count(",") >= len(rest.split()) - 1:
        return None  # "Stack: Python, Django, Redis" lists details; it describes nothing
    return match.group("name"), match.group("rest")


def _named(raw: str) -> list[tuple[str, str]]:
    """(name, description) of each project a name key's value holds; at least one."""
    listed = _ENUMERATION.split(_NAME_KEY_LEAD.sub("", raw.strip(), count=1))
    if len(listed) > 2:
        # "Android 1.Time Attendance 2.Vehicle Tracking": one project per item, the words
        # before the first number qualifying it.
        items = [f"{listed[0]} {listed[1]}", *listed[2:]]
        return [(_name(item), "") for item in items if item.strip()] or [("", "")]
    name = _name(raw)
    # "Project: AkzoNobel - a paints company" names the project, then describes it;
    # so does "Data Deduplication. It stores one copy of ..." when it runs on.
    split = _one_liner(name, named=True)
    if split is not None:
        return [(_name(name[: len(split[0])]), split[1])]
    if len(name.split()) > _MAX_NAME_WORDS and ". " in name:
        head, rest = name.split(". ", 1)
        return [(head, rest)]
    return [(name, "")]


class _Builder:
    """Accumulates drafts; each method applies one kind of line."""

    def __init__(self) -> None:
        self.drafts: list[_Draft] = []

    def start(self, name: str = "") -> _Draft:
        for project_name, description in _named(name):
            self.drafts.append(_Draft(project_name, [description] if description else []))
        return self.drafts[-1]

    def current(self) -> _Draft:
        return self.drafts[-1] if self.drafts else self.start()

    def pair(self, key: str, value: str) -> None:
        if key in _NAME_KEYS:
            last = self.drafts[-1] if self.drafts else None
            if last is None or last.name or last.description:
                self.start(value)
            else:
                last.name = _name(value)
            return
        draft = self.current()
        if key in _TECH_KEYS:
            draft.mode = "technology"
        elif key in _DESCRIPTION_KEYS:
            draft.mode = "description"
        else:
            draft.mode = "other"
        if value and draft.mode == "technology":
            draft.technology_text.append(value)
        elif value and draft.mode == "description":
            draft.description.append(value)

    def one_liner(self, name: str, description: str, bullet: bool) -> bool:
        """Open a project from a "Name - description" line; False when it is a detail instead."""
        last = self.drafts[-1] if self.drafts else None
        if last is None or (last.one_liner and last.bullet == bullet):
            opens = True
        elif bullet or last.mode == "technology":
            opens = False  # "- Backend: Django" under a titled project describes that project
        else:
            opens = bool(last.name and last.description)
        if opens:
            draft = self.start(name)
            draft.one_liner, draft.bullet = True, bullet
            draft.description.append(description)
        return opens

    def line(self, text: str, is_title: bool, keyed: bool = False) -> None:
        last = self.drafts[-1] if self.drafts else None
        if is_title and not keyed and (last is None or (last.name and last.description)):
            self.start(text)
            return
        draft = self.current()
        if is_title and not draft.name and not draft.description:
            draft.name = _name(text)
        elif draft.mode == "technology":
            draft.technology_text.append(text)
        else:
            draft.description.append(text)


def _opens_by_key(text: str) -> bool:
    if _NUMBERED.match(text):
        return True
    pair = key_value(text, _KEYS)
    return pair is not None and pair[0] in _NAME_KEYS


def parse_projects(lines: list[str]) -> list[_Draft]:
    """Group lines into projects; a numbered marker, a name key or a title line opens one.

    Where projects are named by keys ("Project Name: X"), only keys open projects: the short
    lines between them are their details ("Responsibilities", "Developed the login module").
    """
    builder = _Builder()
    texts = [strip_bullet(raw) for raw in lines]
    keyed = any(_opens_by_key(text) for text in texts if text)
    for raw, text in zip(lines, texts, strict=True):
        if not text:
            continue
        numbered = _NUMBERED.match(text)
        pair = None if numbered else key_value(text, _KEYS)
        if numbered:
            builder.start(numbered.group(1))
        elif pair is not None:
            builder.pair(*pair)
        elif (
            not keyed
            and (split := _one_liner(text))
            and builder.one_liner(*split, bullet=is_bullet(raw))
        ):
            pass
        else:
            marked = is_bullet(raw) and not _NUMBER_MARK.match(raw)
            is_title = (
                not marked
                and is_short_line(text, 12)
                and text[:1].isupper()
                and not _CAPTIONED.match(text)
            )
            builder.line(text, is_title, keyed)
    if keyed:  # lines before the first key introduce the projects; they are not one
        for draft in builder.drafts:
            draft.name = draft.name or _subject(draft.body())
        return [draft for draft in builder.drafts if draft.name]
    return builder.drafts


def _subject(description: str) -> str:
    """The name a description opens with: "AT&T Inc. is an American ..." gives "AT&T Inc."."""
    match = _SUBJECT.match(description)
    return match.group(1) if match else ""


def extract_projects(
    lines: list[str],
    technologies_in: Callable[[str], list[str]],
    embedded: Sequence[str] = (),
) -> list[Project]:
    """Projects with a name or a description; technologies are the skills they mention.

    embedded holds project blocks found outside the projects section (see project_blocks).
    A project named twice (resumes repeat themselves) is kept once, at its first mention.
    """
    projects: list[Project] = []
    seen: set[str] = set()
    for draft in parse_projects(lines) + parse_projects(list(embedded)):
        description = draft.body()
        if not (draft.name or description):
            continue
        key = fold(draft.name)
        if key and key in seen:
            continue
        seen.add(key)
        technologies = technologies_in(" , ".join(draft.technology_text))
        if not technologies:
            technologies = technologies_in(f"{draft.name}\n{description}")
        projects.append(
            Project(
                name=clip(draft.name or description.split(".")[0]),
                description=clip_long(description),
                technologies=[clip(t) for t in technologies[:MAX_ITEMS]],
            )
        )
        if len(projects) >= MAX_ENTRIES:
            break
    return projects
