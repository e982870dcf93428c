"""The built-in analyser: skills, sections, categories, robustness and the schema's bounds."""

from __future__ import annotations

import msgspec
import pytest

from app.ai.analyser import AnalysisResult, BuiltinAnalyser
from app.ai.lexicon import TECHNICAL
from app.ai.lexicon_domains import DOMAIN, SOFT
from app.ai.profiles import CATEGORIES
from app.ai.schemas import ComprehensiveAnalysis
from app.ai.skills import alias_specs, skill_vocabulary
from app.ai.text import fold

PYTHON_DEVELOPER = """\
Priya Raman
Python Developer

SUMMARY
Backend engineer building REST APIs with Django and Flask.

TECHNICAL SKILLS
Python, Django, Flask, FastAPI, Celery, SQLAlchemy, postgres, Redis, Docker, Git, pytest

WORK EXPERIENCE
Senior Python Developer, Northwind Software Pvt Ltd (Jan 2019 to Present)
- Designed Django REST Framework services for billing, 40 endpoints.
- Moved nightly jobs to Celery workers; cut run time from 3 hours to 20 minutes.

Python Developer | Bluebird Systems | 2016-2018
- Wrote Flask microservices and pytest suites; kept coverage above 90 %.

PROJECTS
Project: Invoice Parser
Description: Extracts line items from scanned invoices with OpenCV and stores them.
Technologies: Python, OpenCV, PostgreSQL

EDUCATION
B.Tech in Computer Science, Anna University, 2016
"""

LAWYER = """\
Arjun Mehta
Advocate, High Court

PROFILE
Practising advocate with eight years of civil and criminal litigation before the district
court and the high court. Enrolled with the Bar Council.

EXPERIENCE
Mehta & Associates, Advocate (2015 - Present)
- Drafting of plaints, written statements, bail applications and affidavits.
- Appearing in hearings before tribunals and the consumer forum; legal notices and opinions.

EDUCATION
LL.B, Government Law College, 2014
"""

HR_EXECUTIVE = """\
Neha Kulkarni
HR Executive

KEY SKILLS
Recruitment, onboarding, payroll, employee engagement, performance appraisal, HR policies

EMPLOYMENT HISTORY
HR Executive at Sunrise Retail Ltd, June 2017 to Present
- End to end recruitment for 120 positions a year: sourcing on job portals, screening,
  interview scheduling and offer letters.
- Joining formalities, induction programme, attendance and leave management, payroll inputs.
- Exit interviews and full and final settlement; PF and ESIC statutory compliance.

EDUCATION
MBA (Human Resources), Symbiosis Institute of Business Management, 2017
"""


@pytest.fixture(scope="module")
def analyser() -> BuiltinAnalyser:
    return BuiltinAnalyser()


def technical(analyser: BuiltinAnalyser, text: str) -> list[str]:
    return analyser.analyse_sync(text).analysis.skills.technical


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("Worked with postgres daily", "PostgreSQL"),
        ("Worked with Postgres daily", "PostgreSQL"),
        ("Worked with postgresql daily", "PostgreSQL"),
        ("Frontend in js and React", "JavaScript"),
        ("Frontend in javascript and React", "JavaScript"),
        ("Services written in nodejs", "Node.js"),
        ("Stack: React, Node, MongoDB", "Node.js"),
        ("Clusters on k8s", "Kubernetes"),
        ("Applied ML to churn", "Machine Learning"),
        ("Applied machine learning to churn", "Machine Learning"),
        ("Engine in C++ and tools in C#", "C++"),
        ("Engine in C++ and tools in C#", "C#"),
        ("Migrated the .NET services", ".NET"),
        ("Tuned MS SQL Server queries", "SQL Server"),
        ("Reports in SAP ABAP and ALV", "SAP ABAP"),
        ("Drawings in AutoCAD and SolidWorks", "SolidWorks"),
        ("Maintained PLC panels", "PLC"),
    ],
)
def test_aliases_give_canonical_names(analyser: BuiltinAnalyser, text: str, canonical: str) -> None:
    assert canonical in technical(analyser, text)


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("Built single page apps in JavaScript", "Java"),
        ("Designed scalable services", "Scala"),
        ("We go to market every quarter", "Go"),
        ("Scored grade C in the exam.", "C"),
        ("R&D department", "R"),
        ("Maintained the asp.net portal", ".NET"),
    ],
)
def test_matches_respect_word_boundaries(analyser: BuiltinAnalyser, text: str, absent: str) -> None:
    assert absent not in technical(analyser, text)


