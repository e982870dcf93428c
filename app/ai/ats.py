"""The ATS evaluator role: the built-in scorer (app/ats/scoring.py) or the configured model."""

from __future__ import annotations

import asyncio
import re
from typing import Annotated, Literal, Protocol, runtime_checkable

import msgspec

from app.ai.openai_compatible import (
    MAX_RESUME_CHARS,
    UNUSABLE,
    ChatCompletionsClient,
    NonBlank,
)
from app.ai.schemas import ComprehensiveAnalysis
from app.ai.text import fold
from app.ats.resume_profile import SECTIONS, line_naming
from app.ats.scoring import (
    AtsComponents,
    AtsExperience,
    AtsKeywords,
    AtsMatchedSkill,
    AtsResult,
    AtsSections,
    AtsSkills,
    missing_skill_tip,
    read_job,
    score_against,
)
from app.skills.service import canonical


class AtsRequest(msgspec.Struct, frozen=True):
    """What an evaluation is given: the job and the resume (its text and analysis)."""

    job_description: str
    resume_text: str
    analysis: ComprehensiveAnalysis | None = None
    # The resume's predicted field (its analysis's); the built-in scorer reads it from the
    # text when missing.
    field: str | None = None
    job_title: str | None = None
    company_name: str | None = None


# Runtime-checkable: Litestar checks injected dependencies against their annotation.
@runtime_checkable
class AtsEvaluator(Protocol):
    """Scores a resume against a job description."""

    async def evaluate(self, request: AtsRequest) -> AtsResult: ...


class BuiltinAtsEvaluator:
    """The built-in scorer: offline and deterministic."""

    def evaluate_sync(self, request: AtsRequest) -> AtsResult:
        job = read_job(request.job_description, request.job_title)
        return score_against(job, request.resume_text, request.analysis, field=request.field)

    async def evaluate(self, request: AtsRequest) -> AtsResult:
        """In a worker thread, so the event loop stays free."""
        return await asyncio.to_thread(self.evaluate_sync, request)


# ---------------------------------------------------------------------------------------------
# The model's reply: the same breakdown, bounded.

Percent = Annotated[int, msgspec.Meta(ge=0, le=100)]
Name = Annotated[str, NonBlank, msgspec.Meta(max_length=100)]
Line = Annotated[str, msgspec.Meta(max_length=500)]
Tip = Annotated[str, NonBlank, msgspec.Meta(max_length=500)]
Years = Annotated[int, msgspec.Meta(ge=0, le=60)]
SectionName = Literal["experience", "education", "skills", "projects", "contact"]


class _ComponentsReply(msgspec.Struct, forbid_unknown_fields=True):
    skills: Percent
    keywords: Percent
    experience: Percent
    sections: Percent


class _MatchedReply(msgspec.Struct, forbid_unknown_fields=True):
    name: Name
    evidence: Line | None = None


class _SkillsReply(msgspec.Struct, forbid_unknown_fields=True):
    required: Annotated[list[Name], msgspec.Meta(max_length=50)]
    preferred: Annotated[list[Name], msgspec.Meta(max_length=50)]
    matched: Annotated[list[_MatchedReply], msgspec.Meta(max_length=100)]
    missing: Annotated[list[Name], msgspec.Meta(max_length=50)]


class _KeywordsReply(msgspec.Struct, forbid_unknown_fields=True):
    matched: Annotated[list[Name], msgspec.Meta(max_length=50)]
    missing: Annotated[list[Name], msgspec.Meta(max_length=50)]


class _SectionsReply(msgspec.Struct, forbid_unknown_fields=True):
    present: Annotated[list[SectionName], msgspec.Meta(max_length=5)]
    missing: Annotated[list[SectionName], msgspec.Meta(max_length=5)]


class _ExperienceReply(msgspec.Struct, rename="camel", forbid_unknown_fields=True):
    required_years: Years | None = None
    resume_years: Years | None = None


class AtsReply(msgspec.Struct, forbid_unknown_fields=True):
    score: Percent
    components: _ComponentsReply
    skills: _SkillsReply
    keywords: _KeywordsReply
    sections: _SectionsReply
    experience: _ExperienceReply
    suggestions: Annotated[list[Tip], msgspec.Meta(max_length=30)]


