"""The optional parts of an analysis: summary, contact, links, certifications, spoken languages
and achievements; read by the built-in analyser, validated when a client sends them."""

from __future__ import annotations

from typing import Any

import httpx
import msgspec
import pytest

from app.ai.analyser import BuiltinAnalyser
from app.ai.contact import find_links, first_email, first_phone
from app.ai.schemas import ComprehensiveAnalysis, Contact
from tables import Analysis
from tests.helpers import signed_in

DATA_ENGINEER = """\
Priya Sharma
Senior Data Engineer
Email: priya.sharma@example.com | Phone: +91 98765 43210
Location: Pune, Maharashtra, India
LinkedIn: https://www.linkedin.com/in/priya-sharma | github.com/priyasharma | www.priyasharma.dev

Professional Summary
Data engineer with 7 years of experience building batch and streaming pipelines on AWS.
Led the migration of a 40 TB warehouse to Snowflake.

Technical Skills
Python, SQL, Apache Spark, Airflow, Snowflake, AWS
Programming Languages: Python, Scala, Java

Work Experience
Senior Data Engineer, Acme Analytics Pvt Ltd - Jan 2019 to Present
\u2022 Built streaming ingestion with Kafka and Spark.
Data Engineer, Initech - 2015 - 2019
\u2022 Maintained ETL jobs in Airflow.

Education
B.E. Computer Engineering, University of Pune, 2015

Certifications
\u2022 AWS Certified Data Analytics - Specialty
\u2022 Databricks Certified Data Engineer Associate

Awards & Achievements
\u2022 Employee of the Year 2021 at Acme Analytics.
\u2022 Winner, Smart India Hackathon 2014.

Languages
English (fluent), Hindi (native), German (A2)
"""

# Nothing optional: dates, year ranges and programming languages, but no contact or summary.
PLAIN_DEVELOPER = """\
Skills
Java, Spring Boot, Hibernate, MySQL
Languages: Java, Python, C++, JavaScript

Experience
Java Developer at Globex Corporation, 2015 - 2019
Location: Bangalore
\u2022 Built REST services with Spring Boot.
Software Engineer at Initrode, 12/03/2019 - 1993-12-20

Education
B.Tech Information Technology, 2011 - 2015
"""


@pytest.fixture(scope="module")
def analyser() -> BuiltinAnalyser:
    return BuiltinAnalyser()


def test_every_optional_part_is_read_from_a_realistic_resume(analyser: BuiltinAnalyser) -> None:
    analysis = analyser.analyse_sync(DATA_ENGINEER).analysis
    assert analysis.summary == (
        "Data engineer with 7 years of experience building batch and streaming pipelines on "
        "AWS. Led the migration of a 40 TB warehouse to Snowflake."
    )
    assert analysis.contact == Contact(
        email="priya.sharma@example.com",
        phone="+91 98765 43210",
        location="Pune, Maharashtra, India",
    )
    assert analysis.links == [
        "https://www.linkedin.com/in/priya-sharma",
        "github.com/priyasharma",
        "www.priyasharma.dev",
    ]
    assert analysis.certifications == [
        "AWS Certified Data Analytics - Specialty",
        "Databricks Certified Data Engineer Associate",
    ]
    assert analysis.languages == ["English", "Hindi", "German"]
    assert analysis.achievements == [
        "Employee of the Year 2021 at Acme Analytics.",
        "Winner, Smart India Hackathon 2014.",
    ]
    # The rest of the analysis is still read as before.
    assert "Python" in analysis.skills.technical
    assert analysis.education


def test_a_resume_without_them_leaves_them_out(analyser: BuiltinAnalyser) -> None:
    analysis = analyser.analyse_sync(PLAIN_DEVELOPER).analysis
    for name in ("summary", "contact", "links", "certifications", "languages", "achievements"):
        assert getattr(analysis, name) is msgspec.UNSET, name
    encoded = msgspec.to_builtins(analysis)
    assert set(encoded) == {"skills", "experience", "projects", "education"}
    assert analysis.experience  # the year ranges are still the jobs' durations


