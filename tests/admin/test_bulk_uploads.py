"""Bulk uploads: checked in the request (bombs refused), then processed by a real worker: good
entries become resumes, bad ones are listed, each once."""

from __future__ import annotations

import io
import resource
import struct
import zipfile
import zlib
from pathlib import Path

import httpx
import procrastinate
import pytest
from procrastinate.exceptions import ConnectorException

from app.admin.archive import MAX_ENTRIES, MAX_LISTED_ENTRIES, open_archive
from app.ai.analyser import BuiltinAnalyser
from app.core.errors import BadGateway
from app.jobs import tasks
from app.jobs.tasks import CHUNK_RETRY, defer_bulk_upload
from app.resumes.extraction.sandbox import TOO_LONG, Extractor, SandboxLimits
from tables import Analysis, BulkUpload, Job, Resume
from tests.conftest import JobRunner
from tests.helpers import signed_in
from tests.resumes import files

BULK = "/api/v1/admin/bulk-uploads"
CV = "Jane Roe\nSkills\nPython, SQL, Docker\nExperience\nData Engineer at Acme (2019 - 2024)\n"


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(zipfile.ZipInfo(name), data)
    return buffer.getvalue()


def _mixed_archive() -> bytes:
    return _zip(
        {
            "good/one.txt": CV.encode(),
            "good/two.pdf": files.text_pdf(CV),
            "good/three.docx": files.word_docx(CV.split("\n")),
            "bad/corrupt.pdf": files.text_pdf(CV)[:300],
            "bad/setup.exe": files.renamed_exe(),
            "bad/inner.zip": _zip({"x.txt": b"hello"}),
            "../evil.txt": b"I escaped",
            "folder/": b"",
            ".hidden.txt": b"secret",
            "__MACOSX/._one.txt": b"junk",
        }
    )


@pytest.mark.embedded_smoke
async def test_good_entries_stored_bad_ones_listed(
    client: httpx.AsyncClient, jobs: JobRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path / "..")
    admin_id, admin = await signed_in(client, "root@x.co", role="Admin")
    response = await client.post(
        BULK,
        files={"file": ("batch.zip", _mixed_archive(), "application/zip")},
        data={"showInCentral": "true"},
        headers=admin,
    )
    assert response.status_code == 202, response.text
    queued = response.json()
    assert queued["fileName"] == "batch.zip"
    assert (queued["status"], queued["totalFiles"], queued["processed"]) == ("queued", 7, 0)
    assert (queued["succeeded"], queued["failed"], queued["errors"]) == (0, 0, [])
    assert queued["finishedAt"] is None
    assert await Resume.count() == 0  # nothing is read in the request

    await jobs.run()
    body = (await client.get(f"{BULK}/{queued['id']}", headers=admin)).json()
    assert (body["status"], body["processed"]) == ("done", 7)
    assert (body["totalFiles"], body["succeeded"], body["failed"]) == (7, 3, 4)
    assert body["finishedAt"] >= body["uploadedAt"]
    reasons = {error["file"]: error["reason"] for error in body["errors"]}
    assert set(reasons) == {"bad/corrupt.pdf", "bad/setup.exe", "bad/inner.zip", "../evil.txt"}
    assert "unsafe path" in reasons["../evil.txt"]
    assert "nested" in reasons["bad/inner.zip"]

    rows = await Resume.select(
        Resume.custom_name,
        Resume.show_in_central,
        Resume.bulk_upload_id,
        Resume.bulk_entry,
        Resume.source,
    ).order_by(Resume.custom_name)
    assert {r["source"] for r in rows} == {"bulk"}
    assert [r["custom_name"] for r in rows] == ["one.txt", "three.docx", "two.pdf"]
    assert [r["bulk_entry"] for r in rows] == ["good/one.txt", "good/three.docx", "good/two.pdf"]
    assert all(r["show_in_central"] and str(r["bulk_upload_id"]) == body["id"] for r in rows)
    assert await Analysis.count() == 3
    owners = await Resume.raw("SELECT DISTINCT user_id FROM resume")
    assert [r["user_id"] for r in owners] == [admin_id]
    # The archive is dropped once processed; nothing was written outside the database.
    assert await BulkUpload.select(BulkUpload.archive).first() == {"archive": None}
    for folder in (tmp_path, tmp_path.parent, Path.cwd()):
        assert not (folder / "evil.txt").exists()

    listed = (await client.get(BULK, headers=admin)).json()
    assert listed["total"] == 1
    assert listed["items"][0] == body
    job = await Job.select().where(Job.kind == "bulk_upload").first()
    assert (job["kind"], job["status"], job["done"], job["total"]) == ("bulk_upload", "done", 7, 7)
    assert job["created_by_id"] == admin_id


