"""A user's own resumes: list, read, change, delete, download, analyses; others' are 404."""

from __future__ import annotations

from typing import Any

import httpx

from tables import Analysis, Resume, User
from tests.helpers import signed_in

RESUMES = "/api/v1/resumes"
ANALYSIS = {
    "skills": {"technical": ["Go", "Kubernetes"], "soft": ["Mentoring"]},
    "experience": [{"company": "Initech", "role": "SRE", "duration": "2 years", "highlights": []}],
    "projects": [],
    "education": [{"degree": "BSc", "institution": "Uni", "year": "2015"}],
}


async def _upload(client: httpx.AsyncClient, headers: dict, name: str, text: str) -> dict[str, Any]:
    response = await client.post(
        RESUMES, json={"customName": name, "rawText": text}, headers=headers
    )
    assert response.status_code == 201, response.text
    return response.json()


async def test_list_is_newest_first_paginated_summaries(client: httpx.AsyncClient) -> None:
    _, headers = await signed_in(client, "list@x.co")
    for i in range(3):
        await _upload(client, headers, f"cv {i}", f"Python developer number {i}")
    page = await client.get(RESUMES, params={"limit": 2}, headers=headers)
    assert page.status_code == 200
    body = page.json()
    assert (body["total"], body["limit"], body["offset"]) == (3, 2, 0)
    assert [item["customName"] for item in body["items"]] == ["cv 2", "cv 1"]
    assert set(body["items"][0]) == {
        "id",
        "customName",
        "showInCentral",
        "uploadedAt",
        "source",
        "predictedField",
    }
    assert {item["source"] for item in body["items"]} == {"text"}
    rest = (await client.get(RESUMES, params={"offset": 2}, headers=headers)).json()
    assert [item["customName"] for item in rest["items"]] == ["cv 0"]
    past = (await client.get(RESUMES, params={"offset": 10}, headers=headers)).json()
    assert (past["items"], past["total"]) == ([], 3)
    for bad in ({"limit": 0}, {"limit": 101}, {"offset": -1}, {"limit": "x"}):
        assert (await client.get(RESUMES, params=bad, headers=headers)).status_code == 400


async def test_the_total_of_full_pages_is_kept_through_inserts_deletes_and_moves(
    client: httpx.AsyncClient,
) -> None:
    """A full page takes its total from `resume_count` (triggers), not from counting."""
    owner, headers = await signed_in(client, "count@x.co")
    other, other_headers = await signed_in(client, "count-other@x.co")

    async def total(who: dict[str, Any]) -> int:
        body = (await client.get(RESUMES, params={"limit": 2}, headers=who)).json()
        return int(body["total"])

    # One statement, many rows (as a bulk upload or the bench seed inserts them).
    await Resume.insert(
        *(Resume(user_id=owner, custom_name=f"cv {i}", raw_text=f"text {i}") for i in range(7))
    )
    await _upload(client, headers, "one more", "Python developer")
    assert await total(headers) == 8
    doomed = await Resume.select(Resume.id).where(Resume.user_id == owner).limit(3)
    await Resume.delete().where(Resume.id.is_in([r["id"] for r in doomed]))
    assert await total(headers) == 5
    moved = (await Resume.select(Resume.id).where(Resume.user_id == owner).first())["id"]
    await Resume.update({Resume.user_id: other}).where(Resume.id == moved)
    await Resume.update({Resume.custom_name: "renamed"}).where(Resume.user_id == owner)
    assert (await total(headers), await total(other_headers)) == (4, 1)
    rows = await Resume.raw("SELECT user_id, n FROM resume_count WHERE user_id = {}", owner)
    assert rows == [{"user_id": owner, "n": 4}]
    await User.delete().where(User.id == owner)  # its resumes and its count go with it
    assert await Resume.raw("SELECT n FROM resume_count WHERE user_id = {}", owner) == []
    assert await total(other_headers) == 1


async def test_pages_walk_the_whole_list_in_order_ties_included(
    client: httpx.AsyncClient,
) -> None:
    """Deep pages (ids from the index first, then their rows) give every resume once, newest
    first, resumes uploaded at the same instant ordered by id."""
    owner, headers = await signed_in(client, "pages@x.co")
    _, other = await signed_in(client, "pages-other@x.co")
    await _upload(client, other, "not mine", "Python developer")
    await Resume.insert(
        *(Resume(user_id=owner, custom_name=f"cv {i}", raw_text=f"text {i}") for i in range(45))
    )
    expected = await Resume.raw(
        "SELECT id FROM resume WHERE user_id = {} ORDER BY uploaded_at DESC, id DESC", owner
    )
    seen = []
    for offset in (0, 20, 40):
        body = (await client.get(RESUMES, params={"offset": offset}, headers=headers)).json()
        assert (body["total"], body["offset"]) == (45, offset)
        seen += [item["id"] for item in body["items"]]
    assert seen == [str(row["id"]) for row in expected]
    last = (await client.get(RESUMES, params={"offset": 44, "limit": 5}, headers=headers)).json()
    assert [item["id"] for item in last["items"]] == seen[44:]


