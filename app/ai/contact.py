"""Contact details and links in resume text: e-mail, phone, labelled location, URLs.

Precision over recall: a phone must look like one (not a year range or a date), a location is
only read from a labelled line ("Location: Pune, India") near the top or among personal details.
Regexes scanning a whole resume are slow in Python's engine: the scans here start from plain
substring searches and run a regex over the few lines they point to.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from app.ai.lines import clip
from app.ai.schemas import MAX_ITEMS, MAX_TEXT, Contact


def lines_with(text: str, needles: Iterable[str]) -> list[tuple[int, int]]:
    """(start, end) of each line of `text` holding one of the needles (exact case), in order.

    Plain substring searches: much faster than lower-casing or a regex over the whole text. Give
    each needle in the cases it may be written in, without its first letter ("anguage",
    "ANGUAGE") to catch "language" and "Language" at once.
    """
    spans: set[tuple[int, int]] = set()
    for needle in needles:
        at = text.find(needle)
        while at >= 0:
            start = text.rfind("\n", 0, at) + 1
            end = text.find("\n", at)
            end = len(text) if end < 0 else end
            spans.add((start, end))
            at = text.find(needle, end)
    return sorted(spans)


_EMAIL = re.compile(
    r"(?<![\w.%+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@"
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![\w-])"
)
_EMAIL_BEFORE = 64  # the longest local part
_EMAIL_AFTER = 256

# A run of digits and the separators phone numbers are written with, on one line.
_DIGIT_RUN = re.compile(r"[0-9][0-9 \t().+-]{6,}")
_RUN_END = " \t.-(+"
_PHONE_LABEL = re.compile(
    r"(?<![A-Za-z])(?:phone|mobile|mob|cell|tel|telephone|ph|contact(?:\s+(?:no|number))?"
    r"|contact\s+details|whats\s*app)\.?(?:\s*(?:no|number|#)\.?)?\s*(?::-|:|-|\u2013)?\s*$",
    re.IGNORECASE,
)
_DIGIT_GROUP = re.compile(r"[0-9]+")
_YEAR = re.compile(r"(?:19|20)[0-9][0-9]")
# 2019-03-21, 21.03.2019, 1993-12-20
_DATE = re.compile(r"^\(?[0-9]{1,4}[-/.][0-9]{1,2}[-/.][0-9]{1,4}\)?$")
_IPV4 = re.compile(r"^[0-9]{1,3}(?:\.[0-9]{1,3}){3}$")
MIN_PHONE_DIGITS = 10  # without a label
MIN_LABELLED_PHONE_DIGITS = 7
MAX_PHONE_DIGITS = 15  # E.164
_LABEL_WINDOW = 40  # characters before a number where its label may be

# "Location: Pune, India", "Current Address - ..."; the label ends the key.
_LOCATION = re.compile(
    r"^\W{0,3}(?:(?:current|present|permanent|residential|home|mailing)\s+)?"
    r"(?:location|address|city|residence)\s*(?::-|:|-|\u2013|\u2014)\s*(?P<value>\S.*)$",
    re.IGNORECASE,
)
MAX_LOCATION = 200
_HAS_LETTER = re.compile(r"[A-Za-z]")

# URLs as written: with a scheme, from "www.", or a bare LinkedIn / GitHub profile.
_LINK = re.compile(
    r"(?:(?<![\w@.])(?:https?://|www\.)[^\s<>\"'()\[\]{}|,]+"
    r"|(?<![\w@./-])(?:[a-z]{2,3}\.)?(?:linkedin|github)\.com/[^\s<>\"'()\[\]{}|,]+)",
    re.IGNORECASE,
)
# Each hint costs a pass over the text: "://" (any scheme), "www.", ".com/" (bare profiles).
_LINK_HINTS = ("://", "ww.", "WW.", ".com/")
_LINK_TRAILING = ".,;:!?*-\u2013\u2014"


def first_email(text: str) -> str | None:
    """The first plausible e-mail address in the text."""
    at = text.find("@")
    while at >= 0:
        match = _EMAIL.search(text, max(0, at - _EMAIL_BEFORE), at + _EMAIL_AFTER)
        if match and match.start() < at < match.end():
            return match.group(0)[:MAX_TEXT]
        at = text.find("@", at + 1)
    return None


def _is_phone(candidate: str, labelled: bool) -> bool:
    groups = _DIGIT_GROUP.findall(candidate)
    digits = sum(len(group) for group in groups)
    minimum = MIN_LABELLED_PHONE_DIGITS if labelled else MIN_PHONE_DIGITS
    if not minimum <= digits <= MAX_PHONE_DIGITS:
        return False
    compact = candidate.replace(" ", "").replace("\t", "")
    if _DATE.match(compact) or _IPV4.match(compact):
        return False
    # "2015 - 2019", "2015 2016 2017": years, not a number.
    return not (len(groups) > 1 and all(_YEAR.fullmatch(group) for group in groups))


def _phone_candidate(text: str, match: re.Match[str]) -> tuple[str, int] | None:
    """The run as a phone number and where it starts, or None when it is part of a word."""
    start, end = match.start(), match.end()
    while start and text[start - 1] in "+(" and match.start() - start < 2:
        start -= 1  # "+91 ...", "(+91) ..."
    if start and (text[start - 1].isalnum() or text[start - 1] in "/."):
        return None  # "ID12345678", "v1.2.3.4", "12/2019"
    if end < len(text) and text[end - 1] not in " \t" and (text[end].isalnum() or text[end] == "/"):
        return None  # "9876543210abc", "2019/20"
    candidate = text[start:end].rstrip(_RUN_END)
    if candidate.count(")") > candidate.count("("):
        candidate = candidate.rstrip(")").rstrip(_RUN_END)
    return candidate, start


def first_phone(text: str) -> str | None:
    """The first phone-number-like string: a labelled one, or else one with enough digits."""
    unlabelled = None
    for match in _DIGIT_RUN.finditer(text):
        found = _phone_candidate(text, match)
        if found is None:
            continue
        candidate, start = found
        # The label stands just before the number: looking further back would make a long line
        # with many numbers quadratic.
        window = max(0, start - _LABEL_WINDOW)
        label_from = max(text.rfind("\n", window, start) + 1, window)
        if _PHONE_LABEL.search(text, label_from, start) and _is_phone(candidate, labelled=True):
            return candidate[:MAX_TEXT]
        if unlabelled is None and _is_phone(candidate, labelled=False):
            unlabelled = candidate
    return unlabelled[:MAX_TEXT] if unlabelled else None


def labelled_location(lines: Iterable[str]) -> str | None:
    """The value of the first "Location: ..." or "Address: ..." line among these."""
    for line in lines:
        if len(line) > 300:
            continue
        match = _LOCATION.match(line)
        if match is None:
            continue
        value = match.group("value").strip(" \t.,;|")
        if "@" in value or not _HAS_LETTER.search(value):
            continue
        return clip(value, MAX_LOCATION)
    return None


def find_contact(text: str, location_lines: Iterable[str]) -> Contact | None:
    """E-mail and phone from anywhere in the text, location from the lines given; None if none."""
    contact = Contact(
        email=first_email(text),
        phone=first_phone(text),
        location=labelled_location(location_lines),
    )
    if contact.email is None and contact.phone is None and contact.location is None:
        return None
    return contact


def find_links(text: str) -> list[str]:
    """URLs in order of appearance, as written, each once."""
    links: list[str] = []
    seen: set[str] = set()
    for start, end in lines_with(text, _LINK_HINTS):
        for match in _LINK.finditer(text, start, end):
            link = match.group(0).rstrip(_LINK_TRAILING)
            if "." not in link.split("//", 1)[-1] or len(link) > MAX_TEXT:
                continue
            key = link.lower()
            if key not in seen:
                seen.add(key)
                links.append(link)
                if len(links) == MAX_ITEMS:
                    return links
    return links
