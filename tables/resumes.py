"""Resumes and their analyses. The full-text column and GIN indexes live in a raw migration."""

from piccolo.columns import JSONB, Boolean, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from tables.auth import User
from tables.columns import owned_by, uuid_pk


class Resume(Table, tablename="resume"):
    id = uuid_pk()
    user_id = owned_by(User)
    custom_name = Varchar(length=200, null=False)
    raw_text = Text(null=False)
    show_in_central = Boolean(default=False, null=False)
    uploaded_at = Timestamptz(default=TimestamptzNow(), null=False, index=True)


class Analysis(Table, tablename="analysis"):
    id = uuid_pk()
    resume_id = owned_by(Resume, unique=True)
    predicted_field = Varchar(length=100, null=False, index=True)
    comprehensive_analysis = JSONB(null=False, default={})
    analyzed_at = Timestamptz(default=TimestamptzNow(), null=False)
