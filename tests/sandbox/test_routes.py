"""The sandbox's model-template routes, over a real socket."""

from __future__ import annotations

import uuid
from datetime import datetime

import httpx

from tests.sandbox.conftest import ACCOUNT, TEMPLATES, client_for, make_body
from tui.sandbox import Sandbox


def test_create_answers_200_with_the_stored_template(http: httpx.Client) -> None:
    response = http.post(TEMPLATES, json=make_body("first"))
    assert response.status_code == 200
    template = response.json()
    uuid.UUID(template["id"])
    created = datetime.fromisoformat(template["created_at"].replace("Z", "+00:00"))
    assert created.utcoffset() is not None and created.utcoffset().total_seconds() == 0
    assert template["name"] == "first"
    assert template["account_id"] == ACCOUNT
    assert template["created_by_user_id"]
    assert template["created_by_identity_type"] == "user"
    assert http.get(f"{TEMPLATES}/{template['id']}").json() == template


def test_create_fills_the_server_side_defaults(http: httpx.Client) -> None:
    template = http.post(TEMPLATES, json=make_body()).json()
    vendor = template["vendor_configuration"]
    assert vendor["vendor"] == "LAUNCH"
    bundle = vendor["bundle_config"]
    assert bundle["command"] == [] and bundle["env"] == {}
    assert bundle["readiness_initial_delay_seconds"] == 120
    assert bundle["healthcheck_route"] == "/readyz"
    assert bundle["predict_route"] == "/predict"
    assert bundle["streaming_predict_route"] == "/generate_streaming"
    assert bundle["streaming_command"] is None
    assert vendor["endpoint_config"] == {
        "cpus": 3,
        "memory": "8Gi",
        "storage": "16Gi",
        "gpus": 0,
        "gpu_type": None,
        "min_workers": 0,
        "max_workers": 1,
        "per_worker": 10,
        "endpoint_type": "ASYNC",
        "high_priority": False,
    }
    assert vendor["fine_tuning_job_bundle_config"] is None
    for optional in (
        "endpoint_protocol",
        "model_creation_parameters_schema",
        "model_request_parameters_schema",
    ):
        assert template[optional] is None


def test_given_values_win_over_defaults_and_fine_tuning_is_completed(http: httpx.Client) -> None:
    body = make_body(endpoint_protocol="VLLM")
    body["vendor_configuration"]["endpoint_config"] = {"gpus": 1, "gpu_type": "nvidia-tesla-t4"}
    body["vendor_configuration"]["fine_tuning_job_bundle_config"] = {
        "registry": "r",
        "image": "ft",
        "tag": "2",
        "resources": {"cpus": 8},
    }
    template = http.post(TEMPLATES, json=body).json()
    endpoint = template["vendor_configuration"]["endpoint_config"]
    assert (endpoint["gpus"], endpoint["gpu_type"], endpoint["cpus"]) == (1, "nvidia-tesla-t4", 3)
    fine_tuning = template["vendor_configuration"]["fine_tuning_job_bundle_config"]
    assert fine_tuning["mount_location"] == "/workspace/launch_specific/config.json"
    assert fine_tuning["resources"] == {
        "cpus": 8,
        "memory": "8Gi",
        "storage": "16Gi",
        "gpus": 0,
        "gpu_type": None,
    }
    assert template["endpoint_protocol"] == "VLLM"


def test_unknown_keys_are_accepted_and_stored(http: httpx.Client) -> None:
    response = http.post(TEMPLATES, json=make_body(surprise={"a": 1}))
    assert response.status_code == 200
    assert response.json()["surprise"] == {"a": 1}


def test_list_pages_through_everything_in_creation_order(http: httpx.Client) -> None:
    names = [f"t{i}" for i in range(7)]
    for name in names:
        http.post(TEMPLATES, json=make_body(name))
    seen = []
    for page in (1, 2, 3):
        envelope = http.get(TEMPLATES, params={"page": page, "limit": 3}).json()
        assert envelope["total_item_count"] == 7
        assert envelope["current_page"] == page
        assert envelope["items_per_page"] == 3
        seen += [item["name"] for item in envelope["items"]]
    assert seen == names
    past_the_end = http.get(TEMPLATES, params={"page": 4, "limit": 3}).json()
    assert past_the_end["items"] == [] and past_the_end["total_item_count"] == 7
    default = http.get(TEMPLATES).json()
    assert (default["current_page"], default["items_per_page"]) == (1, 100)


def test_list_rejects_out_of_range_paging_like_fastapi(http: httpx.Client) -> None:
    cases = {
        ("page", "0"): "greater_than_equal",
        ("limit", "0"): "greater_than_equal",
        ("limit", "10001"): "less_than_equal",
        ("page", "two"): "int_parsing",
    }
    for (name, value), error_type in cases.items():
        response = http.get(TEMPLATES, params={name: value})
        assert response.status_code == 422, (name, value)
        [entry] = response.json()["detail"]
        assert entry["loc"] == ["query", name]
        assert entry["type"] == error_type
        assert entry["msg"]
    assert http.get(TEMPLATES, params={"limit": 10000}).status_code == 200


