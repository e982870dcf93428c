"""Resume extraction on real files: clean text out, hostile or broken files refused safely."""

from __future__ import annotations

import codecs
import resource
import tracemalloc

import docx
import pypdf
import pytest

from app.resumes import extraction
from app.resumes.extraction import (
    MAX_UPLOAD_BYTES,
    ExtractionError,
    FileTooLarge,
    UnreadableFile,
    UnsupportedFileType,
    detect_kind,
    extract_text,
    normalise_text,
    zipguard,
)
from tests.resumes import files

MIB = 1024 * 1024


def refused(
    data: bytes, error: type[ExtractionError], filename: str | None = None
) -> ExtractionError:
    """The refusal raised for `data`, after checking its status and that its reason is safe."""
    with pytest.raises(error) as caught:
        extract_text(data, filename)
    refusal = caught.value
    assert refusal.status == {FileTooLarge: 413, UnsupportedFileType: 415}.get(error, 422)
    assert refusal.reason
    assert len(refusal.reason) < 100
    for leak in ("/", "\\", "\n", "Traceback", "Error", "pypdf", "docx.", "zipfile"):
        assert leak not in refusal.reason
    return refusal


# -- files that read ------------------------------------------------------------------------


def test_a_pdf_yields_its_text() -> None:
    pdf = files.text_pdf("Jane Doe\nSenior Engineer\nSkills: Python, SQL", "Page two: Café")

    text = extract_text(pdf, "resume.pdf")

    assert text == "Jane Doe\nSenior Engineer\nSkills: Python, SQL\n\nPage two: Café"


def test_a_docx_yields_paragraphs_and_table_cells_in_document_order() -> None:
    document = files.word_docx(
        paragraphs=["Jane Doe", "Backend engineer"],
        table=[["Skill", "Years"], ["Python", "8"]],
        closing=["References on request"],
    )

    text = extract_text(document, "resume.docx")

    assert text == ("Jane Doe\nBackend engineer\nSkill\nYears\nPython\n8\nReferences on request")


def test_merged_cells_are_read_once_and_nested_tables_are_read() -> None:
    text = extract_text(files.docx_with_merged_and_nested_table())

    # The cell holding the nested table starts with the empty paragraph every cell has.
    assert text == "Jane Doe\nExperience\n\n2020\nAcme Corp"


RESUME = "# Zoë Ångström\n\n## Skills\n- Python — “async” code, 5 € budget\n- Déjà vu"


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(RESUME.encode("utf-8"), id="utf-8"),
        pytest.param(codecs.BOM_UTF8 + RESUME.encode("utf-8"), id="utf-8-bom"),
        pytest.param(RESUME.encode("cp1252"), id="cp1252"),
        pytest.param(RESUME.encode("utf-16"), id="utf-16-bom"),
        pytest.param(codecs.BOM_UTF16_BE + RESUME.encode("utf-16-be"), id="utf-16-be-bom"),
        pytest.param(RESUME.encode("utf-32"), id="utf-32-bom"),
    ],
)
def test_text_files_decode_in_their_encoding(data: bytes) -> None:
    assert extract_text(data, "resume.md") == RESUME


def test_undecodable_8_bit_text_falls_back_to_latin_1() -> None:
    # 0x81 is undefined in cp1252; as latin-1 it is a lone control character among prose.
    data = b"Jos\xe9 Garc\xeda, Ingeniero " * 20 + b"\x81"

    assert extract_text(data).startswith("José García, Ingeniero José")


def test_every_kind_is_normalised() -> None:
    document = files.word_docx(["Jane    Doe   ", "", "", "", "", "\tEngineer"])

    # Indentation shrinks to one space; only trailing spaces go (as normalise_text promises).
    assert extract_text(document) == "Jane Doe\n\n Engineer"


def test_pdf_pages_past_the_cap_are_not_read() -> None:
    pdf = files.text_pdf(*(f"Page {number}" for number in range(1, 106)))

    text = extract_text(pdf)

    assert "Page 100" in text
    assert "Page 101" not in text


def test_output_text_is_capped() -> None:
    text = extract_text(b"word " * 200_000)

    assert len(text) <= 500_000
    assert text.startswith("word word")


# -- detection: content decides, the name at most hints ---------------------------------------


@pytest.mark.parametrize(
    ("data", "filename", "kind"),
    [
        pytest.param(files.text_pdf("Jane Doe"), "cv.txt", "pdf", id="pdf-named-txt"),
        pytest.param(b"Jane Doe, engineer", "cv.pdf", "text", id="text-named-pdf"),
        pytest.param(files.word_docx(["Jane Doe"]), "cv.pdf", "docx", id="docx-named-pdf"),
        pytest.param(b"# Jane Doe", "cv.md", "text", id="markdown"),
        pytest.param(b"Jane Doe", None, "text", id="no-name"),
    ],
)
def test_the_content_decides_the_kind(data: bytes, filename: str | None, kind: str) -> None:
    assert detect_kind(data, filename) == kind
    assert "Jane Doe" in extract_text(data, filename)


