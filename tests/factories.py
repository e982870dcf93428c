"""Rows for tests, written straight to the database through the real tables."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from tables import (
    Account,
    Analysis,
    AtsEvaluation,
    BulkUpload,
    ColdMailRequest,
    ColdMailResponse,
    CoverLetterRequest,
    CoverLetterResponse,
    EmailVerificationToken,
    InterviewAnswer,
    InterviewRequest,
    Job,
    LlmConfig,
    PasswordResetToken,
    Recruiter,
    Resume,
    Session,
)


async def populate_user(user_id: Any) -> None:
    """Give a user one row in every table that can belong to a user."""
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
    tag = uuid.uuid4().hex
    await Account(user_id=user_id, type="oauth", provider="github", provider_account_id=tag).save()
    await Session(user_id=user_id, session_token=f"s{tag}", expires=later).save()
    await EmailVerificationToken(user_id=user_id, token=f"v{tag}", expires_at=later).save()
    await PasswordResetToken(user_id=user_id, token=f"r{tag}", expires_at=later).save()
    resume = Resume(user_id=user_id, custom_name="CV", raw_text="Python developer")
    await resume.save()
    await Analysis(
        resume_id=resume.id, predicted_field="Python Developer", comprehensive_analysis={}
    ).save()
    await AtsEvaluation(
        user_id=user_id,
        resume_id=resume.id,
        job_description="Python developer wanted",
        score=50,
        result={},
        provider="builtin",
    ).save()
    mail = ColdMailRequest(
        user_id=user_id,
        recipient_name="Ada",
        recipient_role="CTO",
        company_name="Acme",
        resume_id=resume.id,
    )
    await mail.save()
    await ColdMailResponse(request_id=mail.id, subject="Hi", email_content="Hello").save()
    letter = CoverLetterRequest(
        user_id=user_id, company_name="Acme", job_title="Engineer", resume_id=resume.id
    )
    await letter.save()
    await CoverLetterResponse(request_id=letter.id, content="Dear Hiring Manager").save()
    interview = InterviewRequest(user_id=user_id, question="Why us?", resume_id=resume.id)
    await interview.save()
    await InterviewAnswer(request_id=interview.id, answer="Because.").save()
    job = Job(kind="bulk_upload", created_by_id=user_id)
    await job.save()
    await BulkUpload(admin_id=user_id, file_name="batch.zip", job_id=job.id).save()
    await Recruiter(admin_id=user_id, email="hr@acme.example", company_name="Acme").save()
    await LlmConfig(
        user_id=user_id, label="Mine", base_url="https://llm.example/v1", model="m", active=True
    ).save()
