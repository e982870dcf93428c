"""Uploading resumes: real files in, text and an analysis out; bad files leave nothing."""

from __future__ import annotations

import httpx
import pytest

from tables import Analysis, Resume
from tables.reference import CATEGORIES
from tests.helpers import signed_in
from tests.resumes import files

RESUMES = "/api/v1/resumes"
PYTHON_CV = (
    "Jane Doe\nPython Developer\n\nSkills\nPython, Django, PostgreSQL, Docker, REST APIs\n\n"
    "Experience\nSoftware Engineer at Acme Corp (Jan 2019 - Present)\n"
    "Built Django services on postgres and deployed them with Docker.\n\n"
    "Education\nB.Tech in Computer Science, State University, 2018\n"
)


async def _nothing_stored() -> bool:
    return await Resume.count() == 0 and await Analysis.count() == 0


async def test_real_pdf_upload_gives_text_and_analysis(client: httpx.AsyncClient) -> None:
    _, headers = await signed_in(client, "pdf@x.co")
    pdf = files.text_pdf(PYTHON_CV)
    response = await client.post(
        RESUMES,
        files={"file": ("cv.pdf", pdf, "application/pdf")},
        data={"customName": " My CV ", "showInCentral": "true"},
        headers=headers,
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["customName"] == "My CV"
    assert body["showInCentral"] is True
    assert (body["source"], body["parentId"]) == ("upload", None)
    assert "Python Developer" in body["rawText"]
    analysis = body["analysis"]
    assert analysis["resumeId"] == body["id"]
    assert analysis["predictedField"] in CATEGORIES
    technical = analysis["comprehensiveAnalysis"]["skills"]["technical"]
    assert {"Python", "PostgreSQL", "Docker"} <= set(technical)
    assert await Resume.count() == 1
    assert await Analysis.count() == 1


async def test_real_docx_upload_gives_text_and_analysis(client: httpx.AsyncClient) -> None:
    _, headers = await signed_in(client, "docx@x.co")
    docx = files.word_docx(PYTHON_CV.split("\n"), [["Skill", "Years"], ["Python", "6"]])
    response = await client.post(
        RESUMES,
        files={"file": ("cv.docx", docx, "application/octet-stream")},
        data={"customName": "Word CV"},
        headers=headers,
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert "Acme Corp" in body["rawText"]
    assert body["showInCentral"] is False
    assert "Python" in body["analysis"]["comprehensiveAnalysis"]["skills"]["technical"]


async def test_json_upload_is_normalised_and_analysed(client: httpx.AsyncClient) -> None:
    _, headers = await signed_in(client, "json@x.co")
    response = await client.post(
        RESUMES,
        json={"customName": "Pasted", "rawText": PYTHON_CV + "\x00\x07  trailing   spaces  "},
        headers=headers,
    )
    assert response.status_code == 201, response.text
    raw = response.json()["rawText"]
    assert "\x00" not in raw
    assert "\x07" not in raw
    assert raw.endswith("trailing spaces")


@pytest.mark.parametrize(
    ("name", "content", "status"),
    [
        ("scan.pdf", files.image_only_pdf, 422),
        ("cut.pdf", lambda: files.text_pdf(PYTHON_CV)[:400], 422),
        ("locked.pdf", lambda: files.encrypted_pdf("secret"), 422),
        ("resume.pdf", files.renamed_exe, 415),
        ("photo.png", files.png_image, 415),
        ("big.txt", lambda: b"a" * (6 * 1024 * 1024), 413),
        ("bomb.docx", lambda: files.docx_bomb(200 * 1024 * 1024), 422),
    ],
)
async def test_bad_files_get_their_4xx_and_leave_no_rows(
    client: httpx.AsyncClient, name: str, content: object, status: int
) -> None:
    _, headers = await signed_in(client, f"bad-{status}@x.co")
    data = content() if callable(content) else content
    response = await client.post(
        RESUMES, files={"file": (name, data)}, data={"customName": "x"}, headers=headers
    )
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["status"] == status
    assert await _nothing_stored()


@pytest.mark.parametrize(
    ("kwargs", "status"),
    [
        ({"data": {"customName": "no file"}}, 415),  # a form without a file is urlencoded
        ({"files": {"file": ("a.txt", b"text")}}, 400),  # no customName
        ({"files": {"file": ("a.txt", b"text")}, "data": {"customName": "x", "extra": "1"}}, 400),
        (
            {
                "files": {"file": ("a.txt", b"text")},
                "data": {"customName": "x", "showInCentral": "maybe"},
            },
            400,
        ),
        ({"content": b"plain text", "headers": {"Content-Type": "text/plain"}}, 415),
        ({"json": {"customName": "x", "rawText": "   "}}, 400),
        ({"json": {"customName": "x", "rawText": "\x00\x01"}}, 422),
        ({"json": {"customName": "x", "rawText": "ok", "owner": "someone"}}, 400),
        ({"content": b"{not json", "headers": {"Content-Type": "application/json"}}, 400),
    ],
)
async def test_malformed_uploads_are_4xx(
    client: httpx.AsyncClient, kwargs: dict, status: int
) -> None:
    _, headers = await signed_in(client, "malformed@x.co")
    extra_headers = kwargs.pop("headers", {})
    response = await client.post(RESUMES, headers={**headers, **extra_headers}, **kwargs)
    assert response.status_code == status, response.text
    assert await _nothing_stored()


async def test_upload_needs_a_token(client: httpx.AsyncClient) -> None:
    response = await client.post(RESUMES, json={"customName": "x", "rawText": "y"})
    assert response.status_code == 401
