"""Body of POST /admin/reanalysis."""

from __future__ import annotations

from typing import Literal

from app.core.structs import RequestStruct

# "all": every resume; "central": those shared in the central repository.
Scope = Literal["all", "central"]


class ReanalysisIn(RequestStruct):
    scope: Scope
