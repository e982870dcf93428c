"""Downloads: a Content-Disposition that any browser saves under the user's own name."""

from __future__ import annotations

import re
from urllib.parse import quote


def content_disposition(name: str, extension: str) -> str:
    """`attachment` with an ASCII fallback name and the exact one (RFC 6266 `filename*`)."""
    ascii_name = re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("_") or "resume"
    return (
        f'attachment; filename="{ascii_name}.{extension}"; '
        f"filename*=UTF-8''{quote(name)}.{extension}"
    )
