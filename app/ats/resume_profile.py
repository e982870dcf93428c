"""Reading a resume for the ATS scorer, once: its skills with the line that shows each, its
words, its sections, what it says of its years and its field (a ResumeProfile).

Everything here depends only on the resume (its text, analysis and field), never on a job: a
profile is made once when an analysis is stored (analysis.ats_profile) and scored against any
number of jobs by app/ats/scoring.py. Open date ranges stay open in it: "Present" is resolved
when it is scored.
"""

from __future__ import annotations

import datetime
import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence

import msgspec

from app.ai.categories import category_scores, rank_categories
from app.ai.contact import first_email, first_phone
from app.ai.dates import DATE_RANGE, DURATION, SINCE
from app.ai.schemas import ComprehensiveAnalysis
from app.ai.sections import Section, Sections, repair_glued_headings, split_sections
from app.ai.skills import SkillTerm
from app.ai.text import fold, normalise
from app.ai.vocabulary import scan
from app.skills.service import canonical

# Bumped whenever what a profile holds, or how it is read, changes: a stored profile of another
# version is read again from the resume's text.
PROFILE_VERSION = 1
SECTIONS = ("experience", "education", "skills", "projects", "contact")
MAX_EVIDENCE = 300
# The end of a date range that is still going ("Jan 2020 - Present").
OPEN = -1

_WORD = re.compile(r"[a-z][a-z0-9+#]*(?:[.-][a-z0-9+#]+)*")


def stem(word: str) -> str:
    """A crude plural fold so "databases" matches "database"."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def skills_in(hits: Iterable[tuple[int, object]]) -> list[tuple[int, str]]:
    """(offset, canonical technical skill) for every skill among a vocabulary scan's hits."""
    return [
        (offset, term.name)
        for offset, term in hits
        if isinstance(term, SkillTerm) and not term.soft
    ]


def field_of(text: str, hits: Sequence[tuple[int, object]] | None = None) -> str | None:
    """The job category a (normalised) text reads as, as the analyser predicts a resume's;
    None when no term of any category is in it. `hits`: the text's scan, when already made."""
    scores = category_scores(text, scan(text) if hits is None else hits)
    return rank_categories(scores)[0] if max(scores, default=0) > 0 else None


_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_DATE_PART = re.compile(
    r"\b(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?[\s,'\u2019-]*(?P<year>(?:19|20)\d{2}|'?\d{2})(?!\d)"
    r"|(?P<num>\d{1,2})[/.-](?:\d{1,2}[/.-])?(?P<nyear>(?:19|20)\d{2})"
    r"|(?P<bare>(?:19|20)\d{2})",
    re.IGNORECASE,
)
_OPEN = re.compile(r"present|current|date|now|ongoing|today", re.IGNORECASE)
_STATED_YEARS = re.compile(
    r"(\d{1,2})(?:\.\d)?\s*\+?\s*(?:years?|yrs?)\b[^.\n]{0,40}?\bexperience", re.IGNORECASE
)
_SKILL_MONTHS = re.compile(r"\bexpe?rience\s*[-:]\s*(\d{1,3})\s*months?\b", re.IGNORECASE)
_DURATION_PARTS = re.compile(r"(\d{1,2}(?:\.\d)?)\s*\+?\s*(years?|yrs?|months?)", re.IGNORECASE)


def _month_index(part: str) -> int | None:
    """Months since year 0 of a date as resumes write it; None if unreadable."""
    match = _DATE_PART.search(part)
    if match is None:
        return None
    if match.group("month"):
        month = _MONTHS[match.group("month")[:3].lower()]
        year = int(match.group("year").lstrip("'"))
        if year < 100:
            year += 2000 if year < 50 else 1900
        return year * 12 + month - 1
    if match.group("nyear"):
        month = int(match.group("num"))
        return int(match.group("nyear")) * 12 + (month - 1 if 1 <= month <= 12 else 0)
    return int(match.group("bare")) * 12


