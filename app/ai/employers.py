"""Telling employers apart: which "company" values name one, and which entries are one job.

Resumes exported from job portals repeat "company - X" once per project of a job, and put
captions or traits where the employer should be ("company - Current Project").
"""

from __future__ import annotations

import functools
import re

from app.ai.lexicon_domains import SOFT
from app.ai.lines import COMPANY_WORDS, has_company_word
from app.ai.skills import alias_specs
from app.ai.text import fold

_WORD = re.compile(r"[a-z0-9&]+")
_NO_EMPLOYER = frozenset({"none", "na", "n a", "nil", "not applicable", "fresher", "self"})
# Words of captions standing where an employer should: "Current Project", "Nature Of Work",
# "CAREER TIMELINE", "SAP EXPOSURE", "Experience Of".
_CAPTION_WORDS = frozenset(
    {"project", "projects", "work", "timeline", "exposure", "details", "responsibilities"}
    | {"summary", "experience"}
)
_MAX_NAME_WORDS = 7
# Past this, even a name with "Software" or "Ltd" in it is a sentence.
_MAX_WORDS = 10


@functools.cache
def _traits() -> frozenset[str]:
    """Soft skills as resumes write them: "Quick Learner" is a trait, not an employer."""
    return frozenset(
        fold(spec.lstrip("~="))
        for name, aliases in SOFT.items()
        for spec in alias_specs(name, aliases)
    )


def is_employer(name: str) -> bool:
    """False for what stands where an employer should but names none."""
    folded = fold(name).strip(" .,:;-")
    words = _WORD.findall(folded)
    if not words or len(words) > _MAX_WORDS or folded in _NO_EMPLOYER or folded in _traits():
        return False
    if has_company_word(name):
        return True
    # "Current Project", a caption; or a whole sentence ("Working on the payroll package ...")
    return not (_CAPTION_WORDS & set(words)) and len(words) <= _MAX_NAME_WORDS


def employer_key(name: str) -> str:
    """What two spellings of one employer share: "Tech Mahindra" and "Tech Mahindra Pvt. Ltd
    Pune" give "mahindra"; legal and generic words (Pvt, Ltd, Technologies) do not count."""
    words = [w for w in _WORD.findall(name.lower()) if w not in COMPANY_WORDS]
    return words[0] if words else ""


def same_role(first: str, second: str) -> bool:
    """True when one role is empty or one starts like the other ("Java Developer, Testing")."""
    a, b = fold(first), fold(second)
    return not a or not b or a.startswith(b) or b.startswith(a)
