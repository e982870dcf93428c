"""Skill extraction: lexicon aliases found in a text, reported as canonical names."""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from app.ai.lexicon import TECHNICAL
from app.ai.lexicon_domains import DOMAIN, SOFT
from app.ai.schemas import MAX_SKILLS
from app.ai.text import fold


@dataclass(frozen=True, slots=True)
class SkillTerm:
    """A canonical skill and whether it is a soft skill."""

    name: str
    soft: bool


@dataclass(frozen=True, slots=True)
class FoundSkills:
    """Skills in order of first appearance, and how often each was mentioned."""

    technical: list[str]
    soft: list[str]
    counts: Counter[str]


def alias_specs(canonical: str, aliases: str) -> list[str]:
    """The aliases of one lexicon entry, with the canonical name unless a variant replaces it."""
    specs = [a.strip() for a in aliases.split(",") if a.strip()]
    if fold(canonical) not in {fold(s.lstrip("~").lstrip("=")) for s in specs}:
        specs.append(canonical)
    return specs


def skill_entries() -> Iterator[tuple[str, SkillTerm]]:
    """(alias, skill) for every alias of every skill in the lexicon."""
    for table, soft in ((TECHNICAL, False), (DOMAIN, False), (SOFT, True)):
        for canonical, aliases in table.items():
            term = SkillTerm(canonical, soft)
            for spec in alias_specs(canonical, aliases):
                yield spec, term


@functools.cache
def canonical_skills() -> frozenset[str]:
    return frozenset(term.name for _, term in skill_entries())


@dataclass(frozen=True, slots=True)
class SkillEntry:
    """One skill of the vocabulary: its canonical name and the other spellings resumes use."""

    name: str
    aliases: tuple[str, ...]
    soft: bool


@functools.cache
def skill_vocabulary() -> tuple[SkillEntry, ...]:
    """Every skill the analyser knows, technical first, aliases as plain text.

    The single source of truth for skill names (what GET /skills lists): the matcher's
    markers ("=" exact case, "~" list only) are dropped, and so are spellings that differ from
    the canonical name only in case or spacing.
    """
    entries: list[SkillEntry] = []
    for table, soft in ((TECHNICAL, False), (DOMAIN, False), (SOFT, True)):
        for canonical, aliases in table.items():
            seen = {fold(canonical)}
            plain: list[str] = []
            for spec in alias_specs(canonical, aliases):
                alias = spec.lstrip("~").lstrip("=")
                if fold(alias) not in seen:
                    seen.add(fold(alias))
                    plain.append(alias)
            entries.append(SkillEntry(canonical, tuple(plain), soft))
    return tuple(entries)


def collect_skills(terms: Iterable[object]) -> FoundSkills:
    """The skills among scanned terms, deduplicated, first mention first."""
    technical: list[str] = []
    soft: list[str] = []
    counts: Counter[str] = Counter()
    for term in terms:
        if not isinstance(term, SkillTerm):
            continue
        if term.name not in counts:
            target = soft if term.soft else technical
            if len(target) < MAX_SKILLS:
                target.append(term.name)
        counts[term.name] += 1
    return FoundSkills(technical, soft, counts)
