import httpx

from tests.helpers import signed_in


async def test_unknown_path_is_problem_json_404(client: httpx.AsyncClient) -> None:
    response = await client.get("/nope")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == 404
    assert body["title"]


async def test_wrong_method_is_problem_json_405(client: httpx.AsyncClient) -> None:
    response = await client.delete("/api/v1/categories")
    assert response.status_code == 405
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["status"] == 405


async def test_request_id_is_echoed_or_generated(client: httpx.AsyncClient) -> None:
    echoed = await client.get("/health", headers={"X-Request-ID": "abc-123"})
    assert echoed.headers["x-request-id"] == "abc-123"
    generated = await client.get("/health")
    assert len(generated.headers["x-request-id"]) == 32
    hostile = await client.get("/health", headers={"X-Request-ID": "x" * 500})
    assert hostile.headers["x-request-id"] != "x" * 500


async def test_openapi_schema_and_docs_are_served(client: httpx.AsyncClient) -> None:
    schema = await client.get("/schema/openapi.json")
    assert schema.status_code == 200
    document = schema.json()
    assert document["openapi"].startswith("3.1")
    assert "/api/v1/categories" in document["paths"]
    assert "/health/ready" in document["paths"]
    for page in ("/schema", "/schema/swagger"):
        html = await client.get(page)
        assert html.status_code == 200
        assert "<html" in html.text.lower()


async def test_json_bodies_are_read_as_strictly_as_documented(client: httpx.AsyncClient) -> None:
    """A number where the schema says boolean, or a string where it says integer, is a 400
    that names the field and changes nothing, though Litestar alone would convert them."""
    _, owner = await signed_in(client, "strict@x.co")
    created = await client.post(
        "/api/v1/resumes", json={"customName": "cv", "rawText": "Python developer"}, headers=owner
    )
    assert created.status_code == 201, created.text
    resume = f"/api/v1/resumes/{created.json()['id']}"
    for bad in ({"showInCentral": 0}, {"showInCentral": "true"}, {"customName": 7}):
        refused = await client.patch(resume, json=bad, headers=owner)
        assert refused.status_code == 400, (bad, refused.text)
        assert refused.headers["content-type"].startswith("application/problem+json")
        assert next(iter(bad)) in refused.text
    assert (await client.get(resume, headers=owner)).json()["showInCentral"] is False
    batch = await client.post(
        "/api/v1/interviews/batch",
        json={"questions": ["Why us?"], "wordLimit": "150"},
        headers=owner,
    )
    assert batch.status_code == 400, batch.text
    shared = await client.patch(resume, json={"showInCentral": True}, headers=owner)
    assert shared.status_code == 200, shared.text
    assert shared.json()["showInCentral"] is True


async def test_a_query_parameter_of_one_value_sent_twice_is_refused(
    client: httpx.AsyncClient,
) -> None:
    """`?field=a&field=b` names no one field: 400, not one of them silently; a parameter that
    takes several (`skill`) still takes them."""
    _, admin = await signed_in(client, "strict-admin@x.co", role="Admin")
    central = "/api/v1/central/resumes"
    twice = await client.get(central, params=[("field", "HR"), ("field", "Sales")], headers=admin)
    assert twice.status_code == 400, twice.text
    assert "field" in twice.text
    once = await client.get(central, params=[("skill", "python"), ("skill", "sql")], headers=admin)
    assert once.status_code == 200, once.text
    limits = await client.get("/api/v1/resumes", params=[("limit", 5), ("limit", 6)], headers=admin)
    assert limits.status_code == 400, limits.text
