"""Where interview questions are stored: the request, its answers, scoped to the owner."""

from __future__ import annotations

from app.core.replies import RequestWithReplies
from tables import InterviewAnswer, InterviewRequest

INTERVIEWS = RequestWithReplies(
    InterviewRequest,
    [
        InterviewRequest.id,
        InterviewRequest.question,
        InterviewRequest.role,
        InterviewRequest.company_name,
        InterviewRequest.word_limit,
        InterviewRequest.resume_id,
        InterviewRequest.created_at,
    ],
    InterviewAnswer,
    [InterviewAnswer.id, InterviewAnswer.answer, InterviewAnswer.created_at],
    not_found="No such interview question",
)
