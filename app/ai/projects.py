"""Project entries: name, description and technologies from a projects section."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from app.ai.lines import clip, clip_long, is_bullet, is_short_line, key_value, strip_bullet
from app.ai.schemas import MAX_ENTRIES, MAX_ITEMS, Project

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
    }
)
_KEYS = _NAME_KEYS | _TECH_KEYS | _DESCRIPTION_KEYS | _OTHER_KEYS
_NUMBERED = re.compile(r"^project\s*(?:#|no\.?|number)?\s*\d{1,2}\s*[:.)-]?\s*(.*)$", re.I)
_PROJECT_WORD = re.compile(r"^project\s+(?=\S)", re.IGNORECASE)


@dataclass(slots=True)
class _Draft:
    name: str = ""
    description: list[str] = field(default_factory=list)
    technology_text: list[str] = field(default_factory=list)
    mode: str = "description"

    def body(self) -> str:
        return " ".join(self.description)


def _name(text: str) -> str:
    """A project name without a leading "Project" word: "Project Atlas" is "Atlas"."""
    return _PROJECT_WORD.sub("", text).strip(" :-")


class _Builder:
    """Accumulates drafts; each method applies one kind of line."""

    def __init__(self) -> None:
        self.drafts: list[_Draft] = []

    def start(self, name: str = "") -> _Draft:
        self.drafts.append(_Draft(name=_name(name)))
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

    def line(self, text: str, is_title: bool) -> None:
        last = self.drafts[-1] if self.drafts else None
        if is_title and (last is None or (last.name and last.description)):
            self.start(text)
            return
        draft = self.current()
        if is_title and not draft.name and not draft.description:
            draft.name = _name(text)
        elif draft.mode == "technology":
            draft.technology_text.append(text)
        else:
            draft.description.append(text)


def parse_projects(lines: list[str]) -> list[_Draft]:
    """Group lines into projects; a numbered marker, a name key or a title line opens one."""
    builder = _Builder()
    for raw in lines:
        text = strip_bullet(raw)
        if not text:
            continue
        numbered = _NUMBERED.match(text)
        pair = None if numbered else key_value(text, _KEYS)
        if numbered:
            builder.start(numbered.group(1))
        elif pair is not None:
            builder.pair(*pair)
        else:
            is_title = not is_bullet(raw) and is_short_line(text, 12) and text[:1].isupper()
            builder.line(text, is_title)
    return builder.drafts


def extract_projects(
    lines: list[str], technologies_in: Callable[[str], list[str]]
) -> list[Project]:
    """Projects with a name or a description; technologies are the skills they mention."""
    projects: list[Project] = []
    for draft in parse_projects(lines):
        description = draft.body()
        if not (draft.name or description):
            continue
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