def test_a_pdf_header_after_junk_is_accepted_only_under_a_pdf_name() -> None:
    data = b"\r\n" + files.text_pdf("Jane Doe")

    assert extract_text(data, "cv.pdf") == "Jane Doe"
    refused(data, UnsupportedFileType, "cv.txt")


@pytest.mark.parametrize(
    ("data", "filename"),
    [
        pytest.param(files.renamed_exe(), "resume.pdf", id="exe-renamed-pdf"),
        pytest.param(files.png_image(), "resume.txt", id="png"),
        pytest.param(files.jpeg_image(), None, id="jpeg"),
        pytest.param(files.gzip_file(), "resume.txt", id="gzip"),
        pytest.param(b"{\\rtf1\\ansi Jane Doe\\par}", "resume.txt", id="rtf"),
        pytest.param("Jane Doe".encode("utf-16-le"), "resume.txt", id="utf-16-no-bom"),
        pytest.param(files.zip_of({"resume.txt": b"Jane Doe"}), "resume.docx", id="plain-zip"),
        pytest.param(files.xlsx_like_zip(), "resume.docx", id="xlsx"),
        pytest.param(files.odt_like_zip(), "resume.docx", id="odt"),
    ],
)
def test_other_file_types_are_unsupported(data: bytes, filename: str | None) -> None:
    refused(data, UnsupportedFileType, filename)


def test_binary_without_nul_bytes_is_not_taken_for_text() -> None:
    data = bytes(range(1, 256)) * 10

    refused(data, UnsupportedFileType)


# -- size ------------------------------------------------------------------------------------


def test_a_file_over_the_limit_is_refused_before_parsing() -> None:
    data = b"%PDF-" + b"x" * (6 * MIB)  # would be a corrupt PDF, but size is checked first

    refusal = refused(data, FileTooLarge)

    assert MAX_UPLOAD_BYTES == 5 * MIB
    assert "5 MiB" in refusal.reason


def test_the_size_limit_can_be_lowered_per_call() -> None:
    with pytest.raises(FileTooLarge):
        extract_text(b"Jane Doe", max_bytes=4)
    assert extract_text(b"Jane Doe", max_bytes=8) == "Jane Doe"


# -- unreadable PDFs -------------------------------------------------------------------------


def test_an_image_only_pdf_has_no_extractable_text() -> None:
    refusal = refused(files.image_only_pdf(), UnreadableFile)

    assert refusal.reason == "no extractable text"