def test_single_letter_languages_count_in_lists(analyser: BuiltinAnalyser) -> None:
    assert technical(analyser, "Languages: C, C++, R, Java") == ["C", "C++", "R", "Java"]


def test_skills_are_deduplicated_in_order_of_first_mention(analyser: BuiltinAnalyser) -> None:
    text = "Docker and AWS. Later more docker, Postgres and postgresql, then AWS again."
    assert technical(analyser, text) == ["Docker", "AWS", "PostgreSQL"]


def test_soft_skills_are_found(analyser: BuiltinAnalyser) -> None:
    text = "Strong leadership and communication skills; a team player with time management."
    soft = analyser.analyse_sync(text).analysis.skills.soft
    assert soft == ["Leadership", "Communication", "Teamwork", "Time Management"]


def test_experience_entries_have_company_role_and_duration(analyser: BuiltinAnalyser) -> None:
    experience = analyser.analyse_sync(PYTHON_DEVELOPER).analysis.experience
    assert [(e.company, e.role, e.duration) for e in experience] == [
        ("Northwind Software Pvt Ltd", "Senior Python Developer", "Jan 2019 to Present"),
        ("Bluebird Systems", "Python Developer", "2016-2018"),
    ]
    assert experience[0].highlights[1].startswith("Moved nightly jobs to Celery")


def test_key_value_experience_is_read(analyser: BuiltinAnalyser) -> None:
    text = (
        "Work Experience\ncompany - Harbour Logistics\ndesignation - Operations Executive\n"
        "duration - 6 months\ndescription - Ran the dispatch desk."
    )
    (entry,) = analyser.analyse_sync(text).analysis.experience
    assert (entry.company, entry.role, entry.duration) == (
        "Harbour Logistics",
        "Operations Executive",
        "6 months",
    )
    assert entry.highlights == ["Ran the dispatch desk."]


def test_education_has_degree_institution_and_year(analyser: BuiltinAnalyser) -> None:
    (education,) = analyser.analyse_sync(PYTHON_DEVELOPER).analysis.education
    assert education.degree == "B.Tech in Computer Science"
    assert education.institution == "Anna University"
    assert education.year == "2016"


def test_projects_have_name_description_and_technologies(analyser: BuiltinAnalyser) -> None:
    (project,) = analyser.analyse_sync(PYTHON_DEVELOPER).analysis.projects
    assert project.name == "Invoice Parser"
    assert project.description.startswith("Extracts line items")
    assert project.technologies == ["Python", "OpenCV", "PostgreSQL"]


@pytest.mark.parametrize(
    ("text", "category"),
    [(PYTHON_DEVELOPER, "Python Developer"), (LAWYER, "Advocate"), (HR_EXECUTIVE, "HR")],
)
def test_clear_resumes_predict_their_category(
    analyser: BuiltinAnalyser, text: str, category: str
) -> None:
    result = analyser.analyse_sync(text)
    assert result.predicted_field == category
    assert result.ranking[0] == category


