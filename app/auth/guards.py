"""Role checks: authentication already happened (401); here only the role decides (403)."""

from __future__ import annotations

from typing import Any

from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.handlers import BaseRouteHandler
from litestar.types import Guard

from app.auth.sessions import CurrentUser
from app.core.openapi import guard_answers


def requires_role(role: str) -> Guard:
    @guard_answers(403)
    def guard(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
        if connection.scope.get("method") == "OPTIONS":
            return  # answered without authentication, like every OPTIONS request
        user = connection.scope.get("user")
        if not isinstance(user, CurrentUser):
            raise NotAuthorizedException("Missing or malformed bearer token")
        if user.role != role:
            raise PermissionDeniedException(f"Requires the {role} role")

    return guard


requires_admin = requires_role("Admin")
