"""The protocol as botocore resolves it: ``protocols`` in botocore's priority, else ``protocol``."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

import botocore.exceptions
import pytest
from botocore.model import ServiceModel

from codegen.load import PROTOCOL_PRIORITY, SpecError, load_spec, resolved_protocol

from ..conftest import SPECS

METADATA = [
    {"protocol": "smithy-rpc-v2-cbor", "protocols": ["smithy-rpc-v2-cbor", "json", "query"]},
    {"protocol": "json", "protocols": ["json"]},
    {"protocol": "json"},
    {"protocol": "query", "protocols": ["query"]},
    {"protocol": "rest-json", "protocols": ["rest-json"]},
    {"protocol": "smithy-rpc-v2-cbor", "protocols": ["smithy-rpc-v2-cbor"]},
    {"protocol": "query", "protocols": ["query", "smithy-rpc-v2-cbor"]},
    {"protocol": "ec2", "protocols": ["ec2"]},
    {"protocol": "json", "protocols": []},
]


def botocores(metadata: dict[str, Any]) -> str:
    model = ServiceModel({"metadata": metadata, "operations": {}, "shapes": {}}, "example")
    resolved: str = model.resolved_protocol
    return resolved


def test_the_priority_is_botocores() -> None:
    from botocore.utils import PRIORITY_ORDERED_SUPPORTED_PROTOCOLS

    assert PROTOCOL_PRIORITY == PRIORITY_ORDERED_SUPPORTED_PROTOCOLS


@pytest.mark.parametrize("metadata", METADATA, ids=lambda m: ",".join(m.get("protocols", ["-"])))
def test_resolved_protocol_is_botocores(metadata: dict[str, Any]) -> None:
    assert resolved_protocol("example", metadata) == botocores(metadata)


def test_a_list_of_protocols_botocore_does_not_speak_is_refused_as_botocore_refuses_it() -> None:
    metadata = {"protocol": "json", "protocols": ["carrier-pigeon"]}
    with pytest.raises(botocore.exceptions.UnsupportedServiceProtocolsError):
        botocores(metadata)
    refusal = r"example: none of the protocols it offers \('carrier-pigeon'\)"
    with pytest.raises(SpecError, match=refusal):
        resolved_protocol("example", metadata)


def test_cloudwatch_lists_cbor_first_and_is_generated_as_awsjson() -> None:
    spec = load_spec(SPECS, "cloudwatch")
    assert spec.model["metadata"]["protocol"] == "smithy-rpc-v2-cbor"
    assert resolved_protocol("cloudwatch", spec.model["metadata"]) == "json"


def _pinned_copy(tmp_path: Path, metadata: dict[str, Any]) -> Path:
    """cognito-idp pinned under ``tmp_path`` with ``metadata`` merged in, its provenance updated."""
    folder = shutil.copytree(SPECS / "cognito-idp", tmp_path / "cognito-idp")
    model = json.loads((folder / "service-2.json").read_text())
    model["metadata"] = {**model["metadata"], **metadata}
    content = (json.dumps(model, indent=2) + "\n").encode()
    (folder / "service-2.json").write_bytes(content)
    provenance = json.loads((folder / "PROVENANCE.json").read_text())
    provenance["files"]["service-2.json"]["sha256"] = hashlib.sha256(content).hexdigest()
    (folder / "PROVENANCE.json").write_text(json.dumps(provenance, indent=2) + "\n")
    return tmp_path


@pytest.mark.parametrize(
    ("metadata", "resolved", "offered"),
    [
        ({"protocol": "rest-json", "protocols": ["rest-json"]}, "rest-json", "'rest-json'"),
        (
            {"protocol": "smithy-rpc-v2-cbor", "protocols": ["smithy-rpc-v2-cbor", "query"]},
            "smithy-rpc-v2-cbor",
            "'smithy-rpc-v2-cbor', 'query'",
        ),
        ({"protocol": "query", "protocols": []}, "query", "'query'"),
    ],
)
def test_a_service_whose_resolved_protocol_is_unsupported_is_refused_by_name(
    tmp_path: Path, metadata: dict[str, Any], resolved: str, offered: str
) -> None:
    specs = _pinned_copy(tmp_path, metadata)
    with pytest.raises(SpecError) as raised:
        load_spec(specs, "cognito-idp")
    assert str(raised.value) == (
        f"cognito-idp: protocol {resolved!r} is not supported (only awsJson, 'json'); "
        f"the service offers {offered}"
    )


def test_json_listed_after_another_protocol_is_still_chosen(tmp_path: Path) -> None:
    specs = _pinned_copy(tmp_path, {"protocol": "query", "protocols": ["query", "json"]})
    assert load_spec(specs, "cognito-idp").name == "cognito-idp"