# One plain sentence per category, no job title: the body alone must point the right way.
ONE_LINERS: dict[str, str] = {
    "Advocate": (
        "Handled civil suits and criminal trials in sessions court, drafted petitions and "
        "legal notices for clients."
    ),
    "Arts": (
        "Taught drawing and painting classes, held two exhibitions of watercolour work, also "
        "trained in Kathak dance."
    ),
    "Automation Testing": (
        "Built a Selenium WebDriver framework in Java with TestNG and the page object model; "
        "ran suites nightly from Jenkins."
    ),
    "Blockchain": (
        "Wrote Solidity smart contracts on Ethereum and a Hyperledger Fabric network; dApps "
        "with web3 and Truffle."
    ),
    "Business Analyst": (
        "Ran requirement gathering workshops with stakeholders, wrote BRD and FRD, use cases "
        "and user stories; gap analysis."
    ),
    "Civil Engineer": (
        "Supervised RCC work, formwork and reinforcement on a residential building site; "
        "prepared BOQ and billing."
    ),
    "Data Science": (
        "Trained random forest and XGBoost models with scikit-learn, NLP with NLTK, deep "
        "learning with TensorFlow and Keras."
    ),
    "Database": (
        "Oracle DBA: RMAN backup and recovery, Data Guard, performance tuning, tablespace "
        "management, patching 12c."
    ),
    "DevOps Engineer": (
        "Automated CI/CD with Jenkins, Docker and Kubernetes; infrastructure as code with "
        "Terraform and Ansible on AWS."
    ),
    "DotNet Developer": (
        "Developed web applications in C# with ASP.NET MVC, Entity Framework, LINQ and WCF "
        "services on SQL Server."
    ),
    "ETL Developer": (
        "Built Informatica PowerCenter mappings and workflows loading the data warehouse; "
        "star schema, SCD type 2."
    ),
    "Electrical Engineering": (
        "Maintained HT and LT switchgear, transformers and substation equipment; earthing and"
        " cable laying."
    ),
    "HR": (
        "Handled end to end recruitment, onboarding, payroll and employee engagement; framed "
        "HR policies."
    ),
    "Hadoop": (
        "Loaded data into HDFS with Sqoop and Flume, wrote Hive and Pig scripts, MapReduce "
        "jobs on a Cloudera cluster."
    ),
    "Health and fitness": (
        "Certified personal trainer running strength training, cardio and yoga sessions; diet"
        " plans for weight loss."
    ),
    "Java Developer": (
        "Built Spring Boot microservices with Hibernate and JPA, JSP and Servlets, deployed "
        "on Tomcat."
    ),
    "Mechanical Engineer": (
        "Designed sheet metal parts in SolidWorks and CATIA, GD&T, supervised CNC machining "
        "and welding."
    ),
    "Network Security Engineer": (
        "Configured Cisco ASA and Palo Alto firewalls, VPN, IDS/IPS, OSPF and BGP routing; "
        "vulnerability assessment."
    ),
    "Operations Manager": (
        "Ran day to day operations of three branches: logistics, procurement, vendor "
        "management, budgets and P&L."
    ),
    "PMO": (
        "Set up the PMO: project governance, status reporting, RAID logs, resource management"
        " and MS Project plans."
    ),
    "Python Developer": (
        "Built Django and Flask REST APIs with Celery and SQLAlchemy; wrote pytest suites."
    ),
    "SAP Developer": (
        "Developed SAP ABAP reports, ALV, BAPIs, BADIs, smartforms and IDocs on ECC and S/4HANA."
    ),
    "Sales": (
        "Achieved sales targets in my territory, managed dealers and distributors, lead "
        "generation and cold calling."
    ),
    "Testing": (
        "Manual testing: wrote test cases, executed regression and smoke testing, logged "
        "defects in Bugzilla."
    ),
    "Web Designing": (
        "Designed responsive websites with HTML5, CSS3, Bootstrap and jQuery; mockups in "
        "Photoshop; WordPress themes."
    ),
}


@pytest.mark.parametrize(("category", "text"), ONE_LINERS.items(), ids=list(ONE_LINERS))
def test_every_category_is_recognised_from_its_work(
    analyser: BuiltinAnalyser, category: str, text: str
) -> None:
    assert analyser.analyse_sync(text).predicted_field == category


def test_ranking_lists_every_category_once(analyser: BuiltinAnalyser) -> None:
    ranking = analyser.analyse_sync(LAWYER).ranking
    assert len(ranking) == 25
    assert sorted(ranking) == sorted(CATEGORIES)


def test_categories_are_the_25_agreed_names() -> None:
    assert len(set(CATEGORIES)) == 25
    assert {"Advocate", "Health and fitness", "Network Security Engineer", "PMO"} <= set(CATEGORIES)


