"""A real SMTP server on localhost (aiosmtpd) that keeps what it receives."""

from __future__ import annotations

import asyncio
import re
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller

from tests import logscan


class Mailbox:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.port = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        self.messages.append(message)
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]

    async def wait_for(self, address: str, count: int = 1, seconds: float = 5) -> EmailMessage:
        """The count-th mail to the address, waiting for it to arrive."""
        async with asyncio.timeout(seconds):
            # Polling: the SMTP server delivers from its own thread and event loop.
            while len(self.to(address)) < count:  # noqa: ASYNC110
                await asyncio.sleep(0.02)
        return self.to(address)[count - 1]


def text_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert part is not None
    return part.get_content()


def token_from(message: EmailMessage, path: str) -> str:
    match = re.search(rf"http://frontend\.test/{path}\?token=([A-Za-z0-9_\-]+)", text_of(message))
    assert match, text_of(message)
    logscan.register(match.group(1))
    return match.group(1)


@contextmanager
def running_smtp_server() -> Iterator[Mailbox]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    mailbox = Mailbox()
    mailbox.port = port
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield mailbox
    finally:
        controller.stop()
