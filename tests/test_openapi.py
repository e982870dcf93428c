"""The OpenAPI document tells the truth about the routes, and OPTIONS agrees with it."""

from __future__ import annotations

import re

import httpx

from tests.helpers import signed_in

SAMPLE_ID = "00000000-0000-0000-0000-000000000000"


async def test_options_allows_every_documented_method_of_each_path(
    client: httpx.AsyncClient,
) -> None:
    document = (await client.get("/schema/openapi.json")).json()
    checked = 0
    for path, item in document["paths"].items():
        methods = {m.upper() for m in item if m in {"get", "post", "put", "patch", "delete"}}
        url = re.sub(r"\{[^}]+\}", SAMPLE_ID, path)
        if "{provider}" in path:
            url = path.replace("{provider}", "google")
        response = await client.options(url)
        assert response.status_code == 204, (path, response.status_code)
        allowed = {m.strip() for m in response.headers["allow"].split(",")}
        assert allowed == methods | {"OPTIONS"}, path
        checked += 1
    assert checked > 30


async def test_optional_bodies_are_documented_as_optional(client: httpx.AsyncClient) -> None:
    paths = (await client.get("/schema/openapi.json")).json()["paths"]
    answers = paths["/api/v1/interviews/{interview_id}/answers"]["post"]
    assert answers["requestBody"]["required"] is False
    assert "404" in paths["/api/v1/admin/recruiter"]["get"]["responses"]


async def test_what_the_structs_enforce_is_in_the_document(client: httpx.AsyncClient) -> None:
    """The rules Litestar's generated schema left out: list items' bounds, that a required
    (trimmed) string holds more than spaces, closed multipart forms, and an export's two
    media types (the Markdown one with a single charset on the wire: tests/exports)."""
    document = (await client.get("/schema/openapi.json")).json()
    schemas, paths = document["components"]["schemas"], document["paths"]
    question = schemas["BatchIn"]["properties"]["questions"]["items"]
    assert (question["minLength"], question["maxLength"]) == (1, 2000)
    pattern = schemas["ColdMailIn"]["properties"]["companyName"]["pattern"]
    assert re.search(pattern, "Acme")
    assert not re.search(pattern, " \t\u3000\x1c")
    assert "pattern" not in schemas["LoginIn"]["properties"]["password"]  # never trimmed
    upload = paths["/api/v1/admin/bulk-uploads"]["post"]["requestBody"]["content"]
    assert upload["multipart/form-data"]["schema"]["additionalProperties"] is False
    export = paths["/api/v1/resumes/{resume_id}/export"]["get"]["responses"]["200"]["content"]
    assert set(export) == {
        "text/markdown",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    }


async def test_query_parameters_are_their_own_type_never_null(client: httpx.AsyncClient) -> None:
    """A query string cannot carry a null: an optional parameter is documented as its type
    with its bounds (Litestar's `oneOf: [type, null]` made fuzzers negate the null branch), and
    its bounds still hold on the wire."""
    document = (await client.get("/schema/openapi.json")).json()
    query = [
        (path, parameter)
        for path, item in document["paths"].items()
        for operation in item.values()
        for parameter in operation.get("parameters", [])
        if parameter["in"] == "query"
    ]
    assert len(query) > 20
    for path, parameter in query:
        assert "oneOf" not in parameter["schema"], (path, parameter)
    central = {p["name"]: p["schema"] for path, p in query if path == "/api/v1/central/resumes"}
    assert (central["field"]["type"], central["field"]["maxLength"]) == ("string", 100)
    assert central["skill"]["maxItems"] == 20
    _, admin = await signed_in(client, "admin@x.co", role="Admin")
    too_many = [("skill", f"s{n}") for n in range(21)]
    answer = await client.get("/api/v1/central/resumes", params=too_many, headers=admin)
    assert answer.status_code == 400
    too_long = await client.get(
        "/api/v1/central/resumes", params={"field": "x" * 101}, headers=admin
    )
    assert too_long.status_code == 400
