"""Reading single resume lines: bullets, "key: value" pairs, headline-like short lines."""

from __future__ import annotations

import re

from app.ai.schemas import MAX_LONG_TEXT, MAX_TEXT
from app.ai.text import BULLETS

_BULLET = re.compile(rf"^\s*(?:[{BULLETS}*\u00b7o>-]|\d{{1,2}}[.)]|[a-z][.)])\s+")
_KEY_VALUE = re.compile(r"^\s*([A-Za-z][A-Za-z /&]{1,30}?)\s*(?::-|:|-|\u2013|\u2014|=)\s*(.*)$")
_SPACED_VALUE = re.compile(r"^\s*([A-Za-z][A-Za-z /&]{1,30}?)\s{2,}(\S.*)$")
_BARE_KEY = re.compile(r"^\s*([A-Za-z][A-Za-z /&]{1,30}?)\s*$")
_SPACED_KEY = re.compile(
    r"^\s*(Role|Designation|Position|Client|Environment|Technologies|Project)\s+(\S.*)$"
)

# Words that make a short line read as a job title.
_ROLE_WORDS = (
    "engineer developer manager analyst consultant intern trainee executive lead architect "
    "designer tester administrator officer associate specialist advocate lawyer attorney "
    "trainer assistant director head coordinator supervisor programmer scientist accountant "
    "instructor teacher lecturer professor owner founder partner representative agent "
    "technician operator clerk counsel coach artist dietitian nutritionist recruiter "
    "generalist advisor adviser secretary auditor inspector foreman planner buyer "
    "controller superintendent member staff worker freelancer volunteer apprentice"
)
ROLE_WORDS = frozenset(_ROLE_WORDS.split())
# Words that make a name read as an organisation.
_COMPANY_WORDS = (
    "ltd limited pvt private inc llc llp corp corporation company co technologies technology "
    "solutions services systems software infotech infosystems consultancy consulting "
    "consultants group industries enterprises bank hospital labs global international "
    "associates tech infoway networks pharma motors"
)
COMPANY_WORDS = frozenset(_COMPANY_WORDS.split())
_WORD = re.compile(r"[A-Za-z]+")


def is_bullet(line: str) -> bool:
    """True when the line is a list item."""
    return bool(_BULLET.match(line))


def strip_bullet(line: str) -> str:
    """The line without its list marker and surrounding spaces."""
    return " ".join(_BULLET.sub("", line, count=1).split())


def key_value(line: str, keys: frozenset[str]) -> tuple[str, str] | None:
    """(key, value) for "Key: value", "Key - value", "Key   value" or a bare "Key" line."""
    for pattern in (_KEY_VALUE, _SPACED_VALUE, _BARE_KEY, _SPACED_KEY):
        match = pattern.match(line)
        if match:
            key = " ".join(match.group(1).lower().split())
            if key in keys:
                value = match.group(2) if match.lastindex == 2 else ""
                return key, " ".join(value.split())
    return None


def has_role_word(text: str) -> bool:
    return any(w.lower() in ROLE_WORDS for w in _WORD.findall(text))


def has_company_word(text: str) -> bool:
    return any(w.lower() in COMPANY_WORDS for w in _WORD.findall(text))


def is_short_line(line: str, max_words: int = 10) -> bool:
    """A line short enough to be a title, a name or a header rather than prose."""
    text = line.strip()
    return 0 < len(text) <= 90 and len(text.split()) <= max_words and not text.endswith(".")


def clip(text: str, limit: int = MAX_TEXT) -> str:
    """Whitespace collapsed and cut to the schema's length limit."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def clip_long(text: str) -> str:
    return clip(text, MAX_LONG_TEXT)
