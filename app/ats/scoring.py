"""The built-in ATS scorer: how well a resume meets a job description.

Pure, deterministic and offline (no I/O): read the job description once with `read_job`, then
score any number of resumes against it with `score_against`, or, when a resume has been read
already (its stored ResumeProfile, app/ats/resume_profile.py), with `score_profile`.

The score is a weighted combination of four components, each an integer 0..100:

    score = round(0.60 * skills + 0.10 * keywords + 0.25 * experience + 0.05 * sections)

- skills: 100 * (0.85 * share of required skills matched + 0.15 * share of preferred ones)
  (only the share of those the job has when it lists one kind; 100 when it names no skill of the
  vocabulary). So a resume with every required skill scores at least 0.60 * 85 = 51, and one
  with none at most 0.60 * 15 + 40 = 49: it always scores higher, whatever else they hold.
  (Hence skills keep at least 0.6 of the weight.)
- keywords: 100 * matched / listed keywords (job-description words and two-word phrases that
  are not skills, stop words or names); 100 when there are none.
- experience: the role and the years. The role is the job category the description reads as
  (the analyser's category profiles and titles, app/ai/categories.py) and the resume's field the
  one its analysis predicted: 100 when they are the same, else 0. Years: 100 * min(1, resume
  years / required years); 100 when no years are asked for; 50 when they are but the resume
  states no dates or durations. The component is 0.6 * role + 0.4 * years (years alone when the
  description reads as no category). The role weighs most because a recruiter's first filter is
  "has this person done this job": on the real resumes of bench/matching.py it is what tells an
  advocate's or a salesperson's resume from the many that share a few office skills.
- sections: 100 * present / 5, out of experience, education, skills, projects and contact.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from app.ai.schemas import ComprehensiveAnalysis
from app.ai.sections import repair_glued_headings
from app.ai.skills import skill_vocabulary
from app.ai.text import normalise
from app.ai.vocabulary import scan
from app.ats.resume_profile import (
    SECTIONS,
    ResumeProfile,
    field_of,
    profile_of,
    skills_in,
    stem,
    years_from,
)
from app.core.structs import CamelStruct

WEIGHTS = {"skills": 0.60, "keywords": 0.10, "experience": 0.25, "sections": 0.05}
# Within the experience component: the role (same category as the job), then the years.
ROLE_SHARE = 0.6
# Within the skills component, when the job has both: required skills, then preferred ones.
REQUIRED_SHARE = 0.85
PROVIDER = "builtin"

MAX_KEYWORDS = 20
# A description longer than this is read only up to here (the API allows 20,000 characters).
MAX_JOB_CHARS = 20_000


# ---------------------------------------------------------------------------------------------
# The result: exactly the breakdown of an AtsEvaluation (API.md), camelCase on the wire.


class AtsComponents(CamelStruct):
    """Each part of the score, 0..100; score = round(0.60 skills + 0.10 keywords +
    0.25 experience + 0.05 sections)."""

    skills: int
    keywords: int
    experience: int
    sections: int


class AtsMatchedSkill(CamelStruct):
    """A required or preferred skill the resume has."""

    name: str
    # A line of the resume's own text that shows the skill; null when only the analysis has it.
    evidence: str | None


class AtsSkills(CamelStruct):
    """Canonical skill names: the job's required and preferred ones, those the resume shows,
    and the required ones it lacks."""

    required: list[str]
    preferred: list[str]
    matched: list[AtsMatchedSkill]
    missing: list[str]


class AtsKeywords(CamelStruct):
    """Job-description terms that are not skills, found in the resume or not."""

    matched: list[str]
    missing: list[str]


class AtsSections(CamelStruct):
    """Out of experience, education, skills, projects and contact."""

    present: list[str]
    missing: list[str]


class AtsExperience(CamelStruct):
    """Years of experience the job asks for and the resume shows (null: not stated), and the
    job category each reads as (null: none)."""

    required_years: int | None
    resume_years: int | None
    job_field: str | None = None
    resume_field: str | None = None


class AtsResult(CamelStruct):
    """One resume scored against one job description (an AtsEvaluation without its ids)."""

    score: int
    components: AtsComponents
    skills: AtsSkills
    keywords: AtsKeywords
    sections: AtsSections
    experience: AtsExperience
    suggestions: list[str]
    provider: str = PROVIDER


@dataclass(frozen=True, slots=True)
class JobRequirements:
    """What a job description asks for, read once and reused for every resume."""

    # Canonical technical skill names, first mention first; none is in both lists.
    required: tuple[str, ...]
    preferred: tuple[str, ...]
    # Significant terms that are not skills, in display form (lower case), most frequent first.
    keywords: tuple[str, ...]
    required_years: int | None
    # The job category the description reads as (CATEGORIES); None when nothing points to one.
    field: str | None = None


# ---------------------------------------------------------------------------------------------
# Reading the job description.

# A sentence or line that makes its skills "preferred" rather than required.
_PREFERRED = re.compile(
    r"\b(?:preferred|preferably|prefer|nice[\s-]+to[\s-]+have|nice[\s-]+to[\s-]+haves"
    r"|a\s+plus|is\s+a\s+plus|are\s+a\s+plus|plus\s*:|bonus|desirable|desired|ideally"
    r"|optional|good[\s-]+to[\s-]+have|would\s+be\s+(?:great|good|nice))\b",
    re.IGNORECASE,
)
# A heading that opens a preferred block ("Nice to have:", "Bonus points").
_PREFERRED_HEADING = re.compile(
    r"^\W*(?:preferred|nice[\s-]+to[\s-]+haves?|bonus(?:\s+points)?|desirable|desired|good[\s-]+to"
    r"[\s-]+have|pluses|plus|optional|preferred\s+(?:qualifications|skills|experience))\b[^.]{0,40}$",
    re.IGNORECASE,
)
# A heading that closes it again ("Requirements", "Must have", "What you will do").
_REQUIRED_HEADING = re.compile(
    r"^\W*(?:requirements?|required|must[\s-]+haves?|qualifications|minimum\s+qualifications"
    r"|basic\s+qualifications|responsibilities|what\s+you|who\s+you|you\s+have|you\s+bring"
    r"|skills|about|the\s+role|your\s+role|key\s+skills|essential)\b[^.]{0,40}$",
    re.IGNORECASE,
)
# Job-ad phrasing that the vocabulary would take for a skill ("we are hiring": Recruitment).
_AD_PHRASES = re.compile(
    r"\b(?:we(?:'re|\s+are)|is|are|now|currently)\s+(?:actively\s+)?hiring\b|\bhiring\s+(?:for|an?)\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n")
_HEADING_LIKE = re.compile(r"^[^.!?]{1,60}:?\s*$")

_YEARS = re.compile(
    r"(?:at\s+least|minimum(?:\s+of)?|min\.?|over|more\s+than|no\s+less\s+than)?\s*"
    r"(\d{1,2})\s*(?:\+|plus)?\s*(?:(?:-|\u2013|to)\s*\d{1,2}\s*\+?\s*)?"
    r"(?:years?|yrs?)\b",
    re.IGNORECASE,
)
_YEAR_SPAN = re.compile(r"\d\s*(?:\+|plus\b|(?:-|\u2013|to)\s*\d)", re.IGNORECASE)
_EXPERIENCE_WORD = re.compile(r"\b(?:experience|exp|background|industry|professional)\b", re.I)

_WORD = re.compile(r"[a-z][a-z0-9+#]*(?:[.-][a-z0-9+#]+)*")
_CASED_WORD = re.compile(r"[A-Za-z][A-Za-z0-9+#]*(?:[.-][A-Za-z0-9+#]+)*")

# Words too common in job descriptions (or English) to be worth matching.
_STOPWORD_TEXT = """
    a about above across after again against all also am an and any are around as at be because
    been before being below between both but by can could did do does doing down during each etc
    few for from further had has have having he her here hers him his how i if in into is it its
    itself just me more most my no nor not now of off on once only or other our ours out over own
    per same she should so some such than that the their theirs them then there these they this
    those through to too under until up upon very was we were what when where which while who whom
    why will with within without would you your yours via us able across along among
    ability abilities experience experienced years year yrs strong excellent good great solid
    proven work working works worked team teams role roles job jobs candidate candidates position
    company we're you'll you're must required requirements requirement preferred plus bonus nice
    have having including include includes new using use used knowledge understanding familiarity
    familiar skills skill responsibilities responsibility qualifications qualification looking join
    help opportunity apply applicant applicants day days time full part based well like least
    minimum make makes making build building across related relevant one two three four
    five six seven eight nine ten first best high highly key want need needs needed ideal ideally
    desired desirable similar other others environment environments hands-on hands level
    maintain improve ensure collaborate drive deliver own write create support develop implement
    provide join grow growing hiring hire offer offers competitive salary equity benefits equal
    employer employers please send resume resumes cv apply remote remote-first hybrid office
    opportunity opportunities exciting passionate fast-paced dynamic talented world-class we'll
    what's who's everything anything something every many much way ways