async def test_q_filters_the_callers_resumes_by_full_text(client: httpx.AsyncClient) -> None:
    _, headers = await signed_in(client, "q@x.co")
    _, other = await signed_in(client, "q2@x.co")
    await _upload(client, headers, "Chef", "Cooking pasta and managing kitchens")
    await _upload(client, headers, "Dev", "Writing Rust services")
    await _upload(client, other, "Their chef", "Cooking for restaurants")
    found = (await client.get(RESUMES, params={"q": "cooking"}, headers=headers)).json()
    assert [item["customName"] for item in found["items"]] == ["Chef"]
    assert found["total"] == 1
    hostile = await client.get(RESUMES, params={"q": "'); DROP TABLE resume; --"}, headers=headers)
    assert hostile.status_code == 200
    assert await Resume.count() == 3


async def test_get_patch_download_delete(client: httpx.AsyncClient) -> None:
    _, headers = await signed_in(client, "crud@x.co")
    created = await _upload(client, headers, "Résumé 2026", "Line one\nLine two")
    url = f"{RESUMES}/{created['id']}"

    fetched = await client.get(url, headers=headers)
    assert fetched.json() == created

    patched = await client.patch(url, json={"showInCentral": True}, headers=headers)
    assert patched.status_code == 200
    assert patched.json()["showInCentral"] is True
    assert patched.json()["customName"] == "Résumé 2026"
    renamed = await client.patch(url, json={"customName": "  New name "}, headers=headers)
    assert renamed.json()["customName"] == "New name"
    for bad in ({"customName": ""}, {"customName": "x" * 201}, {"rawText": "no"}):
        assert (await client.patch(url, json=bad, headers=headers)).status_code == 400

    download = await client.get(f"{url}/download", headers=headers)
    assert download.status_code == 200
    assert download.headers["content-type"].startswith("text/plain")
    assert "attachment" in download.headers["content-disposition"]
    assert download.text == "Line one\nLine two"

    assert (await client.delete(url, headers=headers)).status_code == 204
    assert (await client.get(url, headers=headers)).status_code == 404
    assert await Analysis.count() == 0


async def test_analysis_get_replace_and_rerun(client: httpx.AsyncClient) -> None:
    _, headers = await signed_in(client, "an@x.co")
    created = await _upload(client, headers, "CV", "Python developer with Django and SQL")
    url = f"{RESUMES}/{created['id']}/analysis"
    assert (await client.get(url, headers=headers)).json() == created["analysis"]
    assert created["analysis"]["origin"] == "builtin"

    replaced = await client.put(
        url,
        json={"predictedField": "DevOps Engineer", "comprehensiveAnalysis": ANALYSIS},
        headers=headers,
    )
    assert replaced.status_code == 200, replaced.text
    assert replaced.json()["predictedField"] == "DevOps Engineer"
    assert replaced.json()["comprehensiveAnalysis"] == ANALYSIS
    assert replaced.json()["id"] == created["analysis"]["id"]
    assert replaced.json()["origin"] == "client"

    unknown = await client.put(
        url,
        json={"predictedField": "Astronaut", "comprehensiveAnalysis": ANALYSIS},
        headers=headers,
    )
    assert unknown.status_code == 422
    for bad in (
        {"predictedField": "HR", "comprehensiveAnalysis": {"skills": {"technical": "Go"}}},
        {"predictedField": "HR", "comprehensiveAnalysis": {**ANALYSIS, "salary": 1}},
        {"predictedField": "HR", "comprehensiveAnalysis": {"skills": {"technical": ["x"] * 201}}},
        {"predictedField": "HR"},
    ):
        assert (await client.put(url, json=bad, headers=headers)).status_code == 400, bad
    assert (await client.get(url, headers=headers)).json()["predictedField"] == "DevOps Engineer"

    rerun = await client.post(url, headers=headers)
    assert rerun.status_code == 201
    assert "Python" in rerun.json()["comprehensiveAnalysis"]["skills"]["technical"]
    assert rerun.json()["origin"] == "builtin"
    assert await Analysis.count() == 1


async def test_missing_analysis_is_404(client: httpx.AsyncClient) -> None:
    _, headers = await signed_in(client, "noan@x.co")
    created = await _upload(client, headers, "CV", "text")
    await Analysis.delete().where(Analysis.resume_id == created["id"])
    response = await client.get(f"{RESUMES}/{created['id']}/analysis", headers=headers)
    assert response.status_code == 404
    assert (await client.get(f"{RESUMES}/{created['id']}", headers=headers)).json()[
        "analysis"
    ] is None


async def test_another_users_resume_is_404_on_every_route(client: httpx.AsyncClient) -> None:
    _, owner = await signed_in(client, "owner@x.co")
    _, intruder = await signed_in(client, "intruder@x.co")
    created = await _upload(client, owner, "Private", "Secret text")
    url = f"{RESUMES}/{created['id']}"
    attempts = [
        client.get(url, headers=intruder),
        client.patch(url, json={"customName": "pwned"}, headers=intruder),
        client.get(f"{url}/download", headers=intruder),
        client.get(f"{url}/analysis", headers=intruder),
        client.put(
            f"{url}/analysis",
            json={"predictedField": "HR", "comprehensiveAnalysis": ANALYSIS},
            headers=intruder,
        ),
        client.post(f"{url}/analysis", headers=intruder),
        client.delete(url, headers=intruder),
    ]
    for attempt in attempts:
        response = await attempt
        assert response.status_code == 404, response.request.method
    listed = (await client.get(RESUMES, headers=intruder)).json()
    assert listed["total"] == 0
    unchanged = (await client.get(url, headers=owner)).json()
    assert unchanged == created