def test_same_input_gives_same_output(analyser: BuiltinAnalyser) -> None:
    first = analyser.analyse_sync(HR_EXECUTIVE)
    again = BuiltinAnalyser().analyse_sync(HR_EXECUTIVE)
    assert msgspec.json.encode(first) == msgspec.json.encode(again)


def _garbage(length: int) -> str:
    """Code points strewn over the whole range (surrogates included), deterministically."""
    return "".join(chr((i * 7919) % 0x2FFFF + 1) for i in range(length))


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\t\n  ",
        "\ufffd?\ufffd" * 2000,
        "\x00\x01\ud800 lone surrogate \udfff",
        "Skills:\nExperience\nEducation\nProjects\n" * 500,
        "company - \nrole: \nduration - \n" * 500,
        "C, " * 20000,
        "2015-2016 Jan 2018 to Present " * 5000,
        _garbage(20000),
        PYTHON_DEVELOPER * 400,
    ],
    ids=[
        "empty",
        "blank",
        "damaged",
        "control",
        "headings",
        "empty-keys",
        "letters",
        "dates",
        "garbage",
        "huge",
    ],
)
def test_any_text_gives_a_valid_structure(analyser: BuiltinAnalyser, text: str) -> None:
    result = analyser.analyse_sync(text)
    encoded = msgspec.json.encode(result.analysis)
    assert msgspec.json.decode(encoded, type=ComprehensiveAnalysis) == result.analysis
    assert result.predicted_field in CATEGORIES
    assert len(set(result.ranking)) == 25


def test_empty_text_gives_an_empty_analysis(analyser: BuiltinAnalyser) -> None:
    result = analyser.analyse_sync("")
    assert result.analysis == ComprehensiveAnalysis()
    assert result.predicted_field == analyser.analyse_sync("").predicted_field


async def test_async_analyse_matches_sync(analyser: BuiltinAnalyser) -> None:
    result = await analyser.analyse(LAWYER)
    assert isinstance(result, AnalysisResult)
    assert result == analyser.analyse_sync(LAWYER)


def test_empty_analysis_has_the_agreed_shape() -> None:
    assert msgspec.to_builtins(ComprehensiveAnalysis()) == {
        "skills": {"technical": [], "soft": []},
        "experience": [],
        "projects": [],
        "education": [],
    }


def test_valid_client_analysis_is_accepted() -> None:
    data = {
        "skills": {"technical": ["Python"], "soft": ["Leadership"]},
        "experience": [
            {"company": "Acme", "role": "Developer", "duration": "2019-2021", "highlights": ["x"]}
        ],
        "projects": [{"name": "P", "description": "D", "technologies": ["Go"]}],
        "education": [{"degree": "BSc", "institution": "U", "year": "2018"}],
    }
    analysis = msgspec.convert(data, ComprehensiveAnalysis)
    assert msgspec.to_builtins(analysis) == data


@pytest.mark.parametrize(
    "data",
    [
        {"skills": {"technical": []}, "extra": 1},
        {"skills": {"technical": [], "hard": []}},
        {"experience": [{"company": "Acme", "salary": "1"}]},
        {"skills": {"technical": ["x"] * 201}},
        {"experience": [{}] * 51},
        {"experience": [{"highlights": ["x"] * 51}]},
        {"projects": [{"description": "x" * 2001}]},
        {"education": [{"degree": "x" * 501}]},
        {"skills": ["Python"]},
        {"education": [{"year": 2018}]},
    ],
    ids=[
        "unknown-top",
        "unknown-skills",
        "unknown-experience",
        "too-many-skills",
        "too-many-jobs",
        "too-many-highlights",
        "long-description",
        "long-degree",
        "wrong-shape",
        "wrong-type",
    ],
)
def test_bad_client_analysis_is_rejected(data: dict[str, object]) -> None:
    with pytest.raises(msgspec.ValidationError):
        msgspec.convert(data, ComprehensiveAnalysis)


