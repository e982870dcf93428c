from pathlib import Path

import pytest

from app.settings import Settings, SettingsError


def test_defaults_without_environment() -> None:
    settings = Settings.from_env({})
    assert settings.database_url is None
    assert settings.data_dir == Path(".data")
    assert (settings.host, settings.port) == ("127.0.0.1", 8000)
    assert (settings.worker_in_serve, settings.worker_stalled_seconds) == (True, 30)


def test_values_are_parsed_from_strings() -> None:
    settings = Settings.from_env(
        {
            "PORT": "9000",
            "CORS_ORIGINS": "https://a.example, https://b.example",
            "TALENTSYNC_DATA_DIR": "/srv/data",
            "DATABASE_URL": "postgresql://u@db/x",
            "WORKER_IN_SERVE": "false",
        }
    )
    assert settings.port == 9000
    assert settings.worker_in_serve is False
    assert settings.cors_origins == ("https://a.example", "https://b.example")
    assert settings.data_dir == Path("/srv/data")


@pytest.mark.parametrize(
    ("environ", "named"),
    [
        ({"PORT": "eighty"}, "PORT"),
        ({"PORT": "70000"}, "PORT"),
        ({"LOG_LEVEL": "LOUD"}, "LOG_LEVEL"),
        ({"DB_POOL_MIN": "9", "DB_POOL_MAX": "2"}, "DB_POOL_MIN"),
        ({"DATABASE_URL": "mysql://x"}, "DATABASE_URL"),
        ({"BCRYPT_ROUNDS": "3"}, "BCRYPT_ROUNDS"),
        # Mailed one-time links must not go to the log of a public deployment.
        ({"PUBLIC_URL": "https://api.example"}, "PUBLIC_URL.*SMTP_HOST"),
        ({"SESSION_MAX_DAYS": "7"}, "SESSION_MAX_DAYS"),
        ({"GENERATION_RATE_LIMIT": "0"}, "GENERATION_RATE_LIMIT"),
        ({"TRUSTED_PROXIES": "10.0.0.1, proxy.internal"}, "TRUSTED_PROXIES"),
        ({"WORKER_IN_SERVE": "maybe"}, "WORKER_IN_SERVE"),
        ({"WORKER_STALLED_SECONDS": "0.5"}, "WORKER_STALLED_SECONDS"),
    ],
)
def test_bad_values_are_refused_naming_the_variable(environ: dict[str, str], named: str) -> None:
    with pytest.raises(SettingsError, match=named):
        Settings.from_env(environ)


def test_https_deployments_start_with_smtp_configured() -> None:
    settings = Settings.from_env(
        {"PUBLIC_URL": "https://api.example", "SMTP_HOST": "mail", "SECRET_KEY": "k" * 32}
    )
    assert settings.over_https
