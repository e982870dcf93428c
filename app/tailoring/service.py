"""Tailored copies: a new resume of the caller's, made for a job from one of theirs, that says
nothing the source does not (checked here, whoever wrote it) and scores no lower against the job.
"""

from __future__ import annotations

from uuid import UUID

from app.ai.analyser import Analyser, AnalysisResult
from app.ai.ats import AtsEvaluator, AtsRequest
from app.ai.generation import GenerationFailed
from app.ai.schemas import ComprehensiveAnalysis
from app.ai.tailor import BuiltinResumeTailor, ResumeTailor, TailorRequest, source_skills
from app.ai.text import fold
from app.ats import service as evaluations
from app.ats.scoring import AtsResult
from app.db import transaction
from app.resumes import service as resumes
from app.resumes.schemas import ResumeOut
from app.skills.service import canonical
from app.tailoring.schemas import TailorIn, TailorOut

SOURCE = "tailored"
MAX_TEXT = 500_000


def invented(source: ResumeOut, text: str, analysis: ComprehensiveAnalysis) -> list[str]:
    """Skills and employers of a tailored resume that its source does not have.

    Its skills (its analysis's, and those the vocabulary finds in its text, whoever analysed
    it) must be the source's (its analysis's; named in its text when it has none); its
    employers must be named in the source's text.
    """
    if source.analysis is None:
        have = source_skills(source.raw_text, None)
    else:
        have = {canonical(n) for n in source.analysis.comprehensive_analysis.skills.technical}
    shown = [canonical(n) for n in analysis.skills.technical] + sorted(source_skills(text, None))
    new_skills = [name for name in dict.fromkeys(shown) if name not in have]
    source_text = fold(source.raw_text)
    employers = [
        job.company
        for job in analysis.experience
        if job.company and fold(job.company) not in source_text
    ]
    return new_skills + employers


def _unchanged(source: ResumeOut) -> AnalysisResult | None:
    """The source's own analysis, for a copy of its text."""
    if source.analysis is None:
        return None
    return AnalysisResult(
        predicted_field=source.analysis.predicted_field,
        analysis=source.analysis.comprehensive_analysis,
        ranking=(source.analysis.predicted_field,),
        origin=source.analysis.origin,
    )


def _name(source: ResumeOut, data: TailorIn) -> str:
    if data.custom_name:
        return data.custom_name
    target = data.job_title or data.company_name or "a job"
    return f"{source.custom_name} - for {target}"[:200]


async def tailor(
    user_id: UUID,
    resume_id: UUID,
    data: TailorIn,
    writer: ResumeTailor,
    analyser: Analyser,
    ats: AtsEvaluator,
) -> TailorOut:
    """Write, analyse and score the copy before storing anything: a failure stores nothing.

    A model's copy that names a skill or an employer the source lacks is refused (502). A copy
    that scores lower than the source, or a built-in one that reads as naming more, is replaced
    by the source's own text (scored the same).
    """
    source = await resumes.get(user_id, resume_id)
    before = await ats.evaluate(evaluations.request_for(source, data))
    text = await writer.tailor(
        TailorRequest(
            resume_text=source.raw_text,
            analysis=source.analysis.comprehensive_analysis if source.analysis else None,
            job_description=data.job_description,
            job_title=data.job_title,
            company_name=data.company_name,
        )
    )
    text = text[:MAX_TEXT].replace("\x00", "").strip() or source.raw_text
    result = await analyser.analyse(text)
    extra = invented(source, text, result.analysis)
    if extra and isinstance(writer, BuiltinResumeTailor):
        # The rearranged lines read differently (a list-only alias in a new list): keep the
        # source's text rather than claim more.
        text = source.raw_text
        result = _unchanged(source) or await analyser.analyse(text)
    elif extra:
        raise GenerationFailed(
            "The tailored resume named what the source does not have",
            f"{', '.join(extra[:5])}; nothing was stored",
        )
    after = await ats.evaluate(
        AtsRequest(
            job_description=data.job_description,
            resume_text=text,
            analysis=result.analysis,
            field=result.predicted_field,
            job_title=data.job_title,
            company_name=data.company_name,
        )
    )
    if after.score < before.score:
        text, after = source.raw_text, before
        result = _unchanged(source) or await analyser.analyse(text)
    return await _store(user_id, source, data, (text, result), (before, after))


async def _store(
    user_id: UUID,
    source: ResumeOut,
    data: TailorIn,
    made: tuple[str, AnalysisResult],
    scores: tuple[AtsResult, AtsResult],
) -> TailorOut:
    text, result = made
    before, after = scores
    new = resumes.NewResume(_name(source, data), text, False, SOURCE, parent_id=source.id)
    async with transaction():
        copy_id = await resumes.store(user_id, new, result)
        ats_before = await evaluations.store(user_id, source.id, data, before)
        ats_after = await evaluations.store(user_id, copy_id, data, after)
    copy = await resumes.get(user_id, copy_id)
    return TailorOut(resume=copy, ats_before=ats_before, ats_after=ats_after)
