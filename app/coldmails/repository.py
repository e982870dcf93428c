"""Where cold mails are stored: the request, its responses, scoped to the owner."""

from __future__ import annotations

from app.core.replies import RequestWithReplies
from tables import ColdMailRequest, ColdMailResponse

MAILS = RequestWithReplies(
    ColdMailRequest,
    [
        ColdMailRequest.id,
        ColdMailRequest.recipient_name,
        ColdMailRequest.recipient_role,
        ColdMailRequest.company_name,
        ColdMailRequest.sender_name,
        ColdMailRequest.key_points,
        ColdMailRequest.additional_info,
        ColdMailRequest.company_url,
        ColdMailRequest.resume_id,
        ColdMailRequest.created_at,
    ],
    ColdMailResponse,
    [
        ColdMailResponse.id,
        ColdMailResponse.subject,
        ColdMailResponse.email_content,
        ColdMailResponse.created_at,
    ],
    not_found="No such cold mail",
)
