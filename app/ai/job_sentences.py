"""Jobs stated in a sentence: "Worked as a Software Engineer in Technosoft Corporation, Chennai",
"Currently working in Infrasoft Technologies, Andheri as a Java Developer."."""

from __future__ import annotations

import re

from app.ai.employers import is_employer
from app.ai.lines import has_role_word

_VERB = r"(?:currently\s+|presently\s+)?(?:working|worked|employed|serving|served)"
_PLACE = r"(?:at|in|with|for)"
# A role or employer ends at punctuation or at a word that starts what comes next.
_TITLE_ABBREVIATION = r"(?:(?:sr|jr|asst|dy)\.\s*)?"  # "Sr. Sales Executive"
_END = r"(?=\s*[.,;:(]|\s+(?:from|since|till|until|during|in|at|for|with|where)\b|\s*$)"
_ROLE_FIRST = re.compile(
    rf"\b{_VERB}\s+as\s+(?:an?\s+)?"
    rf"(?P<role>{_TITLE_ABBREVIATION}[A-Za-z][\w .&/()-]{{1,60}}?)\s+{_PLACE}\s+"
    rf"(?P<company>[A-Z][\w.&'-]*(?:\s+(?:[A-Z][\w.&'-]*|of|and|&)){{0,7}}){_END}",
    re.IGNORECASE,
)
_COMPANY_FIRST = re.compile(
    rf"\b{_VERB}\s+{_PLACE}\s+(?P<company>[A-Z][^,(]{{1,80}}?)(?:\s*,[^,]{{1,30}}?|\s*\(.*?\))?"
    rf"\s+(?i:as)\s+(?:an?\s+)?(?P<role>{_TITLE_ABBREVIATION}[A-Za-z][\w .&/-]{{1,50}}?){_END}",
    re.IGNORECASE,
)
_MAX_WORDS = 8


def _case_sensitive_start(company: str) -> bool:
    # IGNORECASE lets "[A-Z]" match any letter: an employer still starts with a capital.
    return company[:1].isupper()


def job_in_sentence(text: str) -> tuple[str, str] | None:
    """(role, employer) when the text states a job in so many words, else None."""
    if " as " not in text.lower():
        return None  # the cheap test first: most lines state no job
    for pattern in (_ROLE_FIRST, _COMPANY_FIRST):
        match = pattern.search(text)
        if match is None:
            continue
        role = " ".join(match.group("role").split())
        company = " ".join(match.group("company").split()).rstrip(".")
        if (
            _case_sensitive_start(company)
            and len(company.split()) <= _MAX_WORDS
            and len(role.split()) <= _MAX_WORDS
            and has_role_word(role)
            and is_employer(company)
        ):
            return role, company
    return None