def _raw_ranges(text: str) -> list[tuple[int, int]]:
    """(start, end) months of the date ranges in the text; an open end ("Present", "since")
    is OPEN: what it means depends on the day the resume is scored."""
    ranges: list[tuple[int, int]] = []
    for match in DATE_RANGE.finditer(text):
        whole = match.group(0)
        # The separator is the first dash/"to" after the first date: split on the first date.
        first = _DATE_PART.search(whole)
        if first is None:
            continue
        start = _month_index(first.group(0))
        rest = whole[first.end() :]
        end = OPEN if _OPEN.search(rest) and not _DATE_PART.search(rest) else _month_index(rest)
        if start is None or end is None:
            continue
        second = _DATE_PART.search(rest)
        if first.group("bare") and second is not None and second.group("bare"):
            end += 11  # "2018 - 2020" covers through 2020
        ranges.append((start, end))
    for match in SINCE.finditer(text):
        start = _month_index(match.group(1))
        if start is not None:
            ranges.append((start, OPEN))
    return ranges


def _intervals(ranges: list[tuple[int, int]], now: int) -> list[tuple[int, int]]:
    """The ranges as of month `now`: open ones end then, none ends later, implausible ones
    (ending before they start, or longer than 50 years) are left out."""
    intervals = []
    for start, raw_end in ranges:
        end = now if raw_end == OPEN else raw_end
        if 0 <= end - start <= 50 * 12:
            intervals.append((start, min(end, now)))
    return intervals


def _merged_months(intervals: list[tuple[int, int]]) -> int:
    total = 0
    last_end = -1
    for start, end in sorted(intervals):
        if end <= last_end:
            continue
        total += end - max(start, last_end)
        last_end = end
    return total


def _duration_months(text: str) -> float:
    months = 0.0
    for amount, unit in _DURATION_PARTS.findall(text):
        months += float(amount) * (12 if unit.lower().startswith(("y",)) else 1)
    return months


def _month_of(today: datetime.date | None) -> int:
    """The month "Present" stands for: today's (UTC) unless a date is given."""
    today = today or datetime.datetime.now(datetime.UTC).date()
    return today.year * 12 + today.month - 1


class YearsEvidence(msgspec.Struct, frozen=True):
    """What a resume says about its years of experience, whatever the day."""

    ranges: list[tuple[int, int]]  # job date ranges, months (end OPEN: still going)
    duration_months: float  # stated durations of jobs without dates ("2 years")
    stated_years: int | None  # "N years of experience"
    skill_months: int | None  # the longest "Java - Experience - 48 months"


def years_evidence(
    experience_lines: list[str], text: str, analysis: ComprehensiveAnalysis | None
) -> YearsEvidence:
    ranges = _raw_ranges("\n".join(experience_lines))
    plain_durations = 0.0
    if analysis is not None:
        for job in analysis.experience:
            found = _raw_ranges(job.duration)
            if found:
                ranges.extend(found)
            elif DURATION.search(job.duration):
                plain_durations += _duration_months(job.duration)
    stated = [int(m) for m in _STATED_YEARS.findall(text[:5000]) if 0 < int(m) <= 50]
    # Skill lists with a length of use each ("Java - Experience - 48 months"): the longest.
    per_skill = [int(m) for m in _SKILL_MONTHS.findall(text) if 0 < int(m) <= 600]
    return YearsEvidence(
        ranges=ranges,
        duration_months=plain_durations,
        stated_years=max(stated) if stated else None,
        skill_months=max(per_skill) if per_skill else None,
    )


def years_from(evidence: YearsEvidence, today: datetime.date | None = None) -> int | None:
    """Whole years of experience: merged job date ranges, stated durations, or "N years of
    experience", whichever is largest; None when the resume states none of them."""
    intervals = _intervals(evidence.ranges, _month_of(today))
    candidates: list[float] = []
    if intervals:
        candidates.append(_merged_months(intervals) / 12)
    if evidence.duration_months:
        candidates.append(evidence.duration_months / 12)
    if evidence.stated_years:
        candidates.append(evidence.stated_years)
    if evidence.skill_months:
        candidates.append(evidence.skill_months / 12)
    if not candidates:
        return None
    return round(max(candidates))