"""
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())


def _sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(text) if s.strip()]


@functools.cache
def _skill_words() -> dict[str, frozenset[str]]:
    """For each technical skill, the words of its name and aliases (kept out of keywords)."""
    words: dict[str, frozenset[str]] = {}
    for entry in skill_vocabulary():
        if entry.soft:
            continue
        spellings = (entry.name, *entry.aliases)
        words[entry.name] = frozenset(w for s in spellings for w in _WORD.findall(s.lower()))
    return words


def _required_years(sentences: Iterable[str]) -> int | None:
    found: list[int] = []
    for sentence in sentences:
        about_experience = bool(_EXPERIENCE_WORD.search(sentence))
        for match in _YEARS.finditer(sentence):
            years = int(match.group(1))
            # "5+ years" and "2-4 years" ask for experience wherever they stand; a plain
            # "3 years" only in a sentence about experience.
            if 0 < years <= 30 and (about_experience or _YEAR_SPAN.search(match.group(0))):
                found.append(years)
    return max(found) if found else None


def read_job(job_description: str, title: str | None = None) -> JobRequirements:
    """Required and preferred skills, keywords, required years and the category of a job
    description; `title` (the job's, when given apart) counts as its headline."""
    text = normalise(job_description[:MAX_JOB_CHARS])
    required: list[str] = []
    preferred: list[str] = []
    required_sentences: list[str] = []
    counts: Counter[str] = Counter()
    first_seen: dict[str, int] = {}
    display: dict[str, str] = {}
    lowercase: set[str] = set()
    titlecase_inside: set[str] = set()
    # Two such words in a row ("patient scheduling"): a phrase when it comes back.
    pairs: Counter[tuple[str, str]] = Counter()
    in_preferred_block = False
    for line in text.split("\n"):
        stripped = line.strip(" \t\u2022*-:")
        if not stripped:
            continue
        if _HEADING_LIKE.match(stripped):
            if _PREFERRED_HEADING.match(stripped):
                in_preferred_block = True
            elif _REQUIRED_HEADING.match(stripped):
                in_preferred_block = False
        for sentence in _sentences(line):
            is_preferred = in_preferred_block or bool(_PREFERRED.search(sentence))
            if not is_preferred:
                required_sentences.append(sentence)
            target = preferred if is_preferred else required
            for _, name in skills_in(scan(_AD_PHRASES.sub(" ", sentence))):
                if name not in target:
                    target.append(name)
            previous: str | None = None
            for index, match in enumerate(_CASED_WORD.finditer(sentence)):
                written = match.group(0).strip(".-")
                word = written.lower()
                key = stem(word)
                if len(word) < 3 or word in _STOPWORDS or word.isdigit() or key in _STOPWORDS:
                    previous = None
                    continue
                if previous is not None:
                    pairs[(previous, key)] += 1
                previous = key
                counts[key] += 1
                first_seen.setdefault(key, len(first_seen))
                display.setdefault(key, word)
                if written.islower():
                    lowercase.add(key)
                elif index > 0 and written.istitle():
                    titlecase_inside.add(key)
    preferred = [name for name in preferred if name not in required]
    skill_words: set[str] = set()
    by_name = _skill_words()
    for name in (*required, *preferred):
        skill_words |= {stem(w) for w in by_name.get(name, ())}
    # A word only ever written Capitalised, and so mid-sentence, names something (the company,
    # a city): not a term a resume should repeat.
    names = titlecase_inside - lowercase

    def usable(key: str) -> bool:
        return key not in skill_words and key not in names

    phrases = {
        pair: count
        for pair, count in pairs.items()
        if count >= 2 and pair[0] != pair[1] and usable(pair[0]) and usable(pair[1])
    }
    # A word that only ever comes inside one of the phrases is left to the phrase.
    inside: Counter[str] = Counter()
    for (first, second), count in phrases.items():
        inside[first] += count
        inside[second] += count
    ranked: list[tuple[int, int, str]] = [
        (-count, first_seen[first], f"{display[first]} {display[second]}")
        for (first, second), count in phrases.items()
    ]
    ranked += [
        (-counts[key], first_seen[key], display[key])
        for key in counts
        if usable(key) and counts[key] > inside[key]
    ]
    ranked.sort()
    keywords = tuple(term for _, _, term in ranked[:MAX_KEYWORDS])
    return JobRequirements(
        required=tuple(required),
        preferred=tuple(preferred),
        keywords=keywords,
        required_years=_required_years(required_sentences),
        field=field_of(repair_glued_headings(f"{normalise(title)}\n{text}" if title else text)),
    )


# ---------------------------------------------------------------------------------------------
# Scoring.


def _skills_component(job: JobRequirements, matched_required: int, matched_preferred: int) -> int:
    if not job.required:
        return _percent(matched_preferred, len(job.preferred))
    required = matched_required / len(job.required)
    if not job.preferred:
        return round(100 * required)
    preferred = matched_preferred / len(job.preferred)
    return round(100 * (REQUIRED_SHARE * required + (1 - REQUIRED_SHARE) * preferred))


def _percent(part: float, whole: float) -> int:
    return 100 if whole <= 0 else round(100 * min(part, whole) / whole)


def missing_skill_tip(name: str) -> str:
    """The suggestion for a required skill the resume lacks."""
    return (
        f"Add {name}: the job requires it. If you have used it, name it in your skills and in "
        "the job or project where you used it."
    )


def _suggestions(
    job: JobRequirements,
    field: str | None,
    missing: list[str],
    missing_preferred: list[str],
    missing_keywords: list[str],
    missing_sections: list[str],
    years: int | None,
) -> list[str]:
    tips = [missing_skill_tip(name) for name in missing]
    if missing_preferred:
        names = ", ".join(missing_preferred[:5])
        tips.append(f"The job prefers {names}: mention any of them you have used.")
    if job.field is not None and field != job.field:
        reads_as = f"reads as {field}" if field else "does not say what kind of work you do"
        tips.append(
            f"The job is a {job.field} role and your resume {reads_as}: if you have done this "
            "kind of work, put the role's title in your headline and describe that work first."
        )
    if job.required_years is not None and (years is None or years < job.required_years):
        shown = "no dates" if years is None else f"about {years} years"
        tips.append(
            f"The job asks for {job.required_years}+ years of experience and your resume shows "
            f"{shown}: give each job its dates (e.g. 'Jan 2020 - Present')."
        )
    hints = {
        "experience": "an Experience section listing each job with its dates and results",
        "education": "an Education section with your degree, institution and year",
        "skills": "a Skills section listing the technologies you use",
        "projects": "a Projects section with the technologies each project used",
        "contact": "your contact details (e-mail and phone) at the top",
    }
    tips.extend(f"Add {hints[section]}." for section in missing_sections)
    if missing_keywords:
        words = ", ".join(missing_keywords[:8])
        tips.append(f"Use the job description's own terms where they are true of you: {words}.")
    return tips


def score_against(
    job: JobRequirements,
    resume_text: str,
    analysis: ComprehensiveAnalysis | None,
    *,
    field: str | None = None,
    today: datetime.date | None = None,
) -> AtsResult:
    """Score one resume (its text and, when there is one, its analysis) against a job.

    `field`: the resume's predicted field (its analysis row's); read from the text when None.
    "Present" in a date range is this month (UTC), or `today`'s when given: the same inputs
    give the same result within a month, and always with `today`.
    """
    return score_profile(job, profile_of(resume_text, analysis, field), today=today)


@functools.lru_cache(maxsize=256)
def _keyword_needles(keywords: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """Each keyword and what it is in a profile's `words`: made once a job, not once a resume
    (matching scores twenty resumes against one job)."""
    return tuple((k, f" {' '.join(stem(part) for part in k.split())} ") for k in keywords)


def score_profile(
    job: JobRequirements, profile: ResumeProfile, *, today: datetime.date | None = None
) -> AtsResult:
    """score_against with the resume read already (a stored profile: no text to read)."""
    have = profile.skills
    wanted = (*job.required, *job.preferred)
    matched = [AtsMatchedSkill(name=name, evidence=have[name]) for name in wanted if name in have]
    missing = [name for name in job.required if name not in have]
    missing_preferred = [name for name in job.preferred if name not in have]
    matched_required = len(job.required) - len(missing)
    matched_preferred = len(job.preferred) - len(missing_preferred)
    skills_component = _skills_component(job, matched_required, matched_preferred)

    # Keywords: whole words of the resume, plural-folded; a phrase, two of them in a row.
    matched_keywords: list[str] = []
    missing_keywords: list[str] = []
    for keyword, needle in _keyword_needles(job.keywords):
        (matched_keywords if needle in profile.words else missing_keywords).append(keyword)
    keywords_component = _percent(len(matched_keywords), len(job.keywords))

    years = years_from(profile.years, today)
    if job.required_years is None:
        years_fit = 100
    elif years is None:
        years_fit = 50
    else:
        years_fit = _percent(years, job.required_years)
    field = profile.field
    if job.field is None:
        experience_component = years_fit
    else:
        role_fit = 100 if field == job.field else 0
        experience_component = round(ROLE_SHARE * role_fit + (1 - ROLE_SHARE) * years_fit)

    present = profile.sections
    absent = [section for section in SECTIONS if section not in present]
    sections_component = _percent(len(present), len(SECTIONS))

    components = AtsComponents(
        skills=skills_component,
        keywords=keywords_component,
        experience=experience_component,
        sections=sections_component,
    )
    score = round(
        WEIGHTS["skills"] * components.skills
        + WEIGHTS["keywords"] * components.keywords
        + WEIGHTS["experience"] * components.experience
        + WEIGHTS["sections"] * components.sections
    )
    return AtsResult(
        score=max(0, min(100, score)),
        components=components,
        skills=AtsSkills(
            required=list(job.required),
            preferred=list(job.preferred),
            matched=matched,
            missing=missing,
        ),
        keywords=AtsKeywords(matched=matched_keywords, missing=missing_keywords),
        sections=AtsSections(present=present, missing=absent),
        experience=AtsExperience(
            required_years=job.required_years,
            resume_years=years,
            job_field=job.field,
            resume_field=field,
        ),
        suggestions=_suggestions(
            job, field, missing, missing_preferred, missing_keywords, absent, years
        ),
        provider=PROVIDER,
    )
