"""The official SDK (scale-gp 0.1.0a62) as a real client of the sandbox.

Strict response validation is on, so every response must parse into the SDK's own types.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from scale_gp import AuthenticationError, NotFoundError, SGPClient, UnprocessableEntityError

from tests.sandbox.conftest import ACCOUNT, MINIMAL_BODY
from tui.sandbox import Fault, Sandbox


def sdk_client(sb: Sandbox, api_key: str | None = None, **kw: object) -> SGPClient:
    return SGPClient(
        api_key=api_key or sb.api_key,
        base_url=sb.base_url,
        account_id=ACCOUNT,
        _strict_response_validation=True,
        **kw,  # type: ignore[arg-type]
    )


@pytest.fixture
def sdk(sandbox: Sandbox) -> Iterator[SGPClient]:
    with sdk_client(sandbox) as client:
        yield client


def create(client: SGPClient, name: str) -> object:
    return client.model_templates.create(
        account_id=ACCOUNT,
        endpoint_type="STREAMING",
        model_type="CHAT_COMPLETION",
        name=name,
        endpoint_protocol="VLLM",
        vendor_configuration={
            "bundle_config": {
                "registry": "docker.io",
                "image": "vllm/vllm-openai",
                "tag": "v0.6.0",
                "streaming_command": ["python", "-m", "vllm.entrypoints.openai.api_server"],
                "env": {"MODEL": "llama"},
            },
            "endpoint_config": {"gpus": 1, "gpu_type": "nvidia-hopper-h100", "per_worker": 1},
        },
        model_request_parameters_schema={
            "parameters": [
                {"name": "temperature", "type": "float", "description": "", "required": False}
            ]
        },
    )


def test_sdk_create_retrieve_delete(sandbox: Sandbox, sdk: SGPClient) -> None:
    template = create(sdk, "via-sdk")
    assert template.name == "via-sdk"
    assert template.account_id == ACCOUNT
    assert template.created_by_identity_type == "user"
    endpoint = template.vendor_configuration.endpoint_config
    assert (endpoint.gpus, endpoint.gpu_type, endpoint.memory) == (1, "nvidia-hopper-h100", "8Gi")
    params = template.model_request_parameters_schema.parameters
    assert [p.name for p in params] == ["temperature"]
    assert sdk.model_templates.retrieve(template.id) == template
    deleted = sdk.model_templates.delete(template.id)
    assert (deleted.success, deleted.count) == (True, 1)
    assert sandbox.store.count() == 0


def test_sdk_list_auto_paginates(sdk: SGPClient) -> None:
    names = [f"sdk-{i}" for i in range(5)]
    for name in names:
        create(sdk, name)
    page = sdk.model_templates.list(limit=2)
    assert [t.name for t in page.items] == names[:2]
    assert [t.name for t in page] == names  # auto-pagination across 3 pages + the empty one
    assert [t.name for t in sdk.model_templates.list(account_id="someone-else")] == []


def test_sdk_errors_map_to_its_exception_classes(sandbox: Sandbox, sdk: SGPClient) -> None:
    with pytest.raises(NotFoundError):
        sdk.model_templates.retrieve("missing")
    with pytest.raises(UnprocessableEntityError) as rejected:
        sdk.model_templates.create(**{**MINIMAL_BODY, "endpoint_type": "NIGHTLY"})
    assert rejected.value.body["detail"][0]["loc"] == ["body", "endpoint_type"]
    with sdk_client(sandbox, api_key="wrong") as wrong, pytest.raises(AuthenticationError):
        wrong.model_templates.list()


def test_sdk_retries_a_500_and_duplicates_are_visible() -> None:
    """The SDK retries POST on 5xx without an idempotency key: after a 'store then drop'
    it creates a second copy. The sandbox makes that duplicate observable."""
    with Sandbox(faults=True) as sandbox, sdk_client(sandbox) as client:
        sandbox.faults.script("POST", "/v4/model-templates", Fault.store_then_drop())
        create(client, "twice")
        assert [t["name"] for t in sandbox.store.all()] == ["twice", "twice"]
