"""Reference data seeded at start-up."""

from piccolo.columns import Varchar
from piccolo.table import Table

from tables.columns import uuid_pk

# The 25 job categories (DESIGN.md's data model): seeded into `category`, and the only fields
# the analyser may predict.
CATEGORIES: tuple[str, ...] = (
    "Advocate",
    "Arts",
    "Automation Testing",
    "Blockchain",
    "Business Analyst",
    "Civil Engineer",
    "Data Science",
    "Database",
    "DevOps Engineer",
    "DotNet Developer",
    "ETL Developer",
    "Electrical Engineering",
    "HR",
    "Hadoop",
    "Health and fitness",
    "Java Developer",
    "Mechanical Engineer",
    "Network Security Engineer",
    "Operations Manager",
    "PMO",
    "Python Developer",
    "SAP Developer",
    "Sales",
    "Testing",
    "Web Designing",
)


class Category(Table, tablename="category"):
    """A job category that resumes are classified into."""

    id = uuid_pk()
    name = Varchar(length=100, unique=True, null=False)
