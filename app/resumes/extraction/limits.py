"""Every bound on the work one upload may cause, in one place so they can be reviewed together."""

from __future__ import annotations

MIB = 1024 * 1024

MAX_UPLOAD_BYTES = 5 * MIB
# Longer than any real resume; bounds the memory and time spent on what follows extraction.
MAX_TEXT_CHARS = 500_000

MAX_PDF_PAGES = 100
# Per decoded PDF stream; pypdf's own default is 75 MB. A page's text content is kilobytes.
MAX_PDF_STREAM_BYTES = 20 * MIB
# Readers accept a few bytes of junk after the last %%EOF; a missing marker means a cut-off file.
PDF_EOF_SEARCH_BYTES = 8 * 1024

# DOCX is a zip: judged first by its central directory (declared sizes, nothing inflated)...
MAX_ZIP_ENTRIES = 1000
MAX_ZIP_UNPACKED_BYTES = 50 * MIB
MAX_ZIP_RATIO = 100
ZIP_RATIO_MIN_BYTES = 1 * MIB  # small parts of repetitive XML legitimately compress very well
# ...then by inflating every part in chunks, trusting nothing the headers say. lxml needs up to
# ~30 bytes of memory per byte of tiny-element XML, so markup is counted as well as bytes.
MAX_ZIP_PART_BYTES = 10 * MIB
MAX_MARKUP_TAGS = 500_000
ZIP_READ_CHUNK_BYTES = 64 * 1024
MAX_TABLE_NESTING = 5
