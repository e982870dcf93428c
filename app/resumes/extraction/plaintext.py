"""Plain-text uploads: guess the encoding, and tell text from binary that happens to decode."""

from __future__ import annotations

import codecs

# Longest BOM first: the UTF-32-LE mark begins with the UTF-16-LE one.
_BOM_ENCODINGS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Tried in order; latin-1 decodes anything, so it must come last.
_FALLBACK_ENCODINGS = ("utf-8", "cp1252", "latin-1")

# Real text has next to no control characters; binary decoded as latin-1 has about one in eight.
_MAX_CONTROL_SHARE = 0.01
_ALLOWED_CONTROLS = "\t\n\r\f"
_DROP_CONTROLS = {
    code: None
    for code in (*range(0x00, 0x20), *range(0x7F, 0xA0))
    if chr(code) not in _ALLOWED_CONTROLS
}


def decode_text(data: bytes) -> str | None:
    """The bytes as a string when they are plausibly text, else None."""
    for bom, encoding in _BOM_ENCODINGS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                return None
            return text if looks_like_text(text) else None
    if b"\x00" in data:  # no 8-bit text holds NUL; UTF-16 without a BOM is not accepted
        return None
    for encoding in _FALLBACK_ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return text if looks_like_text(text) else None
    return None  # unreachable: latin-1 decodes every byte


def looks_like_text(text: str) -> bool:
    """Whether control characters are rare enough for the string to be prose, not binary."""
    if not text:
        return True
    controls = len(text) - len(text.translate(_DROP_CONTROLS))
    return controls <= len(text) * _MAX_CONTROL_SHARE