async def test_running_the_jobs_again_changes_nothing(
    client: httpx.AsyncClient, jobs: JobRunner, job_engine: procrastinate.App
) -> None:
    """A chunk that runs twice (a worker killed after its work, before its acknowledgment)."""
    _, admin = await signed_in(client, "root@x.co", role="Admin")
    archive = _zip(
        {f"cv-{i:02}.txt": CV.encode() for i in range(12)} | {"x.exe": files.renamed_exe()}
    )
    created = (await client.post(BULK, files={"file": ("a.zip", archive)}, headers=admin)).json()
    await jobs.run()
    # The same chunks deferred once more, as a retried job would run them.
    row = await BulkUpload.select(BulkUpload.job_id).first()
    await BulkUpload.update({BulkUpload.status: "running"}).where(BulkUpload.id == created["id"])
    await defer_bulk_upload(job_engine, created["id"], row["job_id"], 13, False)
    await jobs.run()
    body = (await client.get(f"{BULK}/{created['id']}", headers=admin)).json()
    assert (body["processed"], body["succeeded"], body["failed"]) == (13, 12, 1)
    assert len(body["errors"]) == 1
    assert await Resume.count() == 12
    assert await Analysis.count() == 12


async def test_an_archive_without_files_is_done_at_once(
    client: httpx.AsyncClient, jobs: JobRunner
) -> None:
    _, admin = await signed_in(client, "root@x.co", role="Admin")
    archive = _zip({"folder/": b"", ".hidden": b"x"})
    response = await client.post(BULK, files={"file": ("a.zip", archive)}, headers=admin)
    assert response.status_code == 202, response.text
    body = response.json()
    assert (body["status"], body["totalFiles"], body["processed"]) == ("done", 0, 0)
    assert body["finishedAt"] is not None
    assert (await Job.select(Job.status).where(Job.kind == "bulk_upload").first())[
        "status"
    ] == "done"


async def test_another_admins_bulk_upload_is_404(client: httpx.AsyncClient) -> None:
    _, first = await signed_in(client, "one@x.co", role="Admin")
    _, second = await signed_in(client, "two@x.co", role="Admin")
    created = await client.post(
        BULK, files={"file": ("a.zip", _zip({"a.txt": CV.encode()}))}, headers=first
    )
    assert created.status_code == 202, created.text
    assert (await client.get(f"{BULK}/{created.json()['id']}", headers=second)).status_code == 404
    assert (await client.get(BULK, headers=second)).json()["total"] == 0


@pytest.mark.parametrize(
    ("upload", "status"),
    [
        ({"files": {"file": ("a.zip", b"not a zip at all")}}, 422),
        ({"files": {"file": ("a.zip", _zip({f"{i}.txt": b"x" for i in range(501)}))}}, 422),
        ({"json": {"file": "a.zip"}}, 415),
        ({"files": {"other": ("a.zip", b"x")}}, 400),
    ],
)
async def test_unusable_uploads_are_refused_whole(
    client: httpx.AsyncClient, upload: dict, status: int
) -> None:
    _, admin = await signed_in(client, "root@x.co", role="Admin")
    response = await client.post(BULK, headers=admin, **upload)
    assert response.status_code == status, response.text
    assert await BulkUpload.count() == 0
    assert await Resume.count() == 0
    assert await Job.count() == 0


async def test_two_entries_of_one_name_are_refused_whole(client: httpx.AsyncClient) -> None:
    """Each entry is recorded under its name, exactly once; a ZIP may hold a name twice."""
    _, admin = await signed_in(client, "root@x.co", role="Admin")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("cv.txt", CV)
        with pytest.warns(UserWarning, match="Duplicate"):
            archive.writestr("cv.txt", CV)
    response = await client.post(BULK, files={"file": ("a.zip", buffer.getvalue())}, headers=admin)
    assert response.status_code == 422, response.text
    assert response.json()["title"] == "two entries of the archive have the same name"
    assert await BulkUpload.count() == 0


