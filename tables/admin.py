"""Admin-owned rows: bulk uploads and recruiter profiles."""

from piccolo.columns import JSONB, Bytea, Integer, Timestamptz, Varchar
from piccolo.table import Table

from tables.auth import User
from tables.columns import created_now, one_of, optional_link, owned_by, uuid_pk
from tables.jobs import JOB_STATUSES, Job


class BulkUpload(Table, tablename="bulk_upload"):
    id = uuid_pk()
    admin_id = owned_by(User)
    file_name = Varchar(length=255, null=False)
    total_files = Integer(default=0, null=False)
    succeeded = Integer(default=0, null=False)
    failed = Integer(default=0, null=False)
    errors = JSONB(default=[], null=False)
    uploaded_at = created_now()
    status = Varchar(length=10, default="queued", null=False)
    processed = Integer(default=0, null=False)
    finished_at = Timestamptz(null=True, default=None)
    # The ZIP waits here for the workers, and is dropped (NULL) once every entry is processed.
    archive = Bytea(null=True, default=None)
    job_id = optional_link(Job)

    bulk_upload_status_known = one_of("status", JOB_STATUSES)


class Recruiter(Table, tablename="recruiter"):
    id = uuid_pk()
    admin_id = owned_by(User, unique=True)
    email = Varchar(length=320, null=False)
    company_name = Varchar(length=200, null=False)
    created_at = created_now()