def resume_years(
    experience_lines: list[str],
    text: str,
    analysis: ComprehensiveAnalysis | None,
    today: datetime.date | None = None,
) -> int | None:
    """years_from(years_evidence(...)): the years a resume shows as of `today`."""
    return years_from(years_evidence(experience_lines, text, analysis), today)


def _present_sections(
    text: str, sections: Sections, analysis: ComprehensiveAnalysis | None
) -> list[str]:
    headed = {heading for _, heading, _ in sections.headings}
    present: set[str] = set()
    if Section.EXPERIENCE in headed or (analysis is not None and analysis.experience):
        present.add("experience")
    if Section.EDUCATION in headed or (analysis is not None and analysis.education):
        present.add("education")
    if Section.SKILLS in headed:
        present.add("skills")
    if Section.PROJECTS in headed or (analysis is not None and analysis.projects):
        present.add("projects")
    has_contact = analysis is not None and isinstance(analysis.contact, msgspec.Struct)
    if has_contact or first_email(text) or first_phone(text):
        present.add("contact")
    return [s for s in SECTIONS if s in present]


def _evidence(text: str, lines_at: list[int], offset: int) -> str:
    index = bisect_right(lines_at, offset) - 1
    start = lines_at[index]
    end = text.find("\n", start)
    line = text[start : end if end >= 0 else len(text)].strip(" \t\u2022*-")
    return " ".join(line.split())[:MAX_EVIDENCE]


def line_naming(text: str, name: str) -> str | None:
    """The first line of the text that names the skill as written (any case), tidied."""
    wanted = fold(name)
    for line in text.split("\n"):
        if wanted and wanted in fold(line):
            return " ".join(line.strip(" \t\u2022*-").split())[:MAX_EVIDENCE]
    return None


class ResumeProfile(msgspec.Struct, frozen=True):
    """The resume's half of an ATS score (see the module docstring)."""

    version: int
    # Canonical technical skills (the text's and the analysis's), each with a line of the text
    # that names it (None when only the analysis has it), in the order the text names them.
    skills: dict[str, str | None]
    # Every word of the text, lower case and plural-folded, in order, between single spaces
    # (" built shipment tracking ... "): a keyword is " word ", a phrase " word word ".
    words: str
    sections: list[str]  # present, out of SECTIONS
    years: YearsEvidence
    field: str | None  # the resume's predicted field


def profile_of(
    resume_text: str, analysis: ComprehensiveAnalysis | None, field: str | None = None
) -> ResumeProfile:
    """Read the resume once; `field` (its analysis row's) is read from the text when None."""
    text = repair_glued_headings(normalise(resume_text))
    lines = text.split("\n")
    lines_at = [0]
    for line in lines[:-1]:
        lines_at.append(lines_at[-1] + len(line) + 1)
    skills: dict[str, str | None] = {}
    hits = scan(text)
    for offset, name in skills_in(hits):
        if name not in skills:
            skills[name] = _evidence(text, lines_at, offset)
    if analysis is not None:
        for name in map(canonical, analysis.skills.technical):
            if name not in skills:
                skills[name] = line_naming(text, name)
    words = (stem(word.strip(".-")) for word in _WORD.findall(text.lower()))
    sections = split_sections(lines)
    # Dates under an experience heading; without one, every date outside education.
    job_lines = sections.of(Section.EXPERIENCE) or [
        line
        for section, section_lines in sections.lines.items()
        if section is not Section.EDUCATION
        for line in section_lines
    ]
    return ResumeProfile(
        version=PROFILE_VERSION,
        skills=skills,
        words=f" {' '.join(words)} ",
        sections=_present_sections(text, sections, analysis),
        years=years_evidence(job_lines, text, analysis),
        field=field if field is not None else field_of(text, hits),
    )


_decode_profile = msgspec.json.Decoder(ResumeProfile).decode


def stored_profile(stored: str | bytes | None) -> ResumeProfile | None:
    """A profile as analysis.ats_profile holds it; None when absent, unreadable or of another
    version (then the caller reads the resume again)."""
    if not stored:
        return None
    try:
        profile = _decode_profile(stored)
    except msgspec.DecodeError:
        return None
    return profile if profile.version == PROFILE_VERSION else None