def test_account_filters(sandbox: Sandbox, http: httpx.Client) -> None:
    http.post(TEMPLATES, json=make_body("mine"))
    http.post(TEMPLATES, json=make_body("theirs", account_id="acct-other"))
    by_query = http.get(TEMPLATES, params={"account_id": "acct-other"}).json()
    assert [t["name"] for t in by_query["items"]] == ["theirs"]
    assert by_query["total_item_count"] == 1
    with client_for(sandbox, **{"x-selected-account-id": ACCOUNT}) as selected:
        assert [t["name"] for t in selected.get(TEMPLATES).json()["items"]] == ["mine"]
        both = selected.get(TEMPLATES, params={"account_id": "acct-other"}).json()
        assert both["items"] == [] and both["total_item_count"] == 0
    assert http.get(TEMPLATES).json()["total_item_count"] == 2


def test_create_refuses_a_body_account_other_than_the_selected_one(sandbox: Sandbox) -> None:
    with client_for(sandbox, **{"x-selected-account-id": "acct-other"}) as selected:
        response = selected.post(TEMPLATES, json=make_body())
        assert response.status_code == 403
        assert "acct-other" in response.json()["detail"]
        assert selected.post(TEMPLATES, json=make_body(account_id="acct-other")).status_code == 200
    assert sandbox.store.count() == 1


def test_retrieve_and_delete(http: httpx.Client) -> None:
    template_id = http.post(TEMPLATES, json=make_body()).json()["id"]
    deleted = http.delete(f"{TEMPLATES}/{template_id}")
    assert deleted.status_code == 200
    assert deleted.json() == {"success": True, "count": 1}
    for response in (
        http.get(f"{TEMPLATES}/{template_id}"),
        http.delete(f"{TEMPLATES}/{template_id}"),
    ):
        assert response.status_code == 404
        assert template_id in response.json()["detail"]


def test_api_key_is_required_everywhere(sandbox: Sandbox) -> None:
    requests = [("POST", TEMPLATES), ("GET", TEMPLATES), ("GET", f"{TEMPLATES}/x")]
    requests.append(("DELETE", f"{TEMPLATES}/x"))
    with httpx.Client(base_url=sandbox.base_url) as anonymous:
        for method, path in requests:
            for headers in ({}, {"x-api-key": "wrong"}):
                response = anonymous.request(method, path, headers=headers, json=make_body())
                assert response.status_code == 401, (method, path, headers)
                assert isinstance(response.json()["detail"], str)
    assert sandbox.store.count() == 0


def test_invalid_bodies_get_422_with_body_locations(sandbox: Sandbox, http: httpx.Client) -> None:
    body = make_body()
    del body["model_type"]
    body["endpoint_type"] = "sync"
    bundle = body["vendor_configuration"]["bundle_config"]
    del bundle["tag"]
    bundle["env"] = {"PORT": 5005}
    body["vendor_configuration"]["endpoint_config"] = {"cpus": "3"}
    body["model_request_parameters_schema"] = {
        "parameters": [{"name": "temperature", "type": "double", "required": False}]
    }
    response = http.post(TEMPLATES, json=body)
    assert response.status_code == 422
    by_loc = {tuple(entry["loc"]): entry for entry in response.json()["detail"]}
    expected = {
        ("body", "model_type"): "missing",
        ("body", "endpoint_type"): "enum",
        ("body", "vendor_configuration", "bundle_config", "tag"): "missing",
        ("body", "vendor_configuration", "bundle_config", "env", "PORT"): "string_type",
        ("body", "vendor_configuration", "endpoint_config", "cpus"): "int_type",
        ("body", "model_request_parameters_schema", "parameters", 0, "type"): "enum",
        ("body", "model_request_parameters_schema", "parameters", 0, "description"): "missing",
    }
    assert {loc: entry["type"] for loc, entry in by_loc.items()} == expected
    assert all(entry["msg"] for entry in by_loc.values())
    assert "'SYNC'" in by_loc[("body", "endpoint_type")]["msg"]
    assert sandbox.store.count() == 0


def test_non_json_and_empty_bodies(http: httpx.Client) -> None:
    broken = http.post(
        TEMPLATES, content=b'{"name": ', headers={"content-type": "application/json"}
    )
    assert broken.status_code == 422
    [entry] = broken.json()["detail"]
    assert entry["type"] == "json_invalid" and entry["loc"][0] == "body"
    empty = http.post(TEMPLATES)
    assert empty.status_code == 422
    assert empty.json()["detail"][0]["loc"] == ["body"]
    not_an_object = http.post(TEMPLATES, json=[make_body()])
    assert not_an_object.status_code == 422
    assert not_an_object.json()["detail"][0]["loc"] == ["body"]


def test_unknown_routes_answer_json_like_fastapi(http: httpx.Client) -> None:
    missing = http.get("/v4/nothing-here")
    assert missing.status_code == 404 and missing.json() == {"detail": "Not Found"}
    wrong_method = http.put(TEMPLATES)
    assert wrong_method.status_code == 405 and wrong_method.json() == {
        "detail": "Method Not Allowed"
    }


def test_non_ascii_names_round_trip_through_list_and_retrieve(http: httpx.Client) -> None:
    created = http.post(TEMPLATES, json=make_body("modèle-😀")).json()
    assert created["name"] == "modèle-😀"
    [listed] = http.get(TEMPLATES).json()["items"]
    assert listed == created
