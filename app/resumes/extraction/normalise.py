"""One tidy text shape for every file kind, so storage and search never see parser noise."""

from __future__ import annotations

import re
import unicodedata

# Vertical tab, form feed (PDF page breaks), NEL and the Unicode separators all end a line.
_LINE_BREAKS = re.compile("\r\n?|[\v\f\x85\u2028\u2029]")
# C0/C1 controls other than \t and \n (PostgreSQL refuses NUL), lone surrogates (not encodable as
# UTF-8) and stray byte-order marks.
_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufeff]+")
_HORIZONTAL_SPACE = re.compile(r"[^\S\n]+")
_TRAILING_SPACE = re.compile(r" +$", re.MULTILINE)
_BLANK_LINE_RUNS = re.compile(r"\n{3,}")


def normalise_text(text: str) -> str:
    """Drop control characters, unify newlines and spacing, and keep at most one blank line."""
    text = _LINE_BREAKS.sub("\n", text)
    text = _INVISIBLE.sub("", text)
    text = unicodedata.normalize("NFC", text)
    text = _HORIZONTAL_SPACE.sub(" ", text)
    text = _TRAILING_SPACE.sub("", text)
    text = _BLANK_LINE_RUNS.sub("\n\n", text)
    return text.strip()
