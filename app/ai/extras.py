"""The optional parts of an analysis: summary, contact, links, certifications, spoken languages
and achievements, read from their sections and from labelled lines.

Deterministic and cheap: most of it looks only at the few blocks under the matching headings,
and the whole-text scans are single regexes behind substring checks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TypedDict

from app.ai.contact import find_contact, find_links, lines_with
from app.ai.lines import clip, strip_bullet
from app.ai.schemas import MAX_ITEMS, MAX_LONG_TEXT, MAX_TEXT, Contact
from app.ai.sections import (
    ACHIEVEMENT_HEADINGS,
    CERTIFICATION_HEADINGS,
    LANGUAGE_HEADINGS,
    PERSONAL_HEADINGS,
    SUMMARY_HEADINGS,
    Section,
    Sections,
    heading_name,
)

SUMMARY_CHARS = 1000
# Location is read from the top of a resume only (before its first heading).
TOP_LINES = 15
# A languages section is a short list: past this many lines it has run into something else.
LANGUAGE_LINES = 6

_SUMMARY = frozenset(SUMMARY_HEADINGS)
_CERTIFICATIONS = frozenset(CERTIFICATION_HEADINGS)
_LANGUAGES = frozenset(LANGUAGE_HEADINGS)
_ACHIEVEMENTS = frozenset(ACHIEVEMENT_HEADINGS)
# Blocks that hold the candidate's own details (a languages line often sits among them).
_PERSONAL = frozenset(PERSONAL_HEADINGS) | _LANGUAGES

# Spoken languages by their usual English names (and common spellings of them).
_SPOKEN = (
    "English Hindi Marathi Tamil Telugu Kannada Malayalam Bengali Bangla Gujarati Punjabi Urdu "
    "Odia Oriya Assamese Konkani Sanskrit Nepali Sindhi Kashmiri Maithili Bhojpuri Tulu Dogri "
    "Manipuri Santali Sinhala Sinhalese French German Spanish Portuguese Italian Dutch Flemish "
    "Russian Ukrainian Polish Czech Slovak Slovenian Croatian Serbian Bosnian Bulgarian Romanian "
    "Hungarian Greek Turkish Arabic Hebrew Persian Farsi Pashto Dari Kurdish Armenian Georgian "
    "Azerbaijani Kazakh Uzbek Chinese Mandarin Cantonese Japanese Korean Vietnamese Thai Lao "
    "Khmer Burmese Malay Indonesian Tagalog Filipino Swahili Amharic Somali Yoruba Igbo Hausa "
    "Zulu Xhosa Afrikaans Swedish Norwegian Danish Finnish Icelandic Estonian Latvian "
    "Lithuanian Irish Welsh Catalan Basque Galician Albanian Macedonian Maltese Latin"
)
_SPOKEN_NAMES = {name.lower(): name for name in _SPOKEN.split()}
# Words that are also ordinary English words: only taken when capitalised.
_CAPITALISED_ONLY = frozenset({"polish", "latin"})
_SPOKEN_WORD = re.compile(
    r"(?<![A-Za-z])(" + "|".join(sorted(_SPOKEN_NAMES, key=len, reverse=True)) + r")(?![A-Za-z])",
    re.IGNORECASE,
)
# "Languages Known: English & Hindi", "Linguistic Ability - ...", "Mother Tongue: Marathi".
_LANGUAGE_LABEL = re.compile(
    r"(?<![A-Za-z])(?:(?:spoken|natural|known|foreign|human)\s+)?"
    r"(?:languages?(?:\s+(?:known|spoken|skills|proficiency))?"
    r"|linguistic\s+(?:ability|abilities|proficiency|skills)|mother\s+tongue)"
    r"[ \t]*(?::-|:|-|\u2013|=)[ \t]*(?P<value>[^\n]+)",
    re.IGNORECASE,
)
# Lines worth the label regex ("Linguistic Ability" is a heading: its block is read above).
_LANGUAGE_HINTS = ("anguage", "ANGUAGE", "ongue")
# "Programming Languages: C, Java" is not about spoken languages.
_NOT_SPOKEN_CONTEXT = re.compile(
    r"(?i)(?:programming|scripting|computer|markup|query|coding|technical|software|web)\W*$"
)

# "AWS Certified Solutions Architect", "Microsoft Certified: Azure Fundamentals",
# "A1 Certified in German Language" (up to three words before "Certified").
_CERTIFIED_LINE = re.compile(r"^(?:\S+\s+){0,3}certified\b", re.IGNORECASE)
MAX_CERTIFIED_WORDS = 14
# Personal fields that a "Profile" block may hold instead of a summary.
_PERSONAL_FIELD = re.compile(
    r"^\W{0,3}(?:name|full name|date of birth|d\.?o\.?b|gender|sex|age|nationality|religion"
    r"|marital status|father'?s? name|mother'?s? name|address|e-?mail|phone|mobile|contact"
    r"|passport|pan|languages? known|hobbies)\b\.?\s*(?::|-|\u2013)",
    re.IGNORECASE,
)
_DIGIT = re.compile(r"\d")


class ExtraFields(TypedDict, total=False):
    """ComprehensiveAnalysis's optional fields that were found (the others stay unset)."""

    summary: str
    contact: Contact
    links: list[str]
    certifications: list[str]
    languages: list[str]
    achievements: list[str]


