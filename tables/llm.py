"""Users' own AI configurations (an OpenAI-compatible server, a model and a sealed API key).

At most one is active per user: a partial unique index on (user_id) WHERE active, made by a
raw migration (Piccolo has no partial indexes); it also serves the per-request lookup.
"""

from piccolo.columns import Boolean, Text, Varchar
from piccolo.constraints import Unique
from piccolo.table import Table

from tables.auth import User
from tables.columns import created_now, owned_by, uuid_pk


class LlmConfig(Table, tablename="llm_config"):
    id = uuid_pk()
    user_id = owned_by(User)
    label = Varchar(length=100, null=False)
    base_url = Varchar(length=2048, null=False)
    model = Varchar(length=200, null=False)
    # AES-GCM under SECRET_KEY (app/core/secrets.py), bound to the owner; never the key.
    api_key_encrypted = Text(null=True, default=None, secret=True)
    # "…" + the key's last 4 characters, shown to its owner.
    api_key_hint = Varchar(length=8, null=True, default=None)
    active = Boolean(default=False, null=False)
    created_at = created_now()
    updated_at = created_now()

    llm_config_unique_label = Unique([user_id, label])