ATS_PROMPT = f"""\
You are an applicant tracking system. Score the resume against the job description.
Reply with one JSON object only, of this shape:
{{"score": integer 0..100, "components": {{"skills": 0..100, "keywords": 0..100,
"experience": 0..100, "sections": 0..100}}, "skills": {{"required": [skill], "preferred": [skill],
"matched": [{{"name": skill, "evidence": a line copied from the resume that shows it}}],
"missing": [skill]}}, "keywords": {{"matched": [term], "missing": [term]}},
"sections": {{"present": [section], "missing": [section]}},
"experience": {{"requiredYears": integer or null, "resumeYears": integer or null}},
"suggestions": [string]}}
required/preferred are the technical skills the job asks for (preferred: "nice to have",
"a plus"); missing lists required skills the resume lacks; keywords are job terms that are not
skills; sections are out of: {", ".join(SECTIONS)}. Each suggestion is concrete and names the
missing skill or section it is about. Use only facts stated in the resume; keep names under 100
characters, other strings under 500, lists under 50 items."""


def _canonical(name: str) -> str:
    return canonical(" ".join(name.split()))


def _names(folded_text: str, name: str) -> bool:
    """Whether the text names the skill as a word of its own ("Go" is not in "good")."""
    return re.search(rf"(?<![\w+#.]){re.escape(fold(name))}(?![\w+#])", folded_text) is not None


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


def _evidence(claimed: str | None, name: str, resume_text: str) -> str | None:
    """The resume's line that holds the model's evidence, else its first line naming the skill
    (None when it has neither: the model claimed what the text does not say)."""
    if claimed and claimed.strip():
        line = line_naming(resume_text, claimed)
        if line:
            return line
    return line_naming(resume_text, name)


def result_from_reply(reply: AtsReply, resume_text: str) -> AtsResult:
    """The model's breakdown as an AtsResult: skill names made canonical, duplicates dropped,
    evidence held to the resume's own text, and a suggestion added for any missing required
    skill the model's suggestions do not name."""
    required = _unique([_canonical(n) for n in reply.skills.required])
    preferred = [
        n for n in _unique([_canonical(n) for n in reply.skills.preferred]) if n not in required
    ]
    matched: dict[str, AtsMatchedSkill] = {}
    for item in reply.skills.matched:
        name = _canonical(item.name)
        evidence = _evidence(item.evidence, name, resume_text)
        matched.setdefault(name, AtsMatchedSkill(name=name, evidence=evidence))
    # A skill the model both matched and missed is matched; a missed one is required.
    missing = [
        n for n in _unique([_canonical(n) for n in reply.skills.missing]) if n not in matched
    ]
    required += [n for n in missing if n not in required]
    preferred = [n for n in preferred if n not in required]
    suggestions = [" ".join(tip.split()) for tip in reply.suggestions]
    said = fold(" ".join(suggestions))
    suggestions += [missing_skill_tip(name) for name in missing if not _names(said, name)]
    present = _unique(list(reply.sections.present))
    absent = [s for s in _unique(list(reply.sections.missing)) if s not in present]
    components = reply.components
    return AtsResult(
        score=reply.score,
        components=AtsComponents(
            skills=components.skills,
            keywords=components.keywords,
            experience=components.experience,
            sections=components.sections,
        ),
        skills=AtsSkills(
            required=required,
            preferred=preferred,
            matched=list(matched.values()),
            missing=missing,
        ),
        keywords=AtsKeywords(
            matched=_unique(reply.keywords.matched), missing=_unique(reply.keywords.missing)
        ),
        sections=AtsSections(present=present, missing=absent),
        experience=AtsExperience(
            required_years=reply.experience.required_years,
            resume_years=reply.experience.resume_years,
        ),
        suggestions=suggestions,
        provider="openai",
    )


class OpenAIAtsEvaluator:
    """Evaluations by the configured model; a reply that does not fit the structure is a 502."""

    def __init__(self, client: ChatCompletionsClient) -> None:
        self._client = client

    async def evaluate(self, request: AtsRequest) -> AtsResult:
        message: dict[str, object] = {
            "jobTitle": request.job_title,
            "companyName": request.company_name,
            "jobDescription": request.job_description,
            "resume": request.resume_text[:MAX_RESUME_CHARS],
        }
        if request.analysis is not None:
            message["resumeSkills"] = request.analysis.skills.technical[:50]
        user = msgspec.json.encode({k: v for k, v in message.items() if v is not None}).decode()
        reply = await self._client.ask("ats evaluation", ATS_PROMPT, user, AtsReply)
        if set(reply.sections.present) & set(reply.sections.missing):
            raise self._client.failure(
                "ats evaluation", "inconsistent sections", UNUSABLE, http=200
            )
        return result_from_reply(reply, request.resume_text[:MAX_RESUME_CHARS])
