"""Category prediction: weighted keyword profiles scored with sublinear term frequency."""

from __future__ import annotations

import functools
import math
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from app.ai.lines import is_short_line
from app.ai.profiles import CATEGORIES, PROFILES
from app.ai.skills import SkillTerm, canonical_skills
from app.ai.titles import SPECIALISATIONS, TITLES

# A job title on a headline-like line outweighs a handful of keywords in the body.
TITLE_LINE_WEIGHT = 8.0
# The first headline title is the resume's own headline: it counts once more.
FIRST_TITLE_WEIGHT = 8.0
HEADLINE_MAX_WORDS = 8

Weights = dict[str, list[tuple[int, float]]]


@dataclass(frozen=True, slots=True)
class ProfileTerm:
    """A phrase of one or more category profiles."""

    phrase: str


@dataclass(frozen=True, slots=True)
class TitleTerm:
    """A job title naming the category at this index of CATEGORIES."""

    category: int


@dataclass(frozen=True, slots=True)
class _Weights:
    phrases: Weights
    skills: Weights


def _parse_profile(profile: str) -> Iterator[tuple[str, float]]:
    for item in profile.split(","):
        term, _, weight = item.strip().rpartition("=")
        yield " ".join(term.split()), float(weight)


@functools.cache
def _weights() -> _Weights:
    """Built once: each profile term's weight per category."""
    phrases: Weights = {}
    skills: Weights = {}
    known_skills = canonical_skills()
    for index, category in enumerate(CATEGORIES):
        for term, weight in _parse_profile(PROFILES[category]):
            if term.startswith("@"):
                if term[1:] not in known_skills:
                    raise ValueError(f"profile of {category!r} names unknown skill {term!r}")
                skills.setdefault(term[1:], []).append((index, weight))
            else:
                phrases.setdefault(term, []).append((index, weight))
    return _Weights(phrases, skills)


def category_entries() -> Iterator[tuple[str, ProfileTerm | TitleTerm]]:
    """(phrase, term) for every profile phrase and job title, to scan for."""
    for phrase in _weights().phrases:
        yield phrase, ProfileTerm(phrase)
    for index, category in enumerate(CATEGORIES):
        for title in TITLES[category].split(","):
            yield title.strip(), TitleTerm(index)


def _add(
    contributions: list[dict[str, float]], counts: Mapping[str, int], weights: Weights, label: str
) -> None:
    for term, count in counts.items():
        frequency = 1.0 + math.log(count)
        for index, weight in weights.get(term, ()):
            contributions[index][label + term] = weight * frequency


def _headline_titles(text: str, hits: Iterable[tuple[int, object]]) -> list[tuple[int, int]]:
    """(line number, category) for each headline-like line naming a job title, in order."""
    lines = text.split("\n")
    starts = list(_line_starts(lines))
    found: dict[tuple[int, int], None] = {}
    for offset, term in hits:
        if isinstance(term, TitleTerm):
            line = bisect_right(starts, offset) - 1
            if is_short_line(lines[line], HEADLINE_MAX_WORDS):
                found[line, term.category] = None
    return sorted(found)


def _line_starts(lines: Sequence[str]) -> Iterator[int]:
    offset = 0
    for line in lines:
        yield offset
        offset += len(line) + 1


def category_contributions(text: str, hits: Sequence[tuple[int, object]]) -> list[dict[str, float]]:
    """Per category (in CATEGORIES order), what each matched term added to its score."""
    weights = _weights()
    contributions: list[dict[str, float]] = [{} for _ in CATEGORIES]
    terms = [term for _, term in hits]
    phrases = Counter(t.phrase for t in terms if isinstance(t, ProfileTerm))
    _add(contributions, phrases, weights.phrases, "")
    skills = Counter(t.name for t in terms if isinstance(t, SkillTerm))
    _add(contributions, skills, weights.skills, "@")
    for child, (parent, share) in SPECIALISATIONS.items():
        inherited = share * sum(contributions[CATEGORIES.index(parent)].values())
        contributions[CATEGORIES.index(child)][f"as {parent}"] = inherited
    titles = _headline_titles(text, hits)
    for index, count in Counter(category for _, category in titles).items():
        contributions[index]["title lines"] = TITLE_LINE_WEIGHT * (1.0 + math.log(count))
    if titles:
        first_line = titles[0][0]
        for line, index in titles:
            if line == first_line:
                contributions[index]["first title"] = FIRST_TITLE_WEIGHT
    return contributions


def category_scores(text: str, hits: Sequence[tuple[int, object]]) -> list[float]:
    """One score per category (in CATEGORIES order) from keywords, skills and headline titles."""
    return [sum(terms.values()) for terms in category_contributions(text, hits)]


def rank_categories(scores: Sequence[float]) -> tuple[str, ...]:
    """All categories, best score first; equal scores fall back to alphabetical order."""
    order = sorted(range(len(CATEGORIES)), key=lambda i: (-scores[i], CATEGORIES[i]))
    return tuple(CATEGORIES[i] for i in order)
