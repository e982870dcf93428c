"""Where cover letters are stored: the request, its responses, scoped to the owner."""

from __future__ import annotations

from app.core.replies import RequestWithReplies
from tables import CoverLetterRequest, CoverLetterResponse

LETTERS = RequestWithReplies(
    CoverLetterRequest,
    [
        CoverLetterRequest.id,
        CoverLetterRequest.company_name,
        CoverLetterRequest.job_title,
        CoverLetterRequest.recipient_name,
        CoverLetterRequest.job_description,
        CoverLetterRequest.sender_name,
        CoverLetterRequest.sender_role_or_goal,
        CoverLetterRequest.key_points,
        CoverLetterRequest.additional_info,
        CoverLetterRequest.resume_id,
        CoverLetterRequest.created_at,
    ],
    CoverLetterResponse,
    [CoverLetterResponse.id, CoverLetterResponse.content, CoverLetterResponse.created_at],
    not_found="No such cover letter",
)
