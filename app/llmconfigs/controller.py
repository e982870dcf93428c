"""HTTP for /api/v1/llm-configs: the caller's own AI configurations."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, delete, get, patch, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from app.auth.guards import AuthRequest
from app.core.ratelimit import generation_budget
from app.core.secrets import SecretBox
from app.llmconfigs import service
from app.llmconfigs.schemas import LlmConfigIn, LlmConfigOut, LlmConfigPatch, LlmConfigTestOut
from app.settings import Settings


class LlmConfigController(Controller):
    path = "/api/v1/llm-configs"
    tags = ["ai configurations"]

    @get("/")
    async def list_configs(self, request: AuthRequest) -> list[LlmConfigOut]:
        """The caller's configurations, newest first; keys only as `apiKeyHint`."""
        return await service.list_own(request.user.id)

    @post("/", opt={"problems": (409, 422)})
    async def create(
        self,
        request: AuthRequest,
        data: JSONBody[LlmConfigIn],
        settings: NamedDependency[Settings],
        secret_box: NamedDependency[SecretBox],
    ) -> LlmConfigOut:
        """Add an OpenAI-compatible model; the caller's first configuration is active.

        `baseUrl` must be https:// and resolve to public addresses only (422), unless the
        operator allows private URLs. The key is stored encrypted and never returned.
        """
        return await service.create(request.user.id, data, settings, secret_box)

    @get("/{config_id:uuid}")
    async def get_config(self, request: AuthRequest, config_id: FromPath[UUID]) -> LlmConfigOut:
        return await service.get(request.user.id, config_id)

    @patch("/{config_id:uuid}", opt={"problems": (404, 409, 422)})
    async def update(
        self,
        request: AuthRequest,
        config_id: FromPath[UUID],
        data: JSONBody[LlmConfigPatch],
        settings: NamedDependency[Settings],
        secret_box: NamedDependency[SecretBox],
    ) -> LlmConfigOut:
        """Change what is sent: `apiKey: null` removes the key; `active: true` makes it the
        active one (the others become inactive), `active: false` leaves none active."""
        return await service.update(request.user.id, config_id, data, settings, secret_box)

    @delete("/{config_id:uuid}", status_code=204)
    async def delete_config(self, request: AuthRequest, config_id: FromPath[UUID]) -> None:
        """Deleting the active one leaves none active (the server's AI applies)."""
        await service.delete(request.user.id, config_id)

    @post("/{config_id:uuid}/activate", status_code=200, opt={"problems": (404,)})
    async def activate(self, request: AuthRequest, config_id: FromPath[UUID]) -> LlmConfigOut:
        """Make it the caller's active configuration; their others become inactive."""
        return await service.activate(request.user.id, config_id)

    @post(
        "/{config_id:uuid}/test",
        status_code=200,
        guards=[generation_budget],
        opt={"problems": (404,)},
    )
    async def test(
        self,
        request: AuthRequest,
        config_id: FromPath[UUID],
        settings: NamedDependency[Settings],
        secret_box: NamedDependency[SecretBox],
    ) -> LlmConfigTestOut:
        """One small call to the model: `ok`, `latencyMs` and a `detail` of ours (never the
        provider's reply, nor the key)."""
        return await service.test(request.user.id, config_id, settings, secret_box)