def _bomb(gibibytes: int) -> bytes:
    """A real ZIP whose one entry inflates to `gibibytes` of zeros, in a few MiB.

    A deflate block of 1 MiB of zeros that ends on a full flush refers to nothing before
    it, so repeating it makes a valid stream; the ZIP around it is written by hand.
    """
    chunk = bytes(1024 * 1024)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    copies = gibibytes * 1024
    deflated = block * copies + compressor.flush()
    crc = 0
    for _ in range(copies):
        crc = zlib.crc32(chunk, crc)
    size, name = copies * len(chunk), b"resume.txt"
    local = struct.pack(
        "<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(deflated), size, len(name), 0
    )
    central = struct.pack(
        "<IHHHHHHIIIHHHHHII",
        0x02014B50,
        20,
        20,
        0,
        8,
        0,
        0,
        crc,
        len(deflated),
        size,
        len(name),
        0,
        0,
        0,
        0,
        0,
        0,
    )
    directory_offset = len(local) + len(name) + len(deflated)
    end = struct.pack(
        "<IHHHHIIH", 0x06054B50, 0, 0, 1, 1, len(central) + len(name), directory_offset, 0
    )
    return local + name + deflated + central + name + end


@pytest.mark.slow
async def test_zip_bomb_is_refused_with_bounded_memory(client: httpx.AsyncClient) -> None:
    _, admin = await signed_in(client, "root@x.co", role="Admin")
    bomb = _bomb(2)  # under 4 GiB, so no ZIP64 records are needed
    assert len(bomb) < 10 * 1024 * 1024
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    response = await client.post(BULK, files={"file": ("bomb.zip", bomb)}, headers=admin)
    grown_mib = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert response.status_code == 422, response.text
    assert grown_mib < 100
    assert await Resume.count() == 0


async def test_a_hostile_entry_is_listed_and_the_good_one_stored(
    client: httpx.AsyncClient, jobs: JobRunner
) -> None:
    _, admin = await signed_in(client, "root@x.co", role="Admin")
    archive = _zip({"burns.pdf": files.cpu_burning_pdf(), "good.txt": CV.encode()})
    response = await client.post(BULK, files={"file": ("batch.zip", archive)}, headers=admin)
    assert response.status_code == 202, response.text
    await jobs.run(extractor=Extractor(SandboxLimits(cpu_seconds=1, wall_seconds=3)))
    body = (await client.get(f"{BULK}/{response.json()['id']}", headers=admin)).json()
    assert (body["totalFiles"], body["succeeded"], body["failed"]) == (2, 1, 1)
    assert body["errors"] == [{"file": "burns.pdf", "reason": TOO_LONG}]
    assert [r["custom_name"] for r in await Resume.select(Resume.custom_name)] == ["good.txt"]
    assert files.extraction_processes() == []


