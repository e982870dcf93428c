"""Bodies of POST /resumes/{id}/tailor."""

from __future__ import annotations

from app.ats.schemas import AtsEvaluationIn, AtsEvaluationOut
from app.core.structs import CamelStruct
from app.resumes.schemas import CustomName, ResumeOut


class TailorIn(AtsEvaluationIn):
    """The job (as for an ATS evaluation) and, optionally, the new resume's name."""

    custom_name: CustomName | None = None


class TailorOut(CamelStruct):
    resume: ResumeOut
    ats_before: AtsEvaluationOut
    ats_after: AtsEvaluationOut
