"""Settings: read from the environment once, validated, frozen."""

from __future__ import annotations

import datetime as dt
import functools
import ipaddress
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Literal

import msgspec

Port = Annotated[int, msgspec.Meta(ge=1, le=65535)]
PositiveInt = Annotated[int, msgspec.Meta(ge=1)]


class SettingsError(ValueError):
    """A bad environment value; start-up stops with this message."""


class Settings(msgspec.Struct, frozen=True, kw_only=True, rename="upper"):
    """Every field is read from the upper-case environment variable of the same name."""

    database_url: str | None = None
    data_dir: Path = msgspec.field(default=Path(".data"), name="TALENTSYNC_DATA_DIR")
    host: str = "127.0.0.1"
    port: Port = 8000
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    access_log: bool = True
    cors_origins: tuple[str, ...] = ()
    db_pool_min: Annotated[int, msgspec.Meta(ge=0)] = 1
    db_pool_max: PositiveInt = 10
    db_connect_timeout: Annotated[float, msgspec.Meta(gt=0)] = 5.0
    db_statement_timeout: Annotated[float, msgspec.Meta(gt=0)] = 15.0
    db_pool_timeout: Annotated[float, msgspec.Meta(gt=0)] = 5.0
    bcrypt_rounds: Annotated[int, msgspec.Meta(ge=4, le=16)] = 12

    # Sign-in
    session_ttl_days: Annotated[int, msgspec.Meta(ge=1, le=365)] = 30
    require_email_verification: bool = True
    frontend_url: str = "http://localhost:3000"
    public_url: str = "http://127.0.0.1:8000"
    redis_url: str | None = None
    auth_rate_limit: Annotated[int, msgspec.Meta(ge=1)] = 10
    auth_rate_window_seconds: Annotated[int, msgspec.Meta(ge=1)] = 60
    trusted_proxies: tuple[str, ...] = ()
    # Sliding renewal never carries a session past this age.
    session_max_days: Annotated[int, msgspec.Meta(ge=1, le=3650)] = 90

    # One per-user budget for everything that extracts, analyses or generates.
    generation_rate_limit: Annotated[int, msgspec.Meta(ge=1)] = 60
    generation_rate_window_seconds: Annotated[int, msgspec.Meta(ge=1)] = 60

    # Mail (without SMTP_HOST, mails are written to the log)
    smtp_host: str | None = None
    smtp_port: Port = 587
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = True
    smtp_timeout: Annotated[float, msgspec.Meta(gt=0)] = 10.0
    mail_from: str = "TalentSync <no-reply@talentsync.local>"

    # OAuth providers: a provider is enabled when its client id and secret are set.
    google_client_id: str | None = None
    google_client_secret: str | None = None
    google_authorize_url: str = "https://accounts.google.com/o/oauth2/v2/auth"
    google_token_url: str = "https://oauth2.googleapis.com/token"  # noqa: S105 (a URL)
    google_userinfo_url: str = "https://openidconnect.googleapis.com/v1/userinfo"
    github_client_id: str | None = None
    github_client_secret: str | None = None
    github_authorize_url: str = "https://github.com/login/oauth/authorize"
    github_token_url: str = "https://github.com/login/oauth/access_token"  # noqa: S105
    github_api_url: str = "https://api.github.com"
    oauth_timeout: Annotated[float, msgspec.Meta(gt=0)] = 10.0

    # Text generation: `builtin` (offline templates) or `openai` (any compatible server)
    ai_provider: Literal["builtin", "openai"] = "builtin"
    ai_base_url: str | None = None
    ai_api_key: str | None = None
    ai_model: str = "gpt-4o-mini"
    ai_timeout: Annotated[float, msgspec.Meta(gt=0)] = 30.0
    # Calls to the model in flight at once, per process (the API's and each worker's).
    ai_concurrency: Annotated[int, msgspec.Meta(ge=1)] = 4
    # Users' own AI configurations may point at http:// and at private, loopback or link-local
    # addresses (a self-hosted model on the operator's network). Off: https:// to public only.
    ai_allow_private_urls: bool = False
    # Users' AI configurations kept in memory, per process (each with its connection pool).
    ai_user_clients: Annotated[int, msgspec.Meta(ge=1, le=10_000)] = 64

    # Seals users' API keys at rest (HKDF -> AES-GCM). Unset: `talentsync serve` keeps one in
    # the data folder; required when PUBLIC_URL is https://. Changing it makes stored keys
    # unreadable (their owners set them again).
    secret_key: Annotated[str, msgspec.Meta(min_length=32)] | None = None

    # Untrusted files: each upload is read in a process of its own under these limits.
    extraction_cpu_seconds: Annotated[int, msgspec.Meta(ge=1)] = 10
    extraction_timeout_seconds: Annotated[float, msgspec.Meta(gt=0)] = 15.0
    extraction_memory_mib: Annotated[int, msgspec.Meta(ge=128)] = 512
    extraction_concurrency: Annotated[int, msgspec.Meta(ge=1)] = 2
    extraction_queue_seconds: Annotated[float, msgspec.Meta(ge=0)] = 5.0

    # Background jobs: `serve` runs one worker beside the API unless told not to; a worker
    # silent (no heartbeat) this long is taken for dead and its running jobs are retried.
    worker_in_serve: bool = True
    worker_stalled_seconds: Annotated[float, msgspec.Meta(ge=1)] = 30.0

    # GET /metrics in Prometheus text format, without a token (keep it off the public
    # network); off by default, when the route does not exist (404).
    metrics: bool = False

    def __post_init__(self) -> None:
        if self.db_pool_min > self.db_pool_max:
            raise SettingsError("DB_POOL_MIN must not exceed DB_POOL_MAX")
        for name in ("frontend_url", "public_url"):
            if not getattr(self, name).startswith(("http://", "https://")):
                raise SettingsError(f"{name.upper()} must be an http(s) URL")
        if self.ai_provider == "openai" and not self.ai_base_url:
            raise SettingsError("AI_PROVIDER=openai needs AI_BASE_URL")
        if self.over_https and not self.smtp_host:
            # Without SMTP, one-time links go to the log: fine on a laptop, not in production.
            raise SettingsError("PUBLIC_URL is https:// but SMTP_HOST is not set: set SMTP_HOST")
        if self.over_https and not self.secret_key:
            # Every replica must seal and open users' API keys with the same key.
            raise SettingsError(
                "PUBLIC_URL is https:// but SECRET_KEY is not set: set SECRET_KEY "
                "(at least 32 random characters, e.g. `openssl rand -base64 48`)"
            )
        try:
            self.trusted_networks  # noqa: B018 (validates every entry once, at start-up)
        except ValueError as exc:
            raise SettingsError(f"TRUSTED_PROXIES: {exc}") from None
        if self.session_max_days < self.session_ttl_days:
            raise SettingsError("SESSION_MAX_DAYS must not be less than SESSION_TTL_DAYS")
        if self.database_url is not None and not self.database_url.startswith(
            ("postgresql://", "postgres://")
        ):
            raise SettingsError("DATABASE_URL must start with postgresql://")

    @property
    def session_ttl(self) -> dt.timedelta:
        return dt.timedelta(days=self.session_ttl_days)

    @property
    def session_max_age(self) -> dt.timedelta:
        return dt.timedelta(days=self.session_max_days)

    @property
    def trusted_networks(self) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
        return tuple(ipaddress.ip_network(entry, strict=False) for entry in self.trusted_proxies)

    @property
    def over_https(self) -> bool:
        return self.public_url.startswith("https://")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Build from the environment; raise SettingsError naming the variable at fault."""
        environ = os.environ if environ is None else environ
        raw: dict[str, object] = {}
        for field in msgspec.structs.fields(cls):
            value = environ.get(field.encode_name)
            if value is None or value == "":
                continue
            if field.type == tuple[str, ...]:
                raw[field.encode_name] = [p.strip() for p in value.split(",") if p.strip()]
            else:
                raw[field.encode_name] = value
        try:
            return msgspec.convert(raw, cls, strict=False, dec_hook=_decode_path)
        except msgspec.ValidationError as exc:
            raise SettingsError(f"invalid setting: {exc}".replace("$.", "")) from exc


def _decode_path(type_: type, value: object) -> object:
    if type_ is Path and isinstance(value, str):
        return Path(value)
    raise NotImplementedError


@functools.cache
def get_settings() -> Settings:
    """The process-wide settings, validated on first use."""
    return Settings.from_env()
