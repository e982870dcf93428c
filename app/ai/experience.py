"""Experience entries: company, role, duration and highlights from an experience section."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from app.ai.dates import find_duration, remove_dates
from app.ai.lines import (
    clip,
    clip_long,
    has_company_word,
    has_role_word,
    is_bullet,
    is_short_line,
    key_value,
    strip_bullet,
)
from app.ai.schemas import MAX_ENTRIES, MAX_ITEMS, Experience

_COMPANY_KEYS = frozenset(
    {"company", "company name", "organisation", "organization", "employer", "client", "firm"}
)
_ROLE_KEYS = frozenset({"role", "designation", "position", "title", "job title", "profile"})
_DURATION_KEYS = frozenset({"duration", "period", "tenure", "tenure period", "dates", "date"})
_TEXT_KEYS = frozenset(
    {
        "description",
        "responsibilities",
        "roles and responsibilities",
        "key responsibilities",
        "job responsibilities",
        "achievements",
        "summary",
        "work profile",
        "job profile",
    }
)
_KEYS = _COMPANY_KEYS | _ROLE_KEYS | _DURATION_KEYS | _TEXT_KEYS
_HEADER_SPLIT = re.compile(r"\s+(?:-|\u2013|\u2014|\||@|at)\s+|\s*[|,;(){}\[\]]\s*|\s{2,}")
_ENUMERATION = re.compile(r"^\s*\d{1,2}[.)]\s*")
_WORKING_AS = re.compile(
    r"\b(?:working|worked|work|employed|serving|served|joined)\s+as\s+(?:an?\s+)?"
    r"([A-Za-z][\w .&()/-]{1,60}?)\s+(?:at|in|with|for)\s+",
    re.IGNORECASE,
)
_ROLE_AT_COMPANY = re.compile(
    r"^(?P<role>[^-\u2013|@]{2,80}?)\s+(?:-|\u2013|\||@|at)\s+(?P<company>.{2,80})$"
)


@dataclass(slots=True)
class _Draft:
    company: str = ""
    role: str = ""
    duration: str = ""
    highlights: list[str] = field(default_factory=list)

    def build(self) -> Experience:
        return Experience(
            company=clip(self.company),
            role=clip(self.role),
            duration=clip(self.duration),
            highlights=[clip_long(h) for h in self.highlights[:MAX_ITEMS]],
        )


def _read_header(text: str, draft: _Draft) -> None:
    """Fill company, role and duration from a line like "Developer, Acme Ltd (2015-2017)"."""
    if not draft.duration:
        draft.duration = find_duration(text)
    parts = [p.strip(" .:-") for p in _HEADER_SPLIT.split(_ENUMERATION.sub("", remove_dates(text)))]
    for part in (p for p in parts if p and any(c.isalpha() for c in p)):
        role_word, company_word = has_role_word(part), has_company_word(part)
        if role_word and company_word and not (draft.role or draft.company):
            draft.role, draft.company = _split_role_and_company(part)
        elif not draft.role and role_word and not company_word:
            draft.role = part
        elif not draft.company and (company_word or not role_word):
            draft.company = part


def _split_role_and_company(text: str) -> tuple[str, str]:
    """("Intern", "Acme Pvt Ltd") from "Intern Acme Pvt Ltd" or from "Acme Pvt Ltd Intern"."""
    words = text.split()
    last_role = max(i for i, w in enumerate(words) if has_role_word(w))
    last_company = max(i for i, w in enumerate(words) if has_company_word(w))
    if last_company > last_role:
        return " ".join(words[: last_role + 1]), " ".join(words[last_role + 1 :])
    return " ".join(words[last_company + 1 :]), " ".join(words[: last_company + 1])


def _starts_entry(text: str) -> bool:
    """A short line that names a job: it has a date range, a role or an organisation."""
    if text.endswith(".") and not has_company_word(text.split()[-1]):
        return False  # a sentence, unless it ends in "Inc." or "Ltd."
    return is_short_line(text.rstrip("."), 14) and bool(
        find_duration(text) or has_role_word(text) or has_company_word(text)
    )


def _is_label(text: str) -> bool:
    """A caption such as "Responsibilities:" that introduces lines rather than saying anything."""
    return text.endswith(":") and len(text.split()) <= 4


def _is_dates_line(text: str) -> bool:
    """A line that is mostly a date range, perhaps with a place: "Pune Sept 2017 to Present"."""
    return bool(find_duration(text)) and len(remove_dates(text).split()) <= 3


class _Builder:
    """Accumulates drafts; each method applies one kind of line."""

    def __init__(self) -> None:
        self.drafts: list[_Draft] = []

    def current(self, new: bool = False) -> _Draft:
        if new or not self.drafts:
            self.drafts.append(_Draft())
        return self.drafts[-1]

    def pair(self, key: str, value: str) -> None:
        last = self.drafts[-1] if self.drafts else None
        if key in _COMPANY_KEYS:
            if last is not None and last.company.lower() == value.lower():
                return  # the same company again: more of the same entry
            self.current(new=last is not None and bool(last.company)).company = value
        elif key in _ROLE_KEYS:
            self.current(new=last is not None and bool(last.role)).role = value
        elif key in _DURATION_KEYS:
            self.current().duration = find_duration(value) or value
        elif _is_dates_line(value):
            draft = self.current()
            draft.duration = draft.duration or find_duration(value)
        elif value and not _is_label(value):
            self.current().highlights.append(value)

    def header(self, text: str) -> None:
        last = self.drafts[-1] if self.drafts else None
        if _is_dates_line(text) and last is not None and not last.duration:
            last.duration = find_duration(text)
            return
        fresh = last is None or bool(last.highlights) or bool(last.company and last.role)
        _read_header(text, self.current(new=fresh))


def parse_experience(lines: list[str]) -> list[_Draft]:
    """Group experience lines into entries; a company key or a header line opens a new one."""
    builder = _Builder()
    for raw in lines:
        text = strip_bullet(raw)
        if not text or _is_label(text):
            continue
        pair = key_value(text, _KEYS)
        if pair is not None:
            builder.pair(*pair)
        elif not is_bullet(raw) and _starts_entry(text):
            builder.header(text)
        else:
            builder.current().highlights.append(text)
    return builder.drafts


def _fill_roles(draft: _Draft, headlines: list[str]) -> None:
    """Find a missing role in "working as X at Y" prose or a "Role - Company" headline."""
    if draft.role:
        return
    for highlight in draft.highlights:
        match = _WORKING_AS.search(highlight)
        if match:
            draft.role = match.group(1).strip()
            return
    company = draft.company.lower()
    for line in headlines:
        match = _ROLE_AT_COMPANY.match(line.strip())
        if match and company and match.group("company").strip().lower() == company:
            role = match.group("role").strip()
            if has_role_word(role) or len(role.split()) <= 4:
                draft.role = role
                return


def extract_experience(lines: list[str], headlines: list[str]) -> list[Experience]:
    """Experience entries with at least a company or a role, in the resume's order."""
    entries: list[Experience] = []
    for draft in parse_experience(lines):
        if not draft.duration:
            draft.duration = next((d for h in draft.highlights if (d := find_duration(h))), "")
        _fill_roles(draft, headlines)
        if draft.company or draft.role:
            entries.append(draft.build())
        if len(entries) >= MAX_ENTRIES:
            break
    return entries
