"""Which part of a resume a generated text should draw on: the one sharing most with the ask.

Shared by the built-in cover-letter writer and interview coach. Words are compared by a crude
stem ("improved", "improving" and "improvement" meet), skills by their canonical names.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from app.ai.builtin_writer import one_line, sentence
from app.ai.schemas import ComprehensiveAnalysis
from app.ai.vocabulary import technologies_in
from app.skills.service import canonical

_WORD = re.compile(r"[a-z][a-z0-9+#]*")
# Words that say nothing about a subject, interview phrasing included ("tell me about a time").
_STOPWORD_TEXT = """
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each even ever few
    for from further had has have having he her here hers him his how i if in into is it its
    just me more most my myself no nor not now of off on once only or other our ours out over
    own same she should so some such than that the their them then there these they this those
    through to too under until up very was we were what when where which while who whom why
    will with would you your yours yourself tell time describe example give share walk situation
    explain think thing things something want like please one way well work worked working
    role job position company team
"""
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())
_SUFFIXES = ("ations", "ation", "ments", "ment", "ingly", "ing", "edly", "ed", "es", "s", "ly")
_PAST_TENSE = re.compile(
    r"^(\w+ed|led|built|ran|wrote|made|set|cut|drove|grew|won|took|began|kept|brought|taught|"
    r"sold|spent|oversaw|undertook|rebuilt|rewrote|shipped)$",
    re.I,
)


# Words that stand for one another when a question meets a resume ("performance" and "latency").
_RELATED_TEXT = (
    "performance perform slow slower latency speed fast faster optimise optimize throughput "
    "bottleneck cache caching reduced load scale scaling response",
    "incident outage failure failed bug debug on-call uptime reliability monitoring alert "
    "postmortem root cause",
    "lead led leader leadership mentor mentored manage managed team hire hired coach",
    "conflict disagree disagreement stakeholder negotiate align alignment compromise",
    "test testing tests quality coverage review reviews",
    "deadline deadlines urgent pressure priority priorities prioritise delivered shipped",
    "security secure vulnerability vulnerabilities auth authentication encryption",
    "data database query queries sql pipeline pipelines etl warehouse",
)


def stem(word: str) -> str:
    """A crude stem: common suffixes and a final "e" off, "z" read as "s" (optimise/optimize)."""
    word = word.lower().replace("z", "s")
    if len(word) > 5 and word.endswith("ies"):
        return word[:-3] + "y"
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    return word[:-1] if len(word) > 4 and word.endswith("e") else word


def terms(text: str) -> frozenset[str]:
    """The stems of a text's meaningful words."""
    return frozenset(
        stem(w) for w in _WORD.findall(text.lower()) if len(w) > 2 and w not in _STOPWORDS
    )


@functools.cache
def _related() -> tuple[frozenset[str], ...]:
    return tuple(frozenset(stem(w) for w in group.split()) for group in _RELATED_TEXT)


def ask_terms(text: str) -> frozenset[str]:
    """The stems of an ask, with the words that stand for them ("performance": "latency")."""
    found = terms(text)
    return found.union(*(group for group in _related() if group & found))


def skills_in(text: str) -> frozenset[str]:
    """Canonical technical skills the text names."""
    return frozenset(technologies_in(text))


@dataclass(frozen=True)
class Evidence:
    """One experience entry or project, and its best line for the ask."""

    kind: str  # "experience" or "project"
    role: str
    company: str
    name: str  # a project's name
    line: str  # a highlight, or the project's first sentence; may be ""
    skills: tuple[str, ...]  # canonical skills it names, in its order
    score: int

    @property
    def where(self) -> str:
        """'Platform Engineer at Orbital Systems', 'at Orbital Systems', or a project's name."""
        if self.kind == "project":
            return self.name
        if self.role and self.company:
            return f"{self.role} at {self.company}"
        return self.role or (f"at {self.company}" if self.company else "")


def _score(wanted: frozenset[str], ask_skills: frozenset[str], text: str) -> int:
    return len(wanted & terms(text)) + 2 * len(ask_skills & skills_in(text))


def _best_line(lines: Iterable[str], wanted: frozenset[str], ask_skills: frozenset[str]) -> str:
    """The line sharing most with the ask; the first one on a tie."""
    best, best_score = "", -1
    for line in lines:
        text = one_line(line, 300)
        if text and (score := _score(wanted, ask_skills, text)) > best_score:
            best, best_score = text, score
    return best


def _candidates(
    analysis: ComprehensiveAnalysis, wanted: frozenset[str], ask_skills: frozenset[str]
) -> Iterable[Evidence]:
    for job in analysis.experience:
        role, company = one_line(job.role, 100), one_line(job.company, 100)
        if not (role or company):
            continue
        # The employer's name says nothing of the work ("Orbital Systems" is not about systems).
        text = " ".join((role, *job.highlights))
        yield Evidence(
            "experience",
            role,
            company,
            "",
            _best_line(job.highlights, wanted, ask_skills),
            tuple(technologies_in(text)),
            _score(wanted, ask_skills, text),
        )
    for project in analysis.projects:
        name = one_line(project.name, 100)
        if not name:
            continue
        first = re.split(r"(?<=[.!?])\s", project.description.strip())[0]
        text = " ".join((name, project.description, *project.technologies))
        named = [canonical(t) for t in project.technologies if t.strip()]
        skills = list(dict.fromkeys([*named, *technologies_in(text)]))
        yield Evidence(
            "project",
            "",
            "",
            name,
            one_line(first, 300),
            tuple(skills),
            _score(wanted, ask_skills, text),
        )


def most_relevant(analysis: ComprehensiveAnalysis | None, ask: str) -> Evidence | None:
    """The experience or project sharing most words and skills with `ask`; on a tie (or when
    nothing is shared) the earliest one, so the latest job wins."""
    if analysis is None:
        return None
    wanted, ask_skills = ask_terms(ask), skills_in(ask)
    best: Evidence | None = None
    for candidate in _candidates(analysis, wanted, ask_skills):
        if best is None or candidate.score > best.score:
            best = candidate
    return best


def resume_skills(analysis: ComprehensiveAnalysis | None) -> list[str]:
    """The resume's technical skills by canonical name, in its order, without repeats."""
    if analysis is None:
        return []
    names = (canonical(one_line(s, 60)) for s in analysis.skills.technical)
    return list(dict.fromkeys(n for n in names if n))


def as_action(highlight: str) -> str:
    """'Designed X.' -> 'I designed X.'; other phrasings become 'My work included ...'."""
    text = sentence(" ".join(highlight.split()[:30]))
    first = text.split(" ", 1)[0]
    lowered = text if first[1:2].isupper() else text[:1].lower() + text[1:]
    return f"I {lowered}" if _PAST_TENSE.match(first) else f"My work included {lowered}"
