"""Background jobs as the API reports them; the engine's own queue is in procrastinate_* tables."""

from piccolo.columns import Array, Integer, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from tables.auth import User
from tables.columns import one_of, optional_link, uuid_pk

# What a job does.
JOB_KINDS = ("bulk_upload", "reanalysis", "cleanup")
# Shared by jobs and by the bulk uploads they process.
JOB_STATUSES = ("queued", "running", "done", "failed")


class Job(Table, tablename="job"):
    id = uuid_pk()
    kind = Varchar(length=20, null=False)
    status = Varchar(length=10, default="queued", null=False)
    done = Integer(default=0, null=False)
    total = Integer(default=0, null=False)
    error = Text(null=True, default=None)
    # A job outlives the account that started it.
    created_by_id = optional_link(User)
    created_at = Timestamptz(default=TimestamptzNow(), null=False, index=True)
    started_at = Timestamptz(null=True, default=None)
    finished_at = Timestamptz(null=True, default=None)
    # The steps (batches) of a job already counted in `done`: a retried step counts once.
    steps_done = Array(Integer(), default=list, null=False)

    job_kind_known = one_of("kind", JOB_KINDS)
    job_status_known = one_of("status", JOB_STATUSES)
