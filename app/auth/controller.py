"""HTTP for /api/v1/auth: registration, verification, sign-in, sessions, passwords."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from functools import partial
from uuid import UUID

from litestar import Controller, Response, delete, get, post
from litestar.background_tasks import BackgroundTask
from litestar.datastructures import CacheControlHeader
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from app.auth import service
from app.auth.guards import AuthRequest
from app.auth.mail import Mailer, OutgoingMail
from app.auth.schemas import (
    Accepted,
    ChangePasswordIn,
    EmailIn,
    LoginIn,
    LoginOut,
    RegisterIn,
    ResetPasswordIn,
    SessionOut,
    TokenIn,
    UserEnvelope,
)
from app.core.ratelimit import password_check_limit, rate_limit
from app.settings import Settings

logger = logging.getLogger("talentsync.auth")


def _accepted(
    mailer: Mailer, prepare: Callable[[], Awaitable[OutgoingMail | None]]
) -> Response[Accepted]:
    """The same immediate 202 whether or not the address exists.

    Looking the address up and writing a token happen after the answer is sent, so neither its
    content nor its timing tells whether a mail goes out.
    """

    async def prepare_and_send() -> None:
        try:
            mail = await prepare()
        except Exception:
            logger.exception("could not prepare a mail")
            return
        if mail is not None:
            await mailer.send(mail)

    return Response(Accepted(), status_code=202, background=BackgroundTask(prepare_and_send))


class AuthController(Controller):
    path = "/api/v1/auth"
    tags = ["auth"]
    cache_control = CacheControlHeader(no_store=True)

    @post(
        "/register",
        exclude_from_auth=True,
        guards=[rate_limit("register")],
        opt={"problems": (409,)},
    )
    async def register(
        self,
        data: JSONBody[RegisterIn],
        settings: NamedDependency[Settings],
        mailer: NamedDependency[Mailer],
    ) -> Response[UserEnvelope]:
        """Create an account (role User), mail a verification link; 409 for a taken e-mail."""
        user, mail = await service.register(data.email, data.password, data.name, settings)
        return Response(
            UserEnvelope(user=user), status_code=201, background=BackgroundTask(mailer.send, mail)
        )

    @post("/verify-email", exclude_from_auth=True, status_code=200)
    async def verify_email(self, data: JSONBody[TokenIn]) -> UserEnvelope:
        return UserEnvelope(user=await service.verify_email(data.token))

    @post(
        "/verify-email/resend",
        exclude_from_auth=True,
        status_code=202,
        guards=[rate_limit("resend")],
    )
    async def resend_verification(
        self,
        data: JSONBody[EmailIn],
        settings: NamedDependency[Settings],
        mailer: NamedDependency[Mailer],
    ) -> Response[Accepted]:
        return _accepted(mailer, partial(service.resend_verification, data.email, settings))

    @post(
        "/login",
        exclude_from_auth=True,
        status_code=200,
        guards=[rate_limit("login")],
        opt={"problems": (401, 403)},
    )
    async def login(self, data: JSONBody[LoginIn], settings: NamedDependency[Settings]) -> LoginOut:
        """Exchange e-mail and password for a bearer token. 401 for either being wrong."""
        return await service.login(data.email, data.password, settings)

    @post("/logout", status_code=204)
    async def logout(self, request: AuthRequest) -> None:
        await service.end_session(request.user)

    @get("/sessions")
    async def list_sessions(self, request: AuthRequest) -> list[SessionOut]:
        return await service.list_sessions(request.user)

    @delete("/sessions/{session_id:uuid}", status_code=204)
    async def revoke_session(self, request: AuthRequest, session_id: FromPath[UUID]) -> None:
        await service.revoke_session(request.user.id, session_id)

    @post(
        "/password/forgot",
        exclude_from_auth=True,
        status_code=202,
        guards=[rate_limit("forgot")],
    )
    async def forgot_password(
        self,
        data: JSONBody[EmailIn],
        settings: NamedDependency[Settings],
        mailer: NamedDependency[Mailer],
    ) -> Response[Accepted]:
        return _accepted(mailer, partial(service.forgot_password, data.email, settings))

    @post(
        "/password/reset",
        exclude_from_auth=True,
        status_code=204,
        guards=[rate_limit("reset")],
    )
    async def reset_password(
        self, data: JSONBody[ResetPasswordIn], settings: NamedDependency[Settings]
    ) -> None:
        """Set a new password with a mailed token; every session of the user ends."""
        await service.reset_password(data.token, data.password, settings)

    @post(
        "/password/change",
        status_code=204,
        guards=[password_check_limit],
        opt={"problems": (401,)},
    )
    async def change_password(
        self,
        request: AuthRequest,
        data: JSONBody[ChangePasswordIn],
        settings: NamedDependency[Settings],
    ) -> None:
        """Change the password; the caller's other sessions end."""
        user = request.user
        await service.change_password(
            user.id, user.session_id, data.current_password, data.new_password, settings
        )
