"""Admin-owned rows: bulk uploads and recruiter profiles."""

from piccolo.columns import JSONB, Integer, Varchar
from piccolo.table import Table

from tables.auth import User
from tables.columns import created_now, owned_by, uuid_pk


class BulkUpload(Table, tablename="bulk_upload"):
    id = uuid_pk()
    admin_id = owned_by(User)
    file_name = Varchar(length=255, null=False)
    total_files = Integer(default=0, null=False)
    succeeded = Integer(default=0, null=False)
    failed = Integer(default=0, null=False)
    errors = JSONB(default=[], null=False)
    uploaded_at = created_now()


class Recruiter(Table, tablename="recruiter"):
    id = uuid_pk()
    admin_id = owned_by(User, unique=True)
    email = Varchar(length=320, null=False)
    company_name = Varchar(length=200, null=False)
    created_at = created_now()