async def test_an_unreachable_queue_is_503_and_leaves_a_failed_upload(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, admin = await signed_in(client, "root@x.co", role="Admin")

    async def unreachable(*args: object) -> None:
        raise ConnectorException("connection refused")

    monkeypatch.setattr(tasks, "defer_bulk_upload", unreachable)
    archive = _zip({"a.txt": CV.encode()})
    response = await client.post(BULK, files={"file": ("a.zip", archive)}, headers=admin)
    assert response.status_code == 503, response.text
    assert response.headers["retry-after"] == "5"
    upload = await BulkUpload.select(BulkUpload.status, BulkUpload.archive).first()
    assert upload == {"status": "failed", "archive": None}
    job = await Job.select(Job.status, Job.error).where(Job.kind == "bulk_upload").first()
    assert job == {"status": "failed", "error": "The job queue is unavailable; try again shortly"}


async def test_a_chunk_that_keeps_failing_fails_the_upload_and_its_job(
    client: httpx.AsyncClient, jobs: JobRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The AI provider away for good: retried, then the upload and its job say why."""
    _, admin = await signed_in(client, "root@x.co", role="Admin")
    created = await client.post(
        BULK, files={"file": ("a.zip", _zip({"a.txt": CV.encode()}))}, headers=admin
    )

    async def unreachable(self: object, text: str) -> None:
        raise BadGateway("The AI provider did not answer")

    monkeypatch.setattr(BuiltinAnalyser, "analyse", unreachable)
    monkeypatch.setattr(CHUNK_RETRY, "max_attempts", 1)
    monkeypatch.setattr(CHUNK_RETRY, "exponential_wait", 0)
    await jobs.run()  # the first attempt, and its retry at once
    body = (await client.get(f"{BULK}/{created.json()['id']}", headers=admin)).json()
    assert (body["status"], body["processed"]) == ("failed", 0)
    assert body["finishedAt"] is not None
    job = await Job.select(Job.status, Job.error).where(Job.kind == "bulk_upload").first()
    assert job == {"status": "failed", "error": "The AI provider did not answer"}
    assert await BulkUpload.select(BulkUpload.archive).first() == {"archive": None}


# -- the entry count, read from the end record before the directory is parsed ----------------

_END = struct.Struct("<IHHHHIIH")  # signature, disks, entries here and in all, size, offset
_ZIP64_END = struct.Struct("<IQHHIIQQQQ")
_ZIP64_LOCATOR = struct.Struct("<IIQI")


def _end_record(entries: int, directory_bytes: int = 46) -> bytes:
    return _END.pack(0x06054B50, 0, 0, entries, entries, directory_bytes, 0, 0)


def _with_zip64_end(archive: bytes, entries: int) -> bytes:
    """The archive with a ZIP64 end record and locator before its classic end record, which
    still tells the truth: zipfile believes the ZIP64 one."""
    body, end = archive[: -_END.size], archive[-_END.size :]
    zip64 = _ZIP64_END.pack(0x06064B50, 44, 45, 45, 0, 0, entries, entries, entries * 50, 0)
    locator = _ZIP64_LOCATOR.pack(0x07064B50, 0, len(body), 1)
    return body + zip64 + locator + end


TOO_MANY_LISTED = f"the archive lists more than {MAX_LISTED_ENTRIES} entries"


@pytest.mark.parametrize(
    "archive",
    [
        pytest.param(b"not a zip at all" + _end_record(60_000), id="end record of 60,000"),
        pytest.param(b"not a zip at all" + _end_record(0xFFFF), id="ZIP64 count marker"),
        pytest.param(
            b"not a zip" + _end_record(10, directory_bytes=40 * 1024 * 1024), id="40 MiB directory"
        ),
        pytest.param(_with_zip64_end(_zip({"a.txt": b"x"}), 400_000), id="ZIP64 end record"),
        pytest.param(
            _zip({f"{i}.txt": b"" for i in range(MAX_LISTED_ENTRIES + 1)}), id="2,001 entries"
        ),
    ],
)
async def test_archives_listing_too_many_entries_are_refused_before_parsing(
    client: httpx.AsyncClient, archive: bytes
) -> None:
    _, admin = await signed_in(client, "root@x.co", role="Admin")
    response = await client.post(BULK, files={"file": ("a.zip", archive)}, headers=admin)
    assert response.status_code == 422, response.text
    # Not "not a readable ZIP archive": zipfile never saw the bogus ones.
    assert response.json()["title"].startswith(TOO_MANY_LISTED)
    assert await BulkUpload.count() == 0


async def test_a_bogus_archive_with_a_modest_end_record_is_merely_unreadable(
    client: httpx.AsyncClient,
) -> None:
    _, admin = await signed_in(client, "root@x.co", role="Admin")
    archive = b"not a zip at all" + _end_record(3)
    response = await client.post(BULK, files={"file": ("a.zip", archive)}, headers=admin)
    assert response.status_code == 422, response.text
    assert response.json()["title"] == "not a readable ZIP archive"


def test_folders_and_mac_twins_fit_in_the_margin() -> None:
    """500 resumes zipped by a Mac's Finder: 1,004 entries in the directory, 500 files."""
    entries: dict[str, bytes] = {"resumes/": b"", "__MACOSX/": b"", "__MACOSX/resumes/": b""}
    for i in range(MAX_ENTRIES):
        entries[f"resumes/{i}.txt"] = b"Jane"
        entries[f"__MACOSX/resumes/._{i}.txt"] = b"\x00\x05\x16\x07"
    archive, files_found = open_archive(_zip(entries))
    with archive:
        assert len(archive.infolist()) == 2 * MAX_ENTRIES + 3
        assert len(files_found) == MAX_ENTRIES
