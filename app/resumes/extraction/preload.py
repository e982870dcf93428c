"""Imported by the extraction forkserver alone, so that each child it forks starts ready.

The parsers are imported here once. And the children must not re-run the program's main module:
multiprocessing does that in every child it starts (to find what __main__ defines), which for
`talentsync serve` means importing app.cli and for pytest the whole of pytest, a third of a second
a file. Asking the forkserver to preload "__main__" instead does not help on Python 3.11: it looks
for a "main_path" key that the preparation data calls "init_main_from_path", so it never does.
A child runs only `child.run_child`, which needs nothing from __main__; should these private names
change in a later Python, children fall back to the slow, still correct, behaviour.
"""

from __future__ import annotations

from multiprocessing import spawn

from . import sandbox  # noqa: F401  (pypdf, python-docx and lxml, via the package)


def _leave_main_alone(_: str) -> None:
    """In place of multiprocessing's re-run of the parent's main module in a new child."""


spawn._fixup_main_from_path = _leave_main_alone  # type: ignore[attr-defined]
spawn._fixup_main_from_name = _leave_main_alone  # type: ignore[attr-defined]
