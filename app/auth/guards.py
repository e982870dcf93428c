"""Role checks: authentication already happened (401); here only the role decides (403)."""

from __future__ import annotations

from typing import Any

from litestar.connection import ASGIConnection
from litestar.exceptions import PermissionDeniedException
from litestar.handlers import BaseRouteHandler
from litestar.types import Guard

from app.auth.sessions import CurrentUser


def requires_role(role: str) -> Guard:
    def guard(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
        user = connection.user
        if not isinstance(user, CurrentUser) or user.role != role:
            raise PermissionDeniedException(f"Requires the {role} role")

    return guard


requires_admin = requires_role("Admin")
