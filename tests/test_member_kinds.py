"""Every member kind (string, integer, boolean, list, map, structure, blob, timestamp,
document) is sent as botocore's serializer sends it and read as botocore's parser reads it.

The committed operations use no blob, timestamp or document members, so this
generates a package for operations that do.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import attrs
import pytest
from botocore.model import ServiceModel
from botocore.parsers import create_parser
from botocore.serialize import create_serializer

from codegen.ir import Kind, build_package
from codegen.load import ServiceSpec
from codegen.render import render_package

from .conftest import imported_package
from .servers import Reply, scripted_server

OPERATIONS = ("CreateManagedLoginBranding", "CreateUserPool", "AdminInitiateAuth")
POOL_ID = "us-east-1_Ab12Cd34E"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00 binary \xff"

BRANDING_REQUEST: dict[str, Any] = {
    "UserPoolId": POOL_ID,
    "ClientId": "client-1",
    "UseCognitoProvidedValues": False,
    "Settings": {
        "components": {"primaryButton": {"lightMode": {"defaults": {"bg": "ff0000"}}}},
        "n": [1, 2.5, None, True],
    },
    "Assets": [
        {"Category": "FAVICON_ICO", "ColorMode": "LIGHT", "Extension": "ICO", "Bytes": PNG},
        {
            "Category": "PAGE_BACKGROUND",
            "ColorMode": "DARK",
            "Extension": "PNG",
            "ResourceId": "r-1",
        },
    ],
}
USER_POOL_REQUEST: dict[str, Any] = {
    "PoolName": "pool",
    "Policies": {
        "PasswordPolicy": {
            "MinimumLength": 12,
            "RequireSymbols": True,
            "TemporaryPasswordValidityDays": 7,
        }
    },
    "AutoVerifiedAttributes": ["email"],
    "UserPoolTags": {"team": "identity", "cost-center": "42"},
    "Schema": [
        {
            "Name": "nickname",
            "AttributeDataType": "String",
            "Mutable": True,
            "StringAttributeConstraints": {"MinLength": "1"},
        }
    ],
}
AUTH_REQUEST: dict[str, Any] = {
    "UserPoolId": POOL_ID,
    "ClientId": "client-1",
    "AuthFlow": "ADMIN_USER_PASSWORD_AUTH",
    "AuthParameters": {"USERNAME": "alice", "PASSWORD": "correct horse"},
}


@pytest.fixture(scope="module")
def package(spec: ServiceSpec, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    out = tmp_path_factory.mktemp("kinds")
    render_package(build_package(spec, OPERATIONS), out)
    with imported_package(out) as package:
        yield package


@pytest.fixture(scope="module")
def botocore_model(spec: ServiceSpec) -> ServiceModel:
    return ServiceModel(spec.model, service_name="cognito-idp")


def test_the_chosen_operations_cover_every_member_kind(spec: ServiceSpec) -> None:
    service = build_package(spec, OPERATIONS)

    def kinds(ref: Any) -> set[Kind]:
        return {ref.kind} | {k for child in (ref.item, ref.key) if child for k in kinds(child)}

    covered = {k for shape in service.structures for m in shape.members for k in kinds(m.type)}
    assert covered >= {Kind.STRING, Kind.INTEGER, Kind.BOOLEAN, Kind.LIST, Kind.MAP}
    assert covered >= {Kind.STRUCTURE, Kind.BLOB, Kind.TIMESTAMP, Kind.DOCUMENT}


@pytest.mark.parametrize(
    ("operation", "params"),
    [
        ("CreateManagedLoginBranding", BRANDING_REQUEST),
        ("CreateUserPool", USER_POOL_REQUEST),
        ("AdminInitiateAuth", AUTH_REQUEST),
    ],
)
def test_request_body_equals_botocores_serialization(
    package: ModuleType, botocore_model: ServiceModel, operation: str, params: dict[str, Any]
) -> None:
    request_class = getattr(package, f"{operation}Request")
    request = request_class.from_dict(params)
    assert request.to_dict() == params  # boto3's dict shape round-trips, bytes included
    with scripted_server(Reply.json(200, {})) as server:
        client = package.CognitoIdentityProviderClient(
            region="us-east-1",
            credentials=package.Credentials("AKIDEXAMPLE", "secret"),
            endpoint_url=server.url,
        )
        method = getattr(client, client_method_name(operation))
        method(
            **{field.name: getattr(request, field.name) for field in attrs.fields(request_class)}
        )
    expected = create_serializer("json").serialize_to_request(
        params, botocore_model.operation_model(operation)
    )
    assert json.loads(server.received[0].body) == json.loads(expected["body"])


def client_method_name(operation: str) -> str:
    from botocore import xform_name

    name: str = xform_name(operation)
    return name


def test_response_with_timestamps_blobs_and_documents_reads_like_botocore(
    package: ModuleType, botocore_model: ServiceModel
) -> None:
    wire = {
        "ManagedLoginBranding": {
            "ManagedLoginBrandingId": "b-1",
            "UserPoolId": POOL_ID,
            "UseCognitoProvidedValues": True,
            "Settings": {"a": [1, {"b": None}], "c": 1.5},
            "Assets": [
                {
                    "Category": "FAVICON_ICO",
                    "ColorMode": "LIGHT",
                    "Extension": "ICO",
                    "Bytes": base64.b64encode(PNG).decode(),
                }
            ],
            "CreationDate": 1732371234.567,
            "LastModifiedDate": 1732371299,
        }
    }
    raw = json.dumps(wire).encode()
    parsed = create_parser("json").parse(
        {"status_code": 200, "headers": {}, "body": raw},
        botocore_model.operation_model("CreateManagedLoginBranding").output_shape,
    )
    parsed.pop("ResponseMetadata", None)
    ours = package.CreateManagedLoginBrandingResponse.from_dict(json.loads(raw)).to_dict()
    assert ours == parsed
    branding = package.CreateManagedLoginBrandingResponse.from_dict(
        json.loads(raw)
    ).managed_login_branding
    assert branding.assets[0].bytes == PNG
    assert branding.creation_date.tzinfo is not None


def test_invalid_base64_in_a_response_names_the_member(package: ModuleType) -> None:
    data = {
        "ManagedLoginBranding": {
            "Assets": [
                {
                    "Category": "FAVICON_ICO",
                    "ColorMode": "LIGHT",
                    "Extension": "ICO",
                    "Bytes": "not base64!",
                }
            ]
        }
    }
    with pytest.raises(
        package.errors.ResponseParseError, match=r"ManagedLoginBranding\.Assets\[0\]\.Bytes"
    ):
        package.CreateManagedLoginBrandingResponse.from_dict(data)


def test_generated_package_for_these_operations_is_self_contained(package: ModuleType) -> None:
    assert Path(str(package.__file__)).parent.joinpath("py.typed").exists()
