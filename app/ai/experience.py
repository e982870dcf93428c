"""Experience entries: company, role, duration and highlights from an experience section."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from app.ai.dates import find_duration, remove_dates
from app.ai.employers import employer_key, is_employer, same_role
from app.ai.job_sentences import job_in_sentence
from app.ai.lines import (
    ROLE_WORDS,
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
_MAX_OPENING_ROLE_WORDS = 4
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
        if role_word and company_word:
            # "Software Engineer" is a role, "Acme Software" a company: the last such word decides.
            role, company = _split_role_and_company(part)
            draft.role = draft.role or role
            draft.company = draft.company or company
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
    lead = words[: last_company + 1]
    if all(has_company_word(w) or not w[:1].isalpha() for w in lead):
        return text, ""  # "Software Engineer", "Tech Lead": the company word describes the role
    return " ".join(words[last_company + 1 :]), " ".join(lead)


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
    """A line that is mostly a date range, perhaps with a place: "Pune Sept 2017 to Present".

    What is left once the dates are gone must not name a role or an organisation:
    "Acme Ltd, Jan 2021 - Present" is a header.
    """
    if not find_duration(text):
        return False
    rest = remove_dates(text)
    return len(rest.split()) <= 3 and not (has_role_word(rest) or has_company_word(rest))


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
            # Under a bare role line, the words beside the dates name the employer:
            # "Backend Engineer" then "Acme Analytics, Jan 2021 - Present".
            rest = _HEADER_SPLIT.split(remove_dates(text))[0].strip(" .,:-")
            if rest and last.role and not (last.company or last.highlights):
                last.company = rest
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


def _headline_role(draft: _Draft, headlines: list[str]) -> str:
    """The role of a "Role - Company" headline naming this draft's company."""
    company = employer_key(draft.company)
    for line in headlines:
        match = _ROLE_AT_COMPANY.match(line.strip())
        if match and company and employer_key(match.group("company")) == company:
            role = match.group("role").strip()
            if has_role_word(role) or len(role.split()) <= 4:
                return role
    return ""


def _fill_roles(draft: _Draft, headlines: list[str]) -> None:
    """Find a missing role in a "Role - Company" headline or in "working as X at Y" prose."""
    if draft.role:
        return
    draft.role = _headline_role(draft, headlines) or _opening_role(draft)
    for highlight in draft.highlights:
        if draft.role:
            return
        match = _WORKING_AS.search(highlight)
        if match:
            draft.role = match.group(1).strip()


def _opening_role(draft: _Draft) -> str:
    """A description that opens with the role: "Database Administrator working on 24x7
    support", "software Test engineer"."""
    if not draft.highlights:
        return ""
    words = draft.highlights[0].rstrip(".").split()
    for count in range(min(len(words), _MAX_OPENING_ROLE_WORDS), 0, -1):
        lead = " ".join(words[:count])
        if words[count - 1].lower() not in ROLE_WORDS:
            continue
        if has_company_word(lead) and _split_role_and_company(lead)[1]:
            return ""  # "Acme Software Engineer ...": an employer, not only a role
        return lead if count == len(words) or count > 1 else ""
    return ""


def _own_title(headlines: list[str]) -> str:
    """The resume's own job title: its first short headline naming a role and nothing else."""
    for line in headlines:
        text = line.strip(" .:-")
        if (
            text[:1].isupper()
            and len(text.split()) <= 6
            and has_role_word(text)
            and not has_company_word(text)
            and not any(c.isdigit() for c in text)
        ):
            return text
    return ""


def _merge(drafts: list[_Draft]) -> list[_Draft]:
    """One entry per job: a repeated employer, or a role with no employer, joins the entry
    before it when their roles agree (portal exports repeat "company - X" per project)."""
    merged: list[_Draft] = []
    for draft in drafts:
        key = employer_key(draft.company)
        target = next(
            (
                m
                for m in reversed(merged)
                if (not key or employer_key(m.company) == key) and same_role(m.role, draft.role)
            ),
            None,
        )
        if target is None or (not key and merged and target is not merged[-1]):
            merged.append(draft)
            continue
        target.role = target.role or draft.role
        target.company = target.company or draft.company
        target.duration = target.duration or draft.duration
        target.highlights.extend(draft.highlights)
    return merged


def _with_stated_jobs(drafts: list[_Draft]) -> list[_Draft]:
    """Each draft, then the jobs its lines state at another employer ("Worked as a Software
    Engineer in Technosoft Corporation"); one stated at its own employer fills its role."""
    result: list[_Draft] = []
    for draft in drafts:
        result.append(draft)
        for highlight in draft.highlights:
            stated = job_in_sentence(highlight)
            if stated is None:
                continue
            role, company = stated
            if not draft.company or employer_key(company) == employer_key(draft.company):
                draft.company = draft.company or company
                draft.role = draft.role or role
            else:
                result.append(_Draft(company, role, find_duration(highlight)))
    return result


def extract_experience(lines: list[str], headlines: list[str]) -> list[Experience]:
    """Experience entries with at least a company or a role, in the resume's order."""
    drafts = parse_experience(lines)
    for draft in drafts:
        if draft.company and not is_employer(draft.company):
            draft.company = ""
    drafts = _with_stated_jobs(drafts)
    for draft in drafts:
        if draft.company and not is_employer(draft.company):
            draft.company = ""
        if not draft.duration:
            draft.duration = next((d for h in draft.highlights if (d := find_duration(h))), "")
        _fill_roles(draft, headlines)
    drafts = _merge([d for d in drafts if d.company or d.role])
    if drafts and not drafts[0].role:
        # The title a resume opens with is the current, usually the first, job's.
        drafts[0].role = _own_title(headlines)
    return [draft.build() for draft in drafts[:MAX_ENTRIES]]