def test_lexicon_has_no_alias_shared_between_skills() -> None:
    owners: dict[str, str] = {}
    canonical_names: list[str] = []
    for table in (TECHNICAL, DOMAIN, SOFT):
        for canonical, aliases in table.items():
            canonical_names.append(canonical)
            for spec in alias_specs(canonical, aliases):
                key = fold(spec.lstrip("~").lstrip("="))
                if spec.lstrip("~").startswith("="):
                    key = "=" + spec.lstrip("~=")
                assert owners.setdefault(key, canonical) == canonical, spec
    assert len(canonical_names) == len(set(canonical_names))


# A clear one-page resume like the one in the user's report (issue 14): every part must be read.
ONE_PAGE = """\
Maya Fernandes
Backend Engineer

Skills
Python, Go, gRPC, Kubernetes, postgres, Redis, Docker, AWS
Soft skills: communication, teamwork, mentoring

Experience
Senior Backend Engineer
Acme Analytics Ltd, Jan 2021 - Present
- Built gRPC services in Go serving 2k requests per second.

Globex Corporation
Software Engineer
Jun 2018 - Dec 2020
- Maintained the billing platform in Python and PostgreSQL.

Projects
TalentSync - A resume analyser built with Python, Litestar and PostgreSQL.
Kube Watch: a Kubernetes operator that restarts stuck pods.

Education
B.Sc. Computer Science, University of Mumbai, 2018
"""


def test_one_page_resume_is_read_completely(analyser: BuiltinAnalyser) -> None:
    analysis = analyser.analyse_sync(ONE_PAGE).analysis
    assert {"gRPC", "Kubernetes", "PostgreSQL", "Go"} <= set(analysis.skills.technical)
    assert analysis.skills.soft == ["Communication", "Teamwork", "Mentoring"]
    assert [(e.company, e.role, e.duration) for e in analysis.experience] == [
        ("Acme Analytics Ltd", "Senior Backend Engineer", "Jan 2021 - Present"),
        ("Globex Corporation", "Software Engineer", "Jun 2018 - Dec 2020"),
    ]
    assert [(p.name, p.description) for p in analysis.projects] == [
        ("TalentSync", "A resume analyser built with Python, Litestar and PostgreSQL."),
        ("Kube Watch", "a Kubernetes operator that restarts stuck pods."),
    ]
    assert analysis.projects[0].technologies == ["Python", "PostgreSQL"]
    (education,) = analysis.education
    assert (education.degree, education.institution, education.year) == (
        "B.Sc. Computer Science",
        "University of Mumbai",
        "2018",
    )


@pytest.mark.parametrize(
    ("header", "company", "role"),
    [
        ("Software Engineer", "", "Software Engineer"),
        ("Tech Lead, Acme Ltd", "Acme Ltd", "Tech Lead"),
        ("Infosys Technologies Senior Developer", "Infosys Technologies", "Senior Developer"),
    ],
)
def test_company_words_in_a_role_stay_in_the_role(
    analyser: BuiltinAnalyser, header: str, company: str, role: str
) -> None:
    (entry,) = analyser.analyse_sync(f"Experience\n{header}\n- Did things.").analysis.experience
    assert (entry.company, entry.role) == (company, role)


def test_employer_beside_dates_under_a_role_line(analyser: BuiltinAnalyser) -> None:
    text = "Experience\nData Analyst\nBrightside Analytics, Mar 2019 - Present\n- Reports."
    (entry,) = analyser.analyse_sync(text).analysis.experience
    assert (entry.company, entry.role, entry.duration) == (
        "Brightside Analytics",
        "Data Analyst",
        "Mar 2019 - Present",
    )


def test_skills_in_a_comma_separated_line(analyser: BuiltinAnalyser) -> None:
    text = "Technical Skills: Java, gRPC, GraphQL, RabbitMQ, k8s, psql, Next.js, Tailwind"
    assert technical(analyser, text) == [
        "Java",
        "gRPC",
        "GraphQL",
        "RabbitMQ",
        "Kubernetes",
        "PostgreSQL",
        "Next.js",
        "Tailwind CSS",
    ]


