"""Secrets must never reach a log: record every log line of the run and search it at the end.

Tests register the secrets they handle (passwords, session and mailed tokens); in-process
records and the logs of served processes are searched once the session finishes.
"""

from __future__ import annotations

import logging
from pathlib import Path

SECRETS: set[str] = set()
SERVER_LOGS: list[Path] = []
_lines: list[str] = []
# The tests' own SMTP server logs what it receives (mailed links included) at DEBUG.
_NOT_OURS = {"mail.log"}


class _Recorder(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        if record.name not in _NOT_OURS:
            _lines.append(f"{record.name} {record.getMessage()} {record.__dict__}")


def start() -> None:
    logging.getLogger().addHandler(_Recorder())


def register(*secrets: str) -> None:
    SECRETS.update(s for s in secrets if len(s) >= 8)


def leaks() -> tuple[int, list[str]]:
    """How many lines were searched, and those that hold a registered secret."""
    lines = list(_lines)
    for path in SERVER_LOGS:
        if path.exists():
            lines.extend(path.read_text(errors="replace").splitlines())
    return len(lines), [line for line in lines if any(s in line for s in SECRETS)]
