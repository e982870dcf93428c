"""The import rules of DESIGN.md's layout, checked on the source so that a slip fails a test."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _imported_modules(path: Path) -> Iterator[str]:
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module


def test_migrations_import_no_live_tables() -> None:
    # A later rename of a table class must not break an old step of history.
    migrations = sorted((ROOT / "tables" / "piccolo_migrations").glob("*.py"))
    assert len(migrations) > 3
    for path in migrations:
        imported = set(_imported_modules(path))
        live = {name for name in imported if name == "tables" or name.startswith("tables.")}
        assert not live, f"{path.name} imports {sorted(live)}"


def test_core_imports_no_domain() -> None:
    # core/ holds what every domain shares; a domain import there would point upwards.
    shared = {"app.core", "app.db", "app.settings"}
    for path in sorted((ROOT / "app" / "core").glob("*.py")):
        for name in _imported_modules(path):
            if name.startswith("app."):
                assert any(name == s or name.startswith(s + ".") for s in shared), (
                    f"app/core/{path.name} imports {name}"
                )
