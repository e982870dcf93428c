"""Secrets at rest: users' API keys sealed with AES-GCM under a key derived from SECRET_KEY.

The AES key is HKDF-SHA256(SECRET_KEY) for one purpose only, so SECRET_KEY may serve other
purposes later without reuse. Each value gets a fresh 96-bit nonce, and the caller binds it to
its owner (associated data), so a sealed value copied onto another row does not open. Rotating
SECRET_KEY is not supported: keys sealed under the old one can no longer be read.
"""

from __future__ import annotations

import base64
import logging
import os
import secrets
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

logger = logging.getLogger("talentsync.secrets")

PREFIX = "v1:"
NONCE_BYTES = 12
SECRET_FILE = "secret_key"  # noqa: S105 (a file name)
MIN_SECRET_LENGTH = 32


class SecretUnreadable(ValueError):
    """A sealed value that does not open: another SECRET_KEY, another owner, or tampering."""


class SecretBox:
    """Seals and opens short strings; the sealed form is ASCII (`v1:` + base64url)."""

    def __init__(self, secret_key: str, *, purpose: bytes = b"talentsync llm api key") -> None:
        if len(secret_key) < MIN_SECRET_LENGTH:
            raise ValueError(f"SECRET_KEY must have at least {MIN_SECRET_LENGTH} characters")
        key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(
            secret_key.encode()
        )
        self._aead = AESGCM(key)

    def seal(self, plaintext: str, owner: bytes) -> str:
        nonce = os.urandom(NONCE_BYTES)
        sealed = self._aead.encrypt(nonce, plaintext.encode(), owner)
        return PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode("ascii")

    def open(self, sealed: str, owner: bytes) -> str:
        if not sealed.startswith(PREFIX):
            raise SecretUnreadable("unknown format")
        try:
            raw = base64.urlsafe_b64decode(sealed[len(PREFIX) :])
            plain = self._aead.decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], owner)
        except (InvalidTag, ValueError):
            raise SecretUnreadable("the value does not open under this SECRET_KEY") from None
        return plain.decode()


def stored_secret_key(data_dir: Path) -> str:
    """The data folder's SECRET_KEY, made on first use (for `make run`, where none is set).

    Written to a private temporary file (mode 0600) and linked into place, which fails when
    the file exists: processes starting together all end up with the same, complete key.
    """
    path = data_dir / SECRET_FILE
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        temporary = data_dir / f".{SECRET_FILE}.{os.getpid()}.{secrets.token_hex(4)}"
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as file:
            file.write(secrets.token_urlsafe(48) + "\n")
        try:
            os.link(temporary, path)
            logger.info("generated a SECRET_KEY", extra={"path": str(path)})
        except FileExistsError:
            pass  # another process was first: use its key
        finally:
            temporary.unlink()
    key = path.read_text().strip()
    if len(key) < MIN_SECRET_LENGTH:
        raise ValueError(f"{path} holds no usable SECRET_KEY: remove it or set SECRET_KEY")
    return key
