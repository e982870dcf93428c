"""Users, roles, sign-in accounts, sessions and one-time tokens."""

import warnings

from piccolo.columns import Text, Timestamptz, Varchar
from piccolo.constraints import Unique
from piccolo.table import Table

from tables.columns import created_now, optional_link, owned_by, uuid_pk


class Role(Table, tablename="role"):
    id = uuid_pk()
    name = Varchar(length=50, unique=True, null=False)


# DESIGN.md names the table `user`; Piccolo quotes it everywhere, so its reserved-word
# warning is noise here.
warnings.filterwarnings("ignore", message=".*`user` is a reserved keyword.*")


class User(Table, tablename="user"):
    id = uuid_pk()
    # Stored lower-case by the service; NULL only for accounts that never gave one.
    email = Varchar(length=320, unique=True, null=True, default=None)
    password_hash = Varchar(length=255, null=True, default=None, secret=True)
    name = Varchar(length=200, null=True, default=None)
    image = Text(null=True, default=None)
    email_verified = Timestamptz(null=True, default=None)
    role_id = optional_link(Role)
    created_at = created_now()


class Account(Table, tablename="account"):
    """A user's link to an OAuth provider."""

    id = uuid_pk()
    user_id = owned_by(User)
    type = Varchar(length=50, null=False)
    provider = Varchar(length=50, null=False)
    provider_account_id = Varchar(length=255, null=False)
    access_token = Text(null=True, default=None, secret=True)
    refresh_token = Text(null=True, default=None, secret=True)
    expires_at = Timestamptz(null=True, default=None)
    token_type = Varchar(length=50, null=True, default=None)
    scope = Text(null=True, default=None)
    id_token = Text(null=True, default=None, secret=True)

    unique_provider_account = Unique([provider, provider_account_id])


class Session(Table, tablename="session"):
    id = uuid_pk()
    user_id = owned_by(User)
    # SHA-256 (hex) of the bearer token; the token itself is never stored.
    session_token = Varchar(length=64, unique=True, null=False, secret=True)
    expires = Timestamptz(null=False)
    created_at = created_now()


class EmailVerificationToken(Table, tablename="email_verification_token"):
    id = uuid_pk()
    user_id = owned_by(User)
    token = Varchar(length=64, unique=True, null=False, secret=True)
    expires_at = Timestamptz(null=False)
    used_at = Timestamptz(null=True, default=None)
    created_at = created_now()


class PasswordResetToken(Table, tablename="password_reset_token"):
    id = uuid_pk()
    user_id = owned_by(User)
    token = Varchar(length=64, unique=True, null=False, secret=True)
    expires_at = Timestamptz(null=False)
    used_at = Timestamptz(null=True, default=None)
    created_at = created_now()
