"""SECRET_KEY: sealing users' keys, the key `make run` keeps, and the settings around it."""

from __future__ import annotations

import stat
import threading
from pathlib import Path

import msgspec
import pytest

from app.core.secrets import SecretBox, SecretUnreadable, stored_secret_key
from app.settings import Settings, SettingsError

SECRET = "a-test-secret-key-that-is-long-enough-0001"
OWNER = b"llm_config:owner"


def test_sealed_values_open_only_with_the_same_key_and_owner() -> None:
    box = SecretBox(SECRET)
    sealed = box.seal("sk-plain-value", OWNER)
    assert "sk-plain-value" not in sealed
    assert sealed.startswith("v1:")
    assert box.open(sealed, OWNER) == "sk-plain-value"
    assert box.seal("sk-plain-value", OWNER) != sealed  # a fresh nonce each time
    with pytest.raises(SecretUnreadable):
        SecretBox(SECRET + "x").open(sealed, OWNER)
    with pytest.raises(SecretUnreadable):
        box.open(sealed, b"llm_config:someone-else")
    tampered = sealed[:-2] + ("A" if sealed[-2] != "A" else "B") + sealed[-1]
    with pytest.raises(SecretUnreadable):
        box.open(tampered, OWNER)
    with pytest.raises(SecretUnreadable):
        box.open("not sealed", OWNER)


def test_a_short_secret_key_is_refused() -> None:
    with pytest.raises(ValueError, match="SECRET_KEY"):
        SecretBox("short")


def test_the_kept_key_is_made_once_private_and_shared(tmp_path: Path) -> None:
    data = tmp_path / "data"
    keys: list[str] = []
    threads = [
        threading.Thread(target=lambda: keys.append(stored_secret_key(data))) for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(keys)) == 1
    assert len(keys[0]) >= 32
    path = data / "secret_key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in data.iterdir()] == ["secret_key"]  # no temporary files left
    assert stored_secret_key(data) == keys[0]


def test_an_unusable_kept_key_stops_start_up(tmp_path: Path) -> None:
    (tmp_path / "secret_key").write_text("short\n")
    with pytest.raises(ValueError, match="SECRET_KEY"):
        stored_secret_key(tmp_path)


def test_the_app_keeps_a_key_in_its_data_folder_when_none_is_set(
    settings: Settings, tmp_path: Path
) -> None:
    from app.main import create_app

    create_app(msgspec.structs.replace(settings, secret_key=None, data_dir=tmp_path))
    assert len((tmp_path / "secret_key").read_text().strip()) >= 32


@pytest.mark.parametrize(
    ("environ", "named"),
    [
        ({"PUBLIC_URL": "https://api.example", "SMTP_HOST": "mail"}, "SECRET_KEY"),
        ({"SECRET_KEY": "too-short"}, "SECRET_KEY"),
        ({"AI_ALLOW_PRIVATE_URLS": "perhaps"}, "AI_ALLOW_PRIVATE_URLS"),
        ({"AI_USER_CLIENTS": "0"}, "AI_USER_CLIENTS"),
    ],
)
def test_bad_settings_are_refused(environ: dict[str, str], named: str) -> None:
    with pytest.raises(SettingsError, match=named):
        Settings.from_env(environ)


def test_the_settings_are_read() -> None:
    settings = Settings.from_env(
        {"SECRET_KEY": SECRET, "AI_ALLOW_PRIVATE_URLS": "true", "AI_USER_CLIENTS": "8"}
    )
    assert settings.secret_key == SECRET
    assert settings.ai_allow_private_urls is True
    assert settings.ai_user_clients == 8
    assert Settings.from_env({}).ai_allow_private_urls is False
