"""The technical skill vocabulary (the analyser's, app/ai/skills.py): listed for clients, and
used to read skill names and query words the way the analyser writes them."""

from __future__ import annotations

import functools
import re

from app.ai.skills import skill_vocabulary
from app.ai.text import fold
from app.skills.schemas import SkillOut

# A quoted phrase or a word of a web-search query.
_QUERY_TOKEN = re.compile(r'"[^"]*"?|\S+')


@functools.cache
def _technical() -> tuple[SkillOut, ...]:
    entries = (entry for entry in skill_vocabulary() if not entry.soft)
    return tuple(SkillOut(name=e.name, aliases=list(e.aliases)) for e in entries)


@functools.cache
def _by_spelling() -> dict[str, SkillOut]:
    """Every spelling (name or alias, folded) to its skill."""
    spellings: dict[str, SkillOut] = {}
    for skill in _technical():
        for spelling in (skill.name, *skill.aliases):
            spellings.setdefault(fold(spelling), skill)
    return spellings


def search(q: str | None, limit: int) -> list[SkillOut]:
    """Skills whose name or an alias contains `q` (any case): exact ones first, then those
    starting with it, then the rest, each group by name."""
    if not q:
        return sorted(_technical(), key=lambda s: s.name.lower())[:limit]
    wanted = fold(q)
    ranked: list[tuple[int, str, SkillOut]] = []
    for skill in _technical():
        spellings = [fold(spelling) for spelling in (skill.name, *skill.aliases)]
        if any(wanted == spelling for spelling in spellings):
            ranked.append((0, skill.name.lower(), skill))
        elif any(spelling.startswith(wanted) for spelling in spellings):
            ranked.append((1, skill.name.lower(), skill))
        elif any(wanted in spelling for spelling in spellings):
            ranked.append((2, skill.name.lower(), skill))
    ranked.sort(key=lambda item: item[:2])
    return [skill for _, _, skill in ranked[:limit]]


def canonical(name: str) -> str:
    """The vocabulary's name for a spelling of a skill ("postgres" -> "PostgreSQL"); an
    unknown skill as given."""
    skill = _by_spelling().get(fold(name.strip()))
    return skill.name if skill else name.strip()


def expand_query(q: str) -> tuple[str, list[tuple[str, ...]]]:
    """A web-search query split into what stays as written and, for each plain word that is a
    known skill, every spelling of it (each group must match; any spelling in it will).

    Quoted phrases, negated words and queries with OR are left as written: swapping a word
    out of them would change their meaning.
    """
    tokens = _QUERY_TOKEN.findall(q)
    if any(token.lower() == "or" for token in tokens):
        return q, []
    kept: list[str] = []
    groups: list[tuple[str, ...]] = []
    for token in tokens:
        skill = None if token[0] in '"-' else _by_spelling().get(fold(token))
        if skill is None:
            kept.append(token)
        elif (spellings := (skill.name, *skill.aliases)) not in groups:
            groups.append(spellings)
    return " ".join(kept), groups