def test_programming_languages_are_not_spoken_languages(analyser: BuiltinAnalyser) -> None:
    text = (
        "Skills\nProgramming Languages: Python, Go, Java\nLanguages: C, C++, Rust, Swift\n"
        "Personal Details\nLanguages Known: English, Marathi & Tamil\nMother Tongue: Telugu\n"
    )
    assert analyser.analyse_sync(text).analysis.languages == [
        "English",
        "Marathi",
        "Tamil",
        "Telugu",
    ]


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("Worked there 2015 - 2019 and 2019-2021", None),
        ("Phone: 2015 - 2019", None),
        ("Born 1993-12-20; joined 12/03/2019; grade 21.03.2019", None),
        ("Server 192.168.100.200 and version 10.2.3", None),
        ("Employee ID12345678901", None),
        ("Mob: 98765 43210", "98765 43210"),
        ("Contact No.: (020) 2612-3456", "(020) 2612-3456"),
        ("Tel: 2612345", "2612345"),
        ("Contact: (+91) 98201 23456", "(+91) 98201 23456"),
        ("2015 - 2019\n+1 (555) 123-4567 | jane@example.org", "+1 (555) 123-4567"),
        ("2011-2015 B.Sc\n09876971076", "09876971076"),
    ],
)
def test_phone_numbers_are_not_year_ranges_or_dates(text: str, phone: str | None) -> None:
    assert first_phone(text) == phone


def test_email_and_links_as_written() -> None:
    assert first_email("E-Mail:bhawana.chd@gmail.com\nPhone") == "bhawana.chd@gmail.com"
    assert first_email("reach me @ home, or at twitter @someone") is None
    assert find_links(
        "Portfolio (https://jane.dev/work), WWW.Example.com. See http://x.io/a?b=1;"
        " in.linkedin.com/in/jane and https://jane.dev/work again"
    ) == [
        "https://jane.dev/work",
        "WWW.Example.com",
        "http://x.io/a?b=1",
        "in.linkedin.com/in/jane",
    ]


def test_a_job_location_is_not_the_candidates(analyser: BuiltinAnalyser) -> None:
    # Labelled, but inside a job: precision over recall.
    analysis = analyser.analyse_sync(PLAIN_DEVELOPER).analysis
    assert analysis.contact is msgspec.UNSET
    top = analyser.analyse_sync("Jane Doe\nAddress: 12 Baker Street, London\nSkills\nExcel")
    assert isinstance(top.analysis.contact, Contact)
    assert top.analysis.contact.location == "12 Baker Street, London"


def test_certified_lines_outside_a_certifications_section(analyser: BuiltinAnalyser) -> None:
    text = (
        "Experience\nScrum Master at Initech, 2018 - 2022\n\u2022 Certified Scrum Master (CSM).\n"
        "\u2022 Microsoft Certified Professional with 11 years of experience in database "
        "administration on SQL Server and Azure.\n"
    )
    assert analyser.analyse_sync(text).analysis.certifications == ["Certified Scrum Master (CSM)"]


def test_empty_optional_parts_are_one_form_never_encoded() -> None:
    analysis = ComprehensiveAnalysis(summary="", links=[], contact=Contact(), languages=[])
    assert analysis == ComprehensiveAnalysis()
    decoded = msgspec.json.decode(
        b'{"summary": "", "contact": {"email": null, "phone": null, "location": null},'
        b' "certifications": [], "achievements": []}',
        type=ComprehensiveAnalysis,
    )
    assert msgspec.json.encode(decoded) == msgspec.json.encode(ComprehensiveAnalysis())
    # An analysis stored before these fields existed still decodes.
    stored = b'{"skills": {"technical": ["Go"], "soft": []}, "experience": [], "projects": [],'
    stored += b' "education": []}'
    old = msgspec.json.decode(stored, type=ComprehensiveAnalysis)
    assert old.summary is msgspec.UNSET
    assert msgspec.json.decode(msgspec.json.encode(old)) == msgspec.json.decode(stored)


EXTRAS: dict[str, Any] = {
    "summary": "Backend engineer who likes boring technology.",
    "contact": {"email": "ada@example.com", "phone": "+44 20 7946 0958", "location": None},
    "links": ["https://github.com/ada"],
    "certifications": ["CKA"],
    "languages": ["English", "French"],
    "achievements": ["Speaker at PyCon UK 2019"],
}


@pytest.mark.parametrize(
    "data",
    [
        {"summary": "x" * 2001},
        {"summary": None},
        {"summary": ["a"]},
        {"contact": {"email": "a@b.co", "fax": "1"}},
        {"contact": {"email": 42}},
        {"contact": "ada@example.com"},
        {"links": ["https://x.io"] * 51},
        {"links": ["x" * 501]},
        {"certifications": "CKA"},
        {"languages": ["English"] * 51},
        {"achievements": ["x" * 2001]},
        {"hobbies": ["chess"]},
    ],
    ids=[
        "long-summary",
        "null-summary",
        "list-summary",
        "unknown-contact-key",
        "wrong-type-email",
        "contact-not-object",
        "too-many-links",
        "long-link",
        "certifications-not-list",
        "too-many-languages",
        "long-achievement",
        "unknown-key",
    ],
)
def test_bad_optional_parts_are_rejected(data: dict[str, object]) -> None:
    with pytest.raises(msgspec.ValidationError):
        msgspec.convert(data, ComprehensiveAnalysis)


