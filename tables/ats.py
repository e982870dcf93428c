"""ATS evaluations: a resume scored against a job description, with the breakdown."""

from piccolo.columns import JSONB, Integer, Text, Varchar
from piccolo.constraints import Check
from piccolo.table import Table

from tables.auth import User
from tables.columns import created_now, one_of, owned_by, uuid_pk
from tables.resumes import Resume


class AtsEvaluation(Table, tablename="ats_evaluation"):
    id = uuid_pk()
    user_id = owned_by(User)
    resume_id = owned_by(Resume)
    job_title = Varchar(length=200, null=True, default=None)
    company_name = Varchar(length=200, null=True, default=None)
    job_description = Text(null=False)
    score = Integer(null=False)
    # The breakdown of API.md's AtsEvaluation: components, skills, keywords, sections,
    # experience and suggestions.
    result = JSONB(null=False)
    provider = Varchar(length=20, null=False)
    created_at = created_now()

    ats_evaluation_score_range = Check("score BETWEEN 0 AND 100")
    ats_evaluation_provider_known = one_of("provider", ("builtin", "openai"))
