"""Resumes and their analyses. The full-text columns (`search_vector` to match, the smaller
`rank_vector` to rank) and the GIN indexes live in raw migrations."""

from piccolo.columns import JSONB, Boolean, ForeignKey, OnDelete, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.constraints import Unique
from piccolo.table import Table

from tables.admin import BulkUpload
from tables.auth import User
from tables.columns import one_of, owned_by, uuid_pk

# As long as an entry's name in bulk_upload.errors (`file`).
BULK_ENTRY_LENGTH = 300
# How a resume came to be: a file, text sent as JSON, a bulk upload's entry, or tailored from
# another of the owner's resumes (its parent).
RESUME_SOURCES = ("upload", "text", "bulk", "tailored")
# Who made an analysis: the server's analyser (by provider) or a client, with PUT.
ANALYSIS_ORIGINS = ("builtin", "openai", "client")


class Resume(Table, tablename="resume"):
    id = uuid_pk()
    user_id = owned_by(User)
    custom_name = Varchar(length=200, null=False)
    raw_text = Text(null=False)
    show_in_central = Boolean(default=False, null=False)
    uploaded_at = Timestamptz(default=TimestamptzNow(), null=False, index=True)
    # A resume made from a bulk upload's entry: which upload, and the entry's name in its ZIP.
    # The unique constraint's index, which starts with the upload, also serves the link.
    bulk_upload_id = ForeignKey(
        references=BulkUpload, null=True, on_delete=OnDelete.set_null, index=False
    )
    bulk_entry = Varchar(length=BULK_ENTRY_LENGTH, null=True, default=None)
    source = Varchar(length=10, default="upload", null=False)
    # The resume this one was tailored from; its copies outlive it (their parent becomes NULL).
    parent_id: ForeignKey["Resume"] = ForeignKey(
        references="self", null=True, on_delete=OnDelete.set_null, index=True
    )

    # A worker that retries an entry stores nothing twice.
    resume_one_per_bulk_entry = Unique([bulk_upload_id, bulk_entry])
    resume_source_known = one_of("source", RESUME_SOURCES)


class Analysis(Table, tablename="analysis"):
    id = uuid_pk()
    resume_id = owned_by(Resume, unique=True)
    predicted_field = Varchar(length=100, null=False, index=True)
    comprehensive_analysis = JSONB(null=False, default={})
    analyzed_at = Timestamptz(default=TimestamptzNow(), null=False)
    # Rows from before origins were recorded count as the server's own (re-analysis redoes them).
    origin = Varchar(length=10, default="builtin", null=False)
    # The resume's half of an ATS score (app/ats/resume_profile.py), made when the analysis is
    # stored, so that matching scores many resumes without reading their text; NULL: not made.
    ats_profile = JSONB(null=True, default=None)

    analysis_origin_known = one_of("origin", ANALYSIS_ORIGINS)