def test_a_truncated_pdf_is_unreadable() -> None:
    pdf = files.text_pdf("Jane Doe\n" * 40)

    refused(pdf[: len(pdf) // 2], UnreadableFile, "resume.pdf")


@pytest.mark.parametrize("user_password", ["", "secret"])
def test_an_encrypted_pdf_is_refused_without_decrypting(
    user_password: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # pypdf's reader tries the empty password itself (Encryption.verify); ours must not.
    def fail(*args: object, **kwargs: object) -> None:
        raise AssertionError("tried to decrypt")

    monkeypatch.setattr(pypdf.PdfReader, "decrypt", fail)
    monkeypatch.setattr("pypdf._encryption.Encryption.verify", fail)

    refusal = refused(files.encrypted_pdf(user_password), UnreadableFile)

    assert refusal.reason == "encrypted PDF"


def test_a_pdf_whose_content_inflates_past_the_cap_is_refused_in_bounded_memory() -> None:
    pdf = files.pdf_with_padded_content(32 * MIB)
    assert len(pdf) < 200_000

    refusal = assert_refused_in_bounded_memory(pdf)

    assert refusal.reason == "the PDF unpacks to an unreasonable size"


@pytest.mark.parametrize("error", [RecursionError, KeyError, ValueError, MemoryError, TypeError])
def test_any_pdf_parser_failure_is_unreadable(
    error: type[BaseException], monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(*args: object, **kwargs: object) -> str:
        raise error("/srv/secret/path.py line 12")

    monkeypatch.setattr(pypdf.PageObject, "extract_text", explode)

    refused(files.text_pdf("Jane Doe"), UnreadableFile)


# -- unreadable and hostile DOCX -------------------------------------------------------------


def test_a_truncated_docx_is_unreadable() -> None:
    document = files.word_docx(["Jane Doe"])

    refused(document[: len(document) // 2], UnreadableFile)


def test_any_docx_parser_failure_is_unreadable(monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(*args: object, **kwargs: object) -> None:
        raise KeyError("/srv/secret/path.py")

    document = files.word_docx(["Jane Doe"])
    monkeypatch.setattr(docx, "Document", explode)

    refused(document, UnreadableFile)


def test_a_docx_with_too_many_parts_is_refused() -> None:
    parts = {f"word/media/part{number}.bin": b"x" for number in range(1001)}

    refusal = refused(files.docx_with_extra_parts(parts), UnreadableFile)

    assert refusal.reason == zipguard.TOO_MANY_PARTS


def test_a_docx_part_with_an_absurd_compression_ratio_is_refused() -> None:
    refusal = refused(
        files.docx_with_extra_parts({"word/media/blank.bin": b" " * (2 * MIB)}), UnreadableFile
    )

    assert refusal.reason == zipguard.TOO_BIG_UNPACKED


def test_a_docx_with_an_encrypted_part_is_refused() -> None:
    document = files.mark_encrypted(files.word_docx(["Jane Doe"]), files.DOCUMENT_XML)

    assert refused(document, UnreadableFile).reason == "encrypted Word document"


def test_parts_are_capped_on_the_bytes_actually_inflated(monkeypatch: pytest.MonkeyPatch) -> None:
    # Declared sizes pass; only inflating the parts shows they are over the (lowered) cap.
    monkeypatch.setattr(extraction.limits, "MAX_ZIP_PART_BYTES", 1024)

    refusal = refused(files.word_docx(["Jane Doe"]), UnreadableFile)

    assert refusal.reason == zipguard.TOO_BIG_UNPACKED


def test_markup_is_capped_before_lxml_builds_a_tree(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(extraction.limits, "MAX_MARKUP_TAGS", 100)

    refusal = refused(files.word_docx(["Jane Doe"]), UnreadableFile)

    assert refusal.reason == "the Word document is too complex to read"


@pytest.fixture(scope="module")
def gigabyte_bomb() -> bytes:
    """1 GiB of whitespace in document.xml, deflated to about 1 MB (built in ~5 s)."""
    bomb = files.docx_bomb(1024 * MIB)
    assert len(bomb) < 2 * MIB
    return bomb


def assert_refused_in_bounded_memory(data: bytes, budget: int = 100 * MIB) -> ExtractionError:
    """Refused as unreadable while Python allocations and the process's peak RSS stay small."""
    rss_before = _peak_rss_bytes()
    tracemalloc.start()
    try:
        refusal = refused(data, UnreadableFile)
        _, traced_peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert traced_peak < budget
    assert _peak_rss_bytes() - rss_before < budget
    return refusal


def _peak_rss_bytes() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux


@pytest.mark.slow
def test_a_docx_zip_bomb_is_refused_in_bounded_memory(gigabyte_bomb: bytes) -> None:
    refusal = assert_refused_in_bounded_memory(gigabyte_bomb)

    assert refusal.reason == zipguard.TOO_BIG_UNPACKED


@pytest.mark.slow
def test_a_docx_zip_bomb_with_lying_headers_is_refused_in_bounded_memory(
    gigabyte_bomb: bytes,
) -> None:
    # Declared sizes within every limit: only what inflating actually produces can tell.
    for declared in (4096, 8 * MIB):
        lying = files.forge_size(gigabyte_bomb, files.DOCUMENT_XML, declared)
        assert_refused_in_bounded_memory(lying)


# -- empty and unexpected --------------------------------------------------------------------


@pytest.mark.parametrize("data", [b"", b"  \r\n\t\n  "])
def test_text_with_nothing_in_it_has_no_extractable_text(data: bytes) -> None:
    assert refused(data, UnreadableFile).reason == "no extractable text"


def test_an_unexpected_error_anywhere_is_unreadable(monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(data: bytes) -> str:
        raise RuntimeError("/srv/app/secret.py")

    monkeypatch.setitem(extraction._EXTRACTORS, "text", explode)

    refused(b"Jane Doe", UnreadableFile)


# -- normalise_text --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        pytest.param("Jane\x00 Doe\x07\x1b", "Jane Doe", id="nul-and-controls"),
        pytest.param("a\r\nb\rc\fd", "a\nb\nc\nd", id="newlines"),
        pytest.param("a \t\u00a0  b", "a b", id="space-runs"),
        pytest.param("a   \nb\t\n", "a\nb", id="trailing-spaces"),
        pytest.param("a\n\n\n\n\nb\n \n\t\nc", "a\n\nb\n\nc", id="blank-lines"),
        pytest.param("\n\n  Jane  \n\n", "Jane", id="strip"),
        pytest.param("Cafe\u0301", "Café", id="nfc"),
        pytest.param("\ufeffJane\ud800", "Jane", id="bom-and-lone-surrogate"),
        pytest.param("Skills:\tPython\tSQL", "Skills: Python SQL", id="tabs"),
    ],
)
def test_normalise_text(raw: str, clean: str) -> None:
    assert normalise_text(raw) == clean
    assert normalise_text(clean) == clean
