"""Generated cold mails, cover letters and interview answers, with the requests behind them."""

from piccolo.columns import Integer, Text, Varchar
from piccolo.table import Table

from tables.auth import User
from tables.columns import created_now, optional_link, owned_by, uuid_pk
from tables.resumes import Resume


class ColdMailRequest(Table, tablename="cold_mail_request"):
    id = uuid_pk()
    user_id = owned_by(User)
    recipient_name = Varchar(length=200, null=False)
    recipient_role = Varchar(length=200, null=False)
    company_name = Varchar(length=200, null=False)
    sender_name = Varchar(length=200, null=True, default=None)
    key_points = Text(null=True, default=None)
    additional_info = Text(null=True, default=None)
    company_url = Varchar(length=2048, null=True, default=None)
    resume_id = optional_link(Resume)
    created_at = created_now()


class ColdMailResponse(Table, tablename="cold_mail_response"):
    id = uuid_pk()
    request_id = owned_by(ColdMailRequest)
    subject = Varchar(length=300, null=True, default=None)
    email_content = Text(null=False)
    created_at = created_now()


class InterviewRequest(Table, tablename="interview_request"):
    id = uuid_pk()
    user_id = owned_by(User)
    question = Text(null=False)
    role = Varchar(length=200, null=True, default=None)
    company_name = Varchar(length=200, null=True, default=None)
    word_limit = Integer(default=150, null=False)
    resume_id = optional_link(Resume)
    created_at = created_now()


class InterviewAnswer(Table, tablename="interview_answer"):
    id = uuid_pk()
    request_id = owned_by(InterviewRequest)
    answer = Text(null=False)
    created_at = created_now()


class CoverLetterRequest(Table, tablename="cover_letter_request"):
    id = uuid_pk()
    user_id = owned_by(User)
    company_name = Varchar(length=200, null=False)
    job_title = Varchar(length=200, null=False)
    recipient_name = Varchar(length=200, null=True, default=None)
    job_description = Text(null=True, default=None)
    sender_name = Varchar(length=200, null=True, default=None)
    sender_role_or_goal = Varchar(length=500, null=True, default=None)
    key_points = Text(null=True, default=None)
    additional_info = Text(null=True, default=None)
    resume_id = optional_link(Resume)
    created_at = created_now()


class CoverLetterResponse(Table, tablename="cover_letter_response"):
    id = uuid_pk()
    request_id = owned_by(CoverLetterRequest)
    content = Text(null=False)
    created_at = created_now()