def _unlisted_heading(line: str) -> bool:
    """A line that reads as a heading the section table does not know ("PERSONAL DOSSIER")."""
    text = line.strip()
    if not text or text[0] in "\u2022*-":
        return False
    bare = text.rstrip(" :.-").strip()
    words = bare.split()
    if not words or len(words) > 4 or _DIGIT.search(bare):
        return False
    return (len(words) >= 2 and bare.isupper()) or text.endswith(":")


_ITEM_END = " \t.,;:-\u2013\u2014"


def _items(lines: Iterable[str], limit: int, trailing: str = _ITEM_END) -> Iterator[str]:
    """The block's lines as list items (markers gone), until a heading-like line."""
    for line in lines:
        if _unlisted_heading(line):
            return
        item = strip_bullet(line).rstrip(trailing)
        if len(item) >= 3:
            yield clip(item, limit)


def _unique(items: Iterable[str], limit: int = MAX_ITEMS) -> list[str]:
    """First occurrences (compared case-insensitively), at most `limit`."""
    seen: set[str] = set()
    kept: list[str] = []
    for item in items:
        key = item.casefold().rstrip(_ITEM_END)
        if key not in seen:
            seen.add(key)
            kept.append(item)
            if len(kept) == limit:
                break
    return kept


# The OTHER section's blocks, each under its normalised heading ("awards and achievements").
Blocks = list[tuple[str, list[str]]]


def named_blocks(sections: Sections) -> Blocks:
    return [(heading_name(heading), lines) for heading, lines in sections.blocks(Section.OTHER)]


def _of_kind(blocks: Blocks, kinds: frozenset[str]) -> Iterator[list[str]]:
    return (lines for name, lines in blocks if name in kinds)


def find_summary(blocks: Blocks) -> str | None:
    """The first Summary / Profile / Objective / About section's text, shortened."""
    for lines in _of_kind(blocks, _SUMMARY):
        parts: list[str] = []
        size = 0
        for line in lines:
            if _unlisted_heading(line):
                break
            if _PERSONAL_FIELD.match(line):
                continue
            part = strip_bullet(line)
            if part:
                parts.append(part)
                size += len(part) + 1
                if size > SUMMARY_CHARS:
                    break
        text = " ".join(parts)
        if len(text.split()) >= 3:
            return clip(text, SUMMARY_CHARS)
    return None


def _spoken_in(text: str) -> Iterator[str]:
    for match in _SPOKEN_WORD.finditer(text):
        word = match.group(1)
        lowered = word.lower()
        if lowered in _CAPITALISED_ONLY and not word[0].isupper():
            continue
        yield _SPOKEN_NAMES[lowered]


def find_languages(text: str, blocks: Blocks) -> list[str]:
    """Spoken languages from a Languages section and from labelled lines anywhere."""
    found: list[str] = []
    for lines in _of_kind(blocks, _LANGUAGES):
        for line in lines[:LANGUAGE_LINES]:
            found.extend(_spoken_in(line))
    for start, end in lines_with(text, _LANGUAGE_HINTS):
        for match in _LANGUAGE_LABEL.finditer(text, start, end):
            if _NOT_SPOKEN_CONTEXT.search(text, start, match.start()):
                continue
            value = match.group("value").split(". ", 1)[0]
            found.extend(_spoken_in(value))
    return _unique(found)


def find_certifications(text: str, blocks: Blocks) -> list[str]:
    """Items of a Certifications / Licenses section, and "... Certified ..." lines."""
    found: list[str] = []
    for lines in _of_kind(blocks, _CERTIFICATIONS):
        found.extend(_items(lines, MAX_TEXT))
    for start, end in lines_with(text, ("ertified", "ERTIFIED")):
        item = strip_bullet(text[start:end]).rstrip(_ITEM_END)
        if _CERTIFIED_LINE.match(item) and len(item.split()) <= MAX_CERTIFIED_WORDS:
            found.append(clip(item))
    return _unique(found)


def find_achievements(blocks: Blocks) -> list[str]:
    """Items of Achievements / Awards / Accomplishments / Honors sections."""
    found: list[str] = []
    for lines in _of_kind(blocks, _ACHIEVEMENTS):
        found.extend(_items(lines, MAX_LONG_TEXT, trailing=" \t,;:-\u2013\u2014"))
    return _unique(found)


def _location_lines(sections: Sections, blocks: Blocks) -> Iterator[str]:
    """The top of the resume, and the blocks of personal details."""
    yield from sections.of(Section.PREAMBLE)[:TOP_LINES]
    for lines in _of_kind(blocks, _PERSONAL):
        yield from lines


def extract_extras(text: str, sections: Sections) -> ExtraFields:
    """The optional analysis fields found in a resume (its normalised text and sections)."""
    extras = ExtraFields()
    blocks = named_blocks(sections)
    if summary := find_summary(blocks):
        extras["summary"] = summary
    if contact := find_contact(text, _location_lines(sections, blocks)):
        extras["contact"] = contact
    if links := find_links(text):
        extras["links"] = links
    if certifications := find_certifications(text, blocks):
        extras["certifications"] = certifications
    if languages := find_languages(text, blocks):
        extras["languages"] = languages
    if achievements := find_achievements(blocks):
        extras["achievements"] = achievements
    return extras
