"""One scan of a text for every phrase the analyser knows: skills, profile terms, job titles."""

from __future__ import annotations

import functools
from itertools import chain

from app.ai.categories import ProfileTerm, TitleTerm, category_entries
from app.ai.skills import SkillTerm, collect_skills, skill_entries
from app.ai.text import PhraseMatcher

Term = SkillTerm | ProfileTerm | TitleTerm


@functools.cache
def vocabulary() -> PhraseMatcher[Term]:
    """Built once; each kind of term is its own layer so none hides another."""
    entries = chain(skill_entries(), category_entries())
    return PhraseMatcher[Term](entries, layer_of=type)


def scan(text: str) -> list[tuple[int, Term]]:
    """(offset, term) for every known phrase in the text, in reading order."""
    return vocabulary().find(text)


def technologies_in(text: str) -> list[str]:
    """Technical skills a passage mentions, first mention first."""
    return collect_skills(term for _, term in scan(text)).technical
