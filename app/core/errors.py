"""The one error type services raise, with no web framework in sight.

Kept free of Litestar and asyncpg imports: the extraction sandbox's child processes import
these errors, and every megabyte they load counts against their memory limit.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar


class AppError(Exception):
    """The one error type services raise: an HTTP status, a title and an optional detail.

    Services never raise HTTP exceptions; one handler turns every AppError into problem
    details. Subclasses fix the status; `status=` overrides it where it varies (502 or 504).
    """

    status: ClassVar[int] = 400

    def __init__(
        self,
        title: str,
        detail: str | None = None,
        *,
        status: int | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(title)
        self.title = title
        self.detail = detail
        if status is not None:
            self.status = status  # type: ignore[misc]
        self.headers = dict(headers or {})


class BadRequest(AppError):
    status = 400


class Unauthorized(AppError):
    status = 401


class Forbidden(AppError):
    status = 403


class NotFound(AppError):
    status = 404


class Conflict(AppError):
    status = 409


class Unprocessable(AppError):
    status = 422


class TooManyRequests(AppError):
    status = 429


class BadGateway(AppError):
    status = 502


class Unavailable(AppError):
    status = 503
