"""Job titles that name a category outright, and which categories specialise another."""

from __future__ import annotations

# A specialisation inherits part of its parent's evidence: an automation tester's resume says
# everything a tester's does, plus the automation.
SPECIALISATIONS: dict[str, tuple[str, float]] = {"Automation Testing": ("Testing", 0.5)}

TITLES: dict[str, str] = {
    "Advocate": "advocate, lawyer, legal advisor, legal executive, legal officer, attorney",
    "Arts": "artist, art teacher, drawing teacher, painter, dancer, musician, fine arts",
    "Automation Testing": (
        "automation tester, automation test engineer, automation engineer, sdet, "
        "qa automation engineer, automation testing, selenium tester, test automation engineer"
    ),
    "Blockchain": "blockchain developer, blockchain engineer, blockchain, solidity developer",
    "Business Analyst": "business analyst, business systems analyst, functional analyst",
    "Civil Engineer": "civil engineer, site engineer, structural engineer, civil site engineer",
    "Data Science": "data scientist, data science, machine learning engineer, ml engineer",
    "Database": (
        "database administrator, dba, oracle dba, sql dba, database developer, "
        "database engineer, sql server dba"
    ),
    "DevOps Engineer": "devops engineer, devops, build and release engineer, cloud engineer",
    "DotNet Developer": (
        ".net developer, dotnet developer, dot net developer, asp.net developer, c# developer"
    ),
    "ETL Developer": "etl developer, informatica developer, etl tester, etl engineer",
    "Electrical Engineering": "electrical engineer, electrical maintenance engineer, electrical",
    "HR": "hr executive, hr manager, hr generalist, recruiter, hr, human resources, hr recruiter",
    "Hadoop": "hadoop developer, big data developer, big data engineer, hadoop administrator",
    "Health and fitness": (
        "fitness trainer, personal trainer, gym trainer, yoga trainer, dietitian, "
        "fitness instructor, yoga instructor, fitness coach, health coach, wellness coach"
    ),
    "Java Developer": (
        "java developer, java engineer, j2ee developer, java programmer, java web developer, "
        "java/j2ee developer, core java developer"
    ),
    "Mechanical Engineer": "mechanical engineer, design engineer, production engineer",
    "Network Security Engineer": (
        "network security engineer, network engineer, security engineer, security analyst, "
        "network administrator, network security analyst"
    ),
    "Operations Manager": "operations manager, operation manager, operations head, ops manager",
    "PMO": "pmo, project manager, program manager, pmo analyst, project coordinator",
    "Python Developer": "python developer, python engineer, django developer",
    "SAP Developer": (
        "sap abap developer, abap developer, sap consultant, sap developer, sap bo developer, "
        "sap hana developer, hana developer, sap bw developer, sap abap consultant"
    ),
    "Sales": (
        "sales executive, sales manager, sales officer, business development executive, "
        "business development manager, sales representative, area sales manager"
    ),
    "Testing": (
        "test engineer, testing engineer, software tester, qa engineer, tester, qa analyst, "
        "manual tester, quality engineer, quality analyst, qa tester"
    ),
    "Web Designing": "web designer, ui designer, ui developer, front end developer, web designing",
}
