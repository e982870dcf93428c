"""Education entries: degree, institution and year from an education section."""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.ai.dates import MONTH_OR_YEAR, last_year
from app.ai.lines import clip, strip_bullet
from app.ai.schemas import MAX_ENTRIES, Education

# Abbreviations are matched with their case ("BE", "B.E.", "MBA"); words in any case.
_DEGREE = re.compile(
    r"(?<![A-Za-z])(?:"
    r"B\.?\s?E|B\.?\s?Tech|M\.?\s?Tech|M\.?\s?E|B\.?\s?Eng|M\.?\s?Eng|B\.?\s?S|M\.?\s?S|M\.?\s?Phil|B\.?\s?Sc|M\.?\s?Sc|B\.?\s?Com|M\.?\s?Com"
    r"|B\.?\s?C\.?\s?A|M\.?\s?C\.?\s?A|B\.?\s?C\.?\s?S|M\.?\s?C\.?\s?S|B\.?\s?B\.?\s?A|M\.?\s?B\.?\s?A|B\.?\s?A|M\.?\s?A"
    r"|LL\.?\s?B|LL\.?\s?M|Ph\.?\s?D|B\.?\s?Arch|M\.?\s?Arch|B\.?\s?Pharm|M\.?\s?Pharm"
    r"|B\.?\s?F\.?\s?A|M\.?\s?F\.?\s?A|B\.?\s?Ed|M\.?\s?Ed|B\.?\s?P\.?\s?Ed|PGDM|PGDBA|PGDCA"
    r"|MBBS|BDS|BAMS|BHMS|MSW|BSW|BMS|BBM|MCM|HSC|SSC|H\.S\.C|S\.S\.C|CBSE|ICSE|XII|X"
    r"|(?i:bachelor(?:'?s)?|master(?:'?s)?|doctorate|diploma|post\s?graduat\w*|graduation"
    r"|under\s?graduat\w*|higher\s+secondary|senior\s+secondary|secondary\s+school"
    r"|high\s+school|matriculation|intermediate|12th|10th|class\s+(?:x|xii|10|12)"
    r"|associate(?:'s)?\s+degree|certificate\s+course)"
    r")\.?(?![A-Za-z])"
)
_INSTITUTION = re.compile(
    r"(?i)\b(?:university|universities|college|institute|institution|school|academy|vidyalaya"
    r"|mahavidyalaya|vidyapeeth|vidyapith|polytechnic|iit|nit|iiit|iim|board|campus|faculty)\b"
)
_SEGMENT_SPLIT = re.compile(r"\s*[,|;]\s*|\s{2,}|\s+(?:-|\u2013|\u2014)\s+")
_FROM_OR_AT = re.compile(r"\s(?:from|at)\s", re.IGNORECASE)
_DEGREE_END = re.compile(
    r"\s*(?:[,|;]|\s{2,}|\s(?:-|\u2013|\u2014)\s|\s(?:from|at)\s|(?<!\d)(?:19|20)\d{2}(?!\d))", re.I
)
_MAX_DEGREE_WORDS = 8
# A leading country code left over from "City, State, IN Institution".
_COUNTRY_CODE = re.compile(r"^[A-Z]{2}\s+(?=[A-Z])")
# A preposition left dangling once the year is gone: "Anna University in (2015)".
_TRAILING_LINK = re.compile(r"(?:\s+(?:in|on|at|from|of|during|year|batch|passed))+\W*$", re.I)


@dataclass(slots=True)
class _Draft:
    degree: str = ""
    institution: str = ""
    year: str = ""


def _degree_text(line: str, match: re.Match[str]) -> str:
    """The degree and its field ("B.Tech in Computer Science"), up to the next separator."""
    rest = line[match.start() :]
    end = _DEGREE_END.search(rest, len(match.group(0)))
    text = rest[: end.start()] if end else rest
    return " ".join(text.split()[:_MAX_DEGREE_WORDS]).strip(" .,-(")


def _institution_text(line: str) -> str:
    for segment in _SEGMENT_SPLIT.split(line):
        if _INSTITUTION.search(segment) and not _DEGREE.fullmatch(segment.strip()):
            joint = _FROM_OR_AT.search(segment)
            if joint and not _INSTITUTION.search(segment[: joint.start()]):
                segment = segment[joint.end() :]  # "B.Tech from Anna University"
            cleaned = MONTH_OR_YEAR.sub(" ", segment)
            cleaned = re.sub(r"(?i)^\s*(?:to|-|\u2013)\s+", "", " ".join(cleaned.split()))
            cleaned = _TRAILING_LINK.sub("", _COUNTRY_CODE.sub("", cleaned)).strip(" .,-()")
            if cleaned:
                return cleaned
    return ""


def extract_education(lines: list[str]) -> list[Education]:
    """One entry per degree line; lines without a degree add institution or year to it."""
    drafts: list[_Draft] = []
    for raw in lines:
        line = strip_bullet(raw)
        if not line or len(line) > 400:
            continue
        degree = _DEGREE.search(line)
        institution = _institution_text(line)
        year = last_year(line)
        if degree:
            drafts.append(_Draft(_degree_text(line, degree), institution, year))
            continue
        last = drafts[-1] if drafts else None
        if institution and (last is None or last.institution):
            drafts.append(_Draft(institution=institution, year=year))
        elif last is not None and institution:
            last.institution = institution
            last.year = last.year or year
        elif last is not None and year and not last.year:
            last.year = year
    return [
        Education(degree=clip(d.degree), institution=clip(d.institution), year=d.year)
        for d in drafts[:MAX_ENTRIES]
        if d.degree or d.institution
    ]