def test_valid_optional_parts_round_trip() -> None:
    analysis = msgspec.convert(EXTRAS, ComprehensiveAnalysis)
    assert {k: v for k, v in msgspec.to_builtins(analysis).items() if k in EXTRAS} == EXTRAS


def test_any_text_stays_bounded(analyser: BuiltinAnalyser) -> None:
    text = (
        "Summary\n" + "word " * 5000 + "\nCertifications\n" + "\u2022 AWS Certified thing\n" * 300
    )
    text += "Awards\n" + "".join(f"\u2022 Award number {i}\n" for i in range(300))
    text += " ".join(f"https://example.com/{i}" for i in range(300))
    analysis = analyser.analyse_sync(text).analysis
    assert msgspec.convert(msgspec.to_builtins(analysis), ComprehensiveAnalysis) == analysis
    assert isinstance(analysis.summary, str)
    assert len(analysis.summary) <= 1000
    assert isinstance(analysis.links, list)
    assert len(analysis.links) == 50
    assert isinstance(analysis.achievements, list)
    assert len(analysis.achievements) == 50


# -- over HTTP (needs the database) -------------------------------------------------------------

RESUMES = "/api/v1/resumes"
BASE = {
    "skills": {"technical": ["Go"], "soft": []},
    "experience": [],
    "projects": [],
    "education": [],
}


async def test_put_with_the_new_keys_round_trips(client: httpx.AsyncClient) -> None:
    _, headers = await signed_in(client, "extras@x.co")
    created = await client.post(
        RESUMES, json={"customName": "cv", "rawText": DATA_ENGINEER}, headers=headers
    )
    assert created.status_code == 201, created.text
    built = created.json()["analysis"]["comprehensiveAnalysis"]
    assert built["contact"]["email"] == "priya.sharma@example.com"
    assert built["languages"] == ["English", "Hindi", "German"]
    url = f"{RESUMES}/{created.json()['id']}/analysis"

    sent = {**BASE, **EXTRAS}
    put = await client.put(
        url, json={"predictedField": "Python Developer", "comprehensiveAnalysis": sent},
        headers=headers,
    )  # fmt: skip
    assert put.status_code == 200, put.text
    assert put.json()["comprehensiveAnalysis"] == sent
    assert (await client.get(url, headers=headers)).json()["comprehensiveAnalysis"] == sent

    # Empty ones are "none": stored and shown without them.
    empty = {**BASE, "summary": "", "links": [], "contact": {"email": None}}
    put = await client.put(
        url, json={"predictedField": "Python Developer", "comprehensiveAnalysis": empty},
        headers=headers,
    )  # fmt: skip
    assert put.status_code == 200, put.text
    assert (await client.get(url, headers=headers)).json()["comprehensiveAnalysis"] == BASE
    row = await Analysis.select(Analysis.comprehensive_analysis).first().output(load_json=True)
    assert row is not None
    assert row["comprehensive_analysis"] == BASE


@pytest.mark.parametrize(
    "extra",
    [
        {"hobbies": ["chess"]},
        {"contact": {"email": "a@b.co", "twitter": "@a"}},
        {"links": ["https://x.io"] * 51},
        {"certifications": ["x" * 501]},
        {"languages": "English"},
        {"summary": "a\u0000b"},
        {"achievements": ["ok", "nul \u0000 inside"]},
    ],
    ids=[
        "unknown-key",
        "unknown-contact-key",
        "too-many-links",
        "long-certification",
        "wrong-type",
        "nul-summary",
        "nul-achievement",
    ],
)
async def test_put_with_a_bad_optional_part_is_400(
    client: httpx.AsyncClient, extra: dict[str, Any]
) -> None:
    _, headers = await signed_in(client, "badextras@x.co")
    created = await client.post(
        RESUMES, json={"customName": "cv", "rawText": "Python"}, headers=headers
    )
    url = f"{RESUMES}/{created.json()['id']}/analysis"
    before = (await client.get(url, headers=headers)).json()
    response = await client.put(
        url,
        json={"predictedField": "Python Developer", "comprehensiveAnalysis": {**BASE, **extra}},
        headers=headers,
    )
    assert response.status_code == 400, response.text
    assert (await client.get(url, headers=headers)).json() == before


async def test_openapi_documents_them_as_optional(client: httpx.AsyncClient) -> None:
    schemas = (await client.get("/schema/openapi.json")).json()["components"]["schemas"]
    analysis = next(v for k, v in schemas.items() if k.endswith("ComprehensiveAnalysis"))
    for name in ("summary", "contact", "links", "certifications", "languages", "achievements"):
        assert name in analysis["properties"], name
        assert name not in analysis.get("required", []), name
    assert analysis["additionalProperties"] is False
