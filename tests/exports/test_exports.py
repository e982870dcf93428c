"""GET /resumes/{id}/export (Markdown, Word) and GET /me/export (everything the caller owns)."""

from __future__ import annotations

import io
import json

import docx
import httpx
from piccolo.table import Table

from tables import (
    ALL_TABLES,
    Account,
    BulkUpload,
    Category,
    EmailVerificationToken,
    Job,
    LlmConfig,
    PasswordResetToken,
    Role,
    Session,
    User,
)
from tests.factories import populate_user
from tests.helpers import signed_in

CV = """Mira Castell
mira_castell@example.org

Skills
Python, PostgreSQL, Docker
• Kubernetes and *Terraform*

Experience
Parcelwise Ltd - Backend Engineer
Jan 2017 - Present
- Built shipment tracking in Python on PostgreSQL.
# 1 in the team for uptime

Education
BSc Computer Science, University of Leeds, 2016
"""
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


async def _resume(client: httpx.AsyncClient, headers: dict[str, str]) -> dict:
    created = await client.post(
        "/api/v1/resumes", json={"customName": "Mira's CV", "rawText": CV}, headers=headers
    )
    assert created.status_code == 201, created.text
    return created.json()


async def test_markdown_has_a_heading_per_section_and_no_stray_markup(
    client: httpx.AsyncClient,
) -> None:
    _, headers = await signed_in(client, "md@x.co")
    resume = await _resume(client, headers)
    response = await client.get(
        f"/api/v1/resumes/{resume['id']}/export", params={"format": "md"}, headers=headers
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/markdown; charset=utf-8"
    disposition = response.headers["content-disposition"]
    assert disposition.startswith("attachment;")
    assert "Mira_s_CV.md" in disposition
    text = response.text
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert headings == ["# Mira's CV", "## Skills", "## Experience", "## Education"]
    assert "- Kubernetes and \\*Terraform\\*" in text
    assert "- Built shipment tracking in Python on PostgreSQL." in text
    assert "\\# 1 in the team for uptime" in text  # a line, not a heading
    assert "mira\\_castell@example.org" in text
    assert response.headers["cache-control"] == "no-store"


async def test_docx_is_a_real_word_file_that_reads_back_to_the_same_skills(
    client: httpx.AsyncClient,
) -> None:
    _, headers = await signed_in(client, "docx@x.co")
    resume = await _resume(client, headers)
    response = await client.get(
        f"/api/v1/resumes/{resume['id']}/export", params={"format": "docx"}, headers=headers
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == DOCX_TYPE
    assert "Mira_s_CV.docx" in response.headers["content-disposition"]
    document = docx.Document(io.BytesIO(response.content))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == ["Skills", "Experience", "Education"]
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert "Built shipment tracking in Python on PostgreSQL." in bullets
    # Uploaded again, the project's own extractor and analyser find the same skills.
    again = await client.post(
        "/api/v1/resumes",
        files={"file": ("cv.docx", response.content, DOCX_TYPE)},
        data={"customName": "Round trip"},
        headers=headers,
    )
    assert again.status_code == 201, again.text
    skills = lambda body: body["analysis"]["comprehensiveAnalysis"]["skills"]["technical"]  # noqa: E731
    assert sorted(skills(again.json())) == sorted(skills(resume))


async def test_export_is_the_owners_only_and_formats_are_checked(
    client: httpx.AsyncClient,
) -> None:
    _, owner = await signed_in(client, "owner-x@x.co")
    resume = await _resume(client, owner)
    _, stranger = await signed_in(client, "stranger-x@x.co")
    url = f"/api/v1/resumes/{resume['id']}/export"
    assert (await client.get(url, headers=stranger)).status_code == 404
    assert (await client.get(url, params={"format": "pdf"}, headers=owner)).status_code == 400
    assert (await client.get(url)).status_code == 401
    default = await client.get(url, headers=owner)
    assert default.headers["content-type"].startswith("text/markdown")


# Rows that are the caller's but not their data: one-time tokens, job bookkeeping, reference data.
NOT_EXPORTED: set[type[Table]] = {
    Role,
    Category,
    EmailVerificationToken,
    PasswordResetToken,
    Job,
}


async def test_me_export_holds_a_row_of_every_table_and_no_secret(
    client: httpx.AsyncClient,
) -> None:
    admin_id, headers = await signed_in(client, "everything@x.co", role="Admin")
    await populate_user(admin_id)
    await BulkUpload.update({BulkUpload.archive: b"PK-secret-archive-bytes"}).where(
        BulkUpload.admin_id == admin_id
    )
    await Account.update({Account.access_token: "gho_secret_access"}).where(
        Account.user_id == admin_id
    )
    await LlmConfig.update(
        {LlmConfig.api_key_encrypted: "sealed-key-bytes", LlmConfig.api_key_hint: "…abcd"}
    ).where(LlmConfig.user_id == admin_id)

    response = await client.get("/api/v1/me/export", headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    assert response.headers["content-disposition"].startswith(
        'attachment; filename="talentsync-export-'
    )
    body = response.text
    exported = json.loads(body)
    assert exported["user"]["email"] == "everything@x.co"
    assert exported["user"]["role"] == "Admin"
    # Every row of every table the export covers is in it, and nothing of the other user's.
    for table in ALL_TABLES:
        if table in NOT_EXPORTED:
            continue
        ids = await table.select(table._meta.primary_key).output(as_list=True)
        assert ids, f"populate_user made no {table._meta.tablename} row"
        for row_id in ids:
            assert str(row_id) in body, f"{table._meta.tablename} {row_id} is not exported"
    assert [r["customName"] for r in exported["resumes"]] == ["CV"]
    resume = exported["resumes"][0]
    assert resume["analysis"]["predictedField"] == "Python Developer"
    assert len(resume["atsEvaluations"]) == 1
    assert exported["coldMails"][0]["responses"][0]["emailContent"] == "Hello"
    assert exported["interviews"][0]["answers"][0]["answer"] == "Because."
    assert len(exported["coverLetters"][0]["responses"]) == 1
    assert (exported["llmConfigs"][0]["label"], exported["llmConfigs"][0]["apiKeyHint"]) == (
        "Mine",
        "…abcd",
    )
    assert exported["recruiter"]["companyName"] == "Acme"
    assert exported["bulkUploads"][0]["fileName"] == "batch.zip"
    # No secret: hashes, tokens, archives.
    user = await User.select(User.password_hash).where(User.id == admin_id).first()
    tokens = await Session.select(Session.session_token).output(as_list=True)
    secrets = [user["password_hash"], *tokens, "gho_secret_access", "PK-secret", "sealed-key"]
    for secret in [*secrets, "archive", "apiKeyEncrypted"]:
        assert secret not in body
    for key in ("passwordHash", "sessionToken", "accessToken", "refreshToken", "idToken"):
        assert key not in body

    # Another user's rows never come along.
    _, other = await signed_in(client, "someone-else@x.co")
    await client.post(
        "/api/v1/resumes", json={"customName": "Not mine", "rawText": "Go developer"}, headers=other
    )
    again = (await client.get("/api/v1/me/export", headers=headers)).json()
    assert [r["customName"] for r in again["resumes"]] == ["CV"]
    assert len(again["sessions"]) == len(exported["sessions"])


async def test_a_user_without_admin_rows_gets_no_admin_sections(client: httpx.AsyncClient) -> None:
    _, headers = await signed_in(client, "plain@x.co")
    exported = (await client.get("/api/v1/me/export", headers=headers)).json()
    assert exported["resumes"] == []
    assert "recruiter" not in exported
    assert "bulkUploads" not in exported
    assert len(exported["sessions"]) == 1
