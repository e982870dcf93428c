"""Base structs: camelCase on the wire, unknown fields rejected."""

import msgspec


class CamelStruct(msgspec.Struct, rename="camel", forbid_unknown_fields=True):
    """Base of every request and response body."""
