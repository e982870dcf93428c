"""Date ranges, durations and years as resumes write them ("Jan 2018 to Present", "6 months")."""

from __future__ import annotations

import re

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_YEAR = r"(?:19|20)\d{2}"
_DATE = (
    rf"(?:{_MONTH}[\s,'\u2019-]*(?:{_YEAR}|'?\d{{2}})(?!\d)"
    rf"|\d{{1,2}}[/.-]\d{{1,2}}[/.-]{_YEAR}"
    rf"|\d{{1,2}}[/.-]{_YEAR}"
    rf"|{_YEAR})"
)
_OPEN_END = r"(?:present|current|currently|till\s+date|till\s+now|to\s+date|date|now|ongoing|today)"
_SEPARATOR = r"\s*(?:-|\u2013|\u2014|~|to|till|until|through|upto|up\s+to)\s*"

DATE_RANGE = re.compile(
    rf"(?<![\w]){_DATE}{_SEPARATOR}(?:{_DATE}|{_OPEN_END})(?![\w])", re.IGNORECASE
)
SINCE = re.compile(rf"\bsince\s+({_DATE})(?!\w)", re.IGNORECASE)
DURATION = re.compile(
    r"(?<![\w.])\d{1,2}(?:\.\d)?\+?\s*(?:years?|yrs?)(?:\s*(?:and\s*)?\d{1,2}\s*months?)?(?!\w)"
    r"|(?<![\w.])\d{1,2}\s*months?(?!\w)",
    re.IGNORECASE,
)
_DIGIT = re.compile(r"\d")
YEAR = re.compile(rf"(?<!\d){_YEAR}(?!\d)")
MONTH_OR_YEAR = re.compile(rf"(?<![\w]){_MONTH}(?![\w])|(?<!\d){_YEAR}(?!\d)", re.IGNORECASE)


def _tidy(text: str) -> str:
    return " ".join(text.split())


def find_duration(text: str) -> str:
    """The first period of time a line states: a date range, a "since" date or a length."""
    if not _DIGIT.search(text):
        return ""
    for pattern in (DATE_RANGE, DURATION):
        match = pattern.search(text)
        if match:
            return _tidy(match.group(0))
    since = SINCE.search(text)
    if since:
        return f"{_tidy(since.group(1))} to Present"
    return ""


def remove_dates(text: str) -> str:
    """The line without its date ranges and durations, to read names from what remains."""
    text = DATE_RANGE.sub(" ", text)
    text = DURATION.sub(" ", text)
    return SINCE.sub(" ", text)


def last_year(text: str) -> str:
    """The last four-digit year in the text: the year a qualification ended."""
    years = YEAR.findall(text)
    return years[-1] if years else ""