def test_skill_vocabulary_lists_canonical_names_with_plain_aliases() -> None:
    vocabulary = {entry.name: entry for entry in skill_vocabulary()}
    assert vocabulary["Kubernetes"].aliases == ("k8s",)
    assert {"postgres", "psql"} <= set(vocabulary["PostgreSQL"].aliases)
    assert not vocabulary["gRPC"].soft
    assert vocabulary["Teamwork"].soft
    # The matcher's markers are not part of a name: "~=C" is the canonical "C" itself.
    assert all(not a.startswith(("~", "=")) for e in vocabulary.values() for a in e.aliases)
    assert "C" not in vocabulary["C"].aliases
    assert len(vocabulary) == len(skill_vocabulary())


KEYED_PROJECTS = """\
Work Experience
company - Harbour Logistics Pvt Ltd
description - Project Title: Fleet Tracker
Team Size: 4
Environment: Java, Spring Boot, MySQL
Built the live map of trucks.
Responsibilities
Wrote the REST endpoints
company - Seaview Retail Ltd
description - Store operations.
"""


def test_projects_named_by_keys_inside_a_job_are_found(analyser: BuiltinAnalyser) -> None:
    analysis = analyser.analyse_sync(KEYED_PROJECTS).analysis
    (project,) = analysis.projects
    assert project.name == "Fleet Tracker"
    assert project.technologies == ["Java", "Spring Boot", "MySQL"]
    assert [e.company for e in analysis.experience] == [
        "Harbour Logistics Pvt Ltd",
        "Seaview Retail Ltd",
    ]


def test_run_together_project_fields_are_split(analyser: BuiltinAnalyser) -> None:
    text = (
        "Skills: Java, SQL Key Projects Project Title: Smart Irrigation Client: Agro Labs "
        "Team Size: 3 Technologies: Python, Raspberry Pi"
    )
    (project,) = analyser.analyse_sync(text).analysis.projects
    assert project.name == "Smart Irrigation"
    assert project.technologies == ["Python", "Microcontrollers"]


def test_numbered_and_captioned_projects(analyser: BuiltinAnalyser) -> None:
    text = (
        "Project Details\nProject-I: Pragat Portal\nTechnologies Used: PHP, MySQL\n"
        "Synopsis: Collects survey data.\n\nProject-II: Go Ayur\nTechnologies Used: PHP\n"
        "Synopsis: Booking for a clinic.\nPosition: Developer\nShort Caption Line\n"
        "company - Exposys Pvt Ltd\ndescription - PHP developer"
    )
    analysis = analyser.analyse_sync(text).analysis
    assert [p.name for p in analysis.projects] == ["Pragat Portal", "Go Ayur"]
    assert analysis.projects[0].description == "Collects survey data."
    assert [e.company for e in analysis.experience] == ["Exposys Pvt Ltd"]


def test_a_project_named_twice_is_listed_once(analyser: BuiltinAnalyser) -> None:
    text = "Projects\nProject Name: Atlas\nDescription: Maps.\n" * 2
    assert [p.name for p in analyser.analyse_sync(text).analysis.projects] == ["Atlas"]


def test_a_detail_line_under_a_project_opens_no_project(analyser: BuiltinAnalyser) -> None:
    text = (
        "Projects\nTalentSync - A resume analyser for recruiters.\n"
        "Stack: Python, Litestar, PostgreSQL\n- Backend: wrote the scoring service in Python."
    )
    (project,) = analyser.analyse_sync(text).analysis.projects
    assert project.name == "TalentSync"
    assert project.technologies == ["Python", "PostgreSQL"]


def test_a_described_client_project_is_named_by_its_subject(analyser: BuiltinAnalyser) -> None:
    text = (
        "Company Details\ncompany - Tech Mahindra\ndescription - Testing\n\nProject Description\n"
        "Globex Telecom plc (formerly Globex) is a British telecoms company. I tested its portal."
    )
    (project,) = analyser.analyse_sync(text).analysis.projects
    assert project.name == "Globex Telecom plc"


