"""Reference data seeded at start-up."""

from piccolo.columns import Varchar
from piccolo.table import Table

from tables.columns import uuid_pk


class Category(Table, tablename="category"):
    """A job category that resumes are classified into."""

    id = uuid_pk()
    name = Varchar(length=100, unique=True, null=False)
