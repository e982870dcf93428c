"""The `tables` Piccolo app: the single description of the schema."""

from tables.admin import BulkUpload, Recruiter
from tables.ats import AtsEvaluation
from tables.auth import (
    Account,
    EmailVerificationToken,
    PasswordResetToken,
    Role,
    Session,
    User,
)
from tables.generation import (
    ColdMailRequest,
    ColdMailResponse,
    CoverLetterRequest,
    CoverLetterResponse,
    InterviewAnswer,
    InterviewRequest,
)
from tables.jobs import Job
from tables.llm import LlmConfig
from tables.reference import Category
from tables.resumes import Analysis, Resume

ALL_TABLES = [
    Role,
    User,
    Account,
    Session,
    EmailVerificationToken,
    PasswordResetToken,
    Resume,
    Analysis,
    ColdMailRequest,
    ColdMailResponse,
    CoverLetterRequest,
    CoverLetterResponse,
    InterviewRequest,
    InterviewAnswer,
    BulkUpload,
    Recruiter,
    Category,
    Job,
    AtsEvaluation,
    LlmConfig,
]

__all__ = [
    "ALL_TABLES",
    "Account",
    "Analysis",
    "AtsEvaluation",
    "BulkUpload",
    "Category",
    "ColdMailRequest",
    "ColdMailResponse",
    "CoverLetterRequest",
    "CoverLetterResponse",
    "EmailVerificationToken",
    "InterviewAnswer",
    "InterviewRequest",
    "Job",
    "LlmConfig",
    "PasswordResetToken",
    "Recruiter",
    "Resume",
    "Role",
    "Session",
    "User",
]