def test_numbered_items_in_one_project_name_are_separate_projects(
    analyser: BuiltinAnalyser,
) -> None:
    text = "Projects\nProject Name   Android 1.Time Attendance App 2.Vehicle Tracking System"
    names = [p.name for p in analyser.analyse_sync(text).analysis.projects]
    assert names == ["Android Time Attendance App", "Vehicle Tracking System"]


@pytest.mark.parametrize(
    ("sentence", "company", "role"),
    [
        ("Worked as a Software Engineer in Technosoft Corporation, Chennai.", "Technosoft", "Soft"),
        ("Currently working in Infrasoft Technologies, Pune as a Java Developer.", "Infra", "Java"),
        ("Worked with Mahal Pvt Ltd. as Sr. Sales Executive. (2016 to 2017)", "Mahal", "Sr. Sales"),
    ],
)
def test_jobs_stated_in_sentences_are_entries(
    analyser: BuiltinAnalyser, sentence: str, company: str, role: str
) -> None:
    text = f"Experience\nData Analyst, Acme Analytics Ltd (2019 - Present)\n- {sentence}"
    first, second = analyser.analyse_sync(text).analysis.experience
    assert (first.company, first.role) == ("Acme Analytics Ltd", "Data Analyst")
    assert second.company.startswith(company)
    assert second.role.startswith(role)


def test_repeated_employer_blocks_are_one_job(analyser: BuiltinAnalyser) -> None:
    text = (
        "Company Details\ncompany - Corpcloud Global Services Pvt. Ltd.\ndescription - Apps.\n"
        "company - Current Project\ndescription - Wallet.\n"
        "company - Corpcloud Global Services Pvt Ltd\ndescription - Fixed bugs.\n"
        "company - \ndescription - Blockchain Developer\n"
    )
    (entry,) = analyser.analyse_sync(text).analysis.experience
    assert entry.company == "Corpcloud Global Services Pvt. Ltd."
    assert entry.role == "Blockchain Developer"


def test_academic_projects_run_together_on_one_line_are_separate(
    analyser: BuiltinAnalyser,
) -> None:
    text = (
        "Skills\nPython, C\nAcademic Work: M.Sc. Project Weather Station Team Size: 2. It logs "
        "rain and wind. Mini project Chess Clock. Team Size: 1. A timer for two players. "
        "Diploma Project Solar Tracker Team Size: 3. Turns a panel to the sun."
    )
    names = [p.name for p in analyser.analyse_sync(text).analysis.projects]
    assert names == ["Weather Station", "Chess Clock", "Solar Tracker"]


def test_projects_listed_on_a_captioned_job_line_are_one_a_sentence(
    analyser: BuiltinAnalyser,
) -> None:
    text = (
        "Work Experience\ncompany - Northwind Traders Ltd\ndescription - Ran the warehouse "
        "network.\n- Major projects: Barcode rollout at three depots. Migration of the stock "
        "database to the cloud.\n- Tools: Jira"
    )
    analysis = analyser.analyse_sync(text).analysis
    assert [(p.name, p.technologies) for p in analysis.projects] == [
        ("Barcode rollout at three depots", []),
        ("Migration of the stock database to the cloud", []),
    ]


def test_a_project_a_job_is_working_on_is_named(analyser: BuiltinAnalyser) -> None:
    text = (
        "Work Experience\ncompany - Bluebird Consulting\ndescription - Support for clients.\n"
        "Currently working on the Payroll Automation Suite project for a retailer.\n"
        "Worked on the project plan with managers."
    )
    (project,) = analyser.analyse_sync(text).analysis.projects
    assert project.name == "Payroll Automation Suite"


def test_a_project_in_a_company_field_is_named_by_its_description(
    analyser: BuiltinAnalyser,
) -> None:
    text = (
        "Company Details\ncompany - Orbital Data Pvt Ltd\ndescription - Data engineer.\n"
        "company - Current Project\ndescription - Claims Fraud Detection\n"
        "Environment: Spark, Hive\ncompany - Previous Project\ndescription - Duration: 2019\n"
        "Worked on reports."
    )
    analysis = analyser.analyse_sync(text).analysis
    (project,) = analysis.projects
    assert project.name == "Claims Fraud Detection"
    assert project.technologies == ["Spark", "Hive"]
