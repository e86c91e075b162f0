"""botocore's customizations beyond the model (``botocore/handlers.py``), where we mirror them.

One test per mirrored registration that touches a pinned service, each against
a real botocore client stopped at ``before-send``; the README's "botocore's
customizations" table lists them all. SQS's error class lookup
(``_handle_sqs_compatible_error``) is tested with the whole service, in
``tests/services/test_services.py``.
"""

from __future__ import annotations

import importlib
import json
import os
import sys
import uuid
from collections.abc import Iterator, Mapping
from pathlib import Path
from types import ModuleType
from typing import Any

import boto3
import botocore.config
import pytest

from codegen.ir import build_package
from codegen.load import load_spec
from codegen.render import render_package

from ..conftest import SPECS
from ..services.harness import CannedSession

# service -> the operations its small client is generated with.
OPERATIONS = {
    "cognito-identity": (
        "DescribeIdentityPool",
        "GetCredentialsForIdentity",
        "GetId",
        "GetOpenIdToken",
        "UnlinkIdentity",
    ),
    "cognito-idp": ("InitiateAuth", "UpdateUserPoolDomain"),
    "secretsmanager": ("CreateSecret",),
    "cloudwatch": ("GetOTelEnrichment", "StartOTelEnrichment"),
    "dynamodb": ("DescribeEndpoints", "ListTables"),
}
PARAMS: dict[tuple[str, str], dict[str, Any]] = {
    ("cognito-identity", "DescribeIdentityPool"): {"IdentityPoolId": "us-east-1:pool"},
    ("cognito-identity", "GetCredentialsForIdentity"): {"IdentityId": "us-east-1:id"},
    ("cognito-identity", "GetId"): {"IdentityPoolId": "us-east-1:pool"},
    ("cognito-identity", "GetOpenIdToken"): {"IdentityId": "us-east-1:id"},
    ("cognito-identity", "UnlinkIdentity"): {
        "IdentityId": "us-east-1:id",
        "Logins": {"accounts.google.com": "token"},
        "LoginsToRemove": ["accounts.google.com"],
    },
    ("cognito-idp", "InitiateAuth"): {"AuthFlow": "USER_AUTH", "ClientId": "client1"},
    ("cognito-idp", "UpdateUserPoolDomain"): {
        "Domain": "auth.example.com",
        "UserPoolId": "us-east-1_Ab12Cd34E",
    },
    ("secretsmanager", "CreateSecret"): {"Name": "db-password"},
    ("cloudwatch", "GetOTelEnrichment"): {},
    ("cloudwatch", "StartOTelEnrichment"): {},
    ("dynamodb", "DescribeEndpoints"): {},
    ("dynamodb", "ListTables"): {},
}

# What the canned response answers, where the output has required members.
RESPONSES: dict[tuple[str, str], dict[str, Any]] = {
    ("cognito-identity", "DescribeIdentityPool"): {
        "IdentityPoolId": "us-east-1:pool",
        "IdentityPoolName": "pool",
        "AllowUnauthenticatedIdentities": False,
    },
    ("cloudwatch", "GetOTelEnrichment"): {"Status": "Running"},
    ("dynamodb", "DescribeEndpoints"): {"Endpoints": []},
}


class SentError(Exception):
    """Stops botocore's client at ``before-send``."""


def _package_name(service: str) -> str:
    return "custom_" + service.replace("-", "_")


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, ModuleType]]:
    """A small client of each service above, generated from the pinned spec."""
    out = tmp_path_factory.mktemp("customizations")
    sys.path.insert(0, str(out))
    try:
        modules = {}
        for service, operations in OPERATIONS.items():
            package = build_package(
                load_spec(SPECS, service), operations, package_name=_package_name(service)
            )
            render_package(package, out)
            modules[service] = importlib.import_module(f"{package.package}.client")
        yield modules
    finally:
        sys.path.remove(str(out))
        for name in [m for m in sys.modules if m.startswith("custom_")]:
            del sys.modules[name]


@pytest.fixture(autouse=True)
def no_aws_configuration(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in [n for n in os.environ if n.startswith("AWS_")]:
        monkeypatch.delenv(name)
    monkeypatch.delenv("_X_AMZN_TRACE_ID", raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "credentials"))


def botocore_sent(service: str, operation: str, params: Mapping[str, Any]) -> dict[str, Any]:
    """The headers and body of the request a real botocore client sends."""
    client = boto3.session.Session().client(
        service,
        region_name="us-east-1",
        aws_access_key_id="AKIDEXAMPLE",
        aws_secret_access_key="secret",
        config=botocore.config.Config(retries={"total_max_attempts": 1}),
    )
    captured: list[Any] = []

    def stop(request: Any, **_: Any) -> None:
        captured.append(request)
        raise SentError

    client.meta.events.register("before-send", stop)
    with pytest.raises(SentError):
        getattr(client, botocore.xform_name(operation))(**params)
    request = captured[0]
    headers = {
        k.lower(): v.decode() if isinstance(v, bytes) else v for k, v in request.headers.items()
    }
    return {"headers": headers, "body": json.loads(request.body or b"{}")}


def our_sent(
    packages: dict[str, ModuleType], service: str, operation: str, method: str | None = None
) -> dict[str, Any]:
    """The headers and body of the request our generated client sends."""
    module = packages[service]
    package = build_package(load_spec(SPECS, service), OPERATIONS[service])
    op = next(o for o in package.operations if o.name == operation)
    session = CannedSession()
    session.body = json.dumps(RESPONSES.get((service, operation), {})).encode()
    credentials = importlib.import_module(f"{_package_name(service)}._config").Credentials
    client = getattr(module, package.client_name)(
        region="us-east-1",
        credentials=credentials("AKIDEXAMPLE", "secret"),
        session=session,
        max_attempts=1,
    )
    params = PARAMS[(service, operation)]
    arguments = {
        m.python_name: params[m.wire_name] for m in op.input.members if m.wire_name in params
    }
    getattr(client, method or op.method_name)(**arguments)
    request = session.sent[0]
    body = request.body
    return {
        "headers": {k.lower(): v for k, v in request.headers.items()},
        "body": json.loads(body or b"{}"),
    }


# --- choose-signer: disable_signing (cognito-identity) and set_operation_specific_signer ----


@pytest.mark.parametrize(
    ("service", "operation"),
    [
        ("cognito-identity", "GetId"),
        ("cognito-identity", "GetOpenIdToken"),
        ("cognito-identity", "UnlinkIdentity"),
        ("cognito-identity", "GetCredentialsForIdentity"),
        ("cognito-identity", "DescribeIdentityPool"),
        ("cognito-idp", "InitiateAuth"),
        ("cognito-idp", "UpdateUserPoolDomain"),
    ],
)
def test_operations_are_signed_or_not_as_botocore_signs_them(
    packages: dict[str, ModuleType], service: str, operation: str
) -> None:
    """``choose-signer.cognito-identity.GetId`` (``disable_signing``) and ``authtype: none``."""
    sent = botocore_sent(service, operation, PARAMS[(service, operation)])
    expected = "authorization" in sent["headers"]
    ours = our_sent(packages, service, operation)["headers"]
    assert ("authorization" in ours, "x-amz-security-token" in ours) == (expected, False)
    assert ("x-amz-date" in ours) == expected


# --- before-call: add_recursion_detection_header -------------------------------------------


@pytest.mark.parametrize(
    ("environ", "present"),
    [
        (
            {
                "AWS_LAMBDA_FUNCTION_NAME": "fn",
                "_X_AMZN_TRACE_ID": "Root=1-5759e988-bd862e3fe1be46a994272793;"
                "Parent=53995c3f42cd8ad8;Sampled=1",
            },
            True,
        ),
        ({"AWS_LAMBDA_FUNCTION_NAME": "fn", "_X_AMZN_TRACE_ID": 'Root=1 2\n"é"/?#%,[x]'}, True),
        ({"_X_AMZN_TRACE_ID": "Root=1-5759e988-bd862e3fe1be46a994272793"}, False),
        ({"AWS_LAMBDA_FUNCTION_NAME": "fn", "_X_AMZN_TRACE_ID": ""}, False),
        ({"AWS_LAMBDA_FUNCTION_NAME": "fn"}, False),
    ],
    ids=["lambda", "to-quote", "no-function-name", "empty-trace", "no-trace"],
)
def test_inside_lambda_the_trace_id_header_is_botocores(
    packages: dict[str, ModuleType],
    monkeypatch: pytest.MonkeyPatch,
    environ: dict[str, str],
    present: bool,
) -> None:
    """``X-Amzn-Trace-Id`` from ``_X_AMZN_TRACE_ID`` when ``AWS_LAMBDA_FUNCTION_NAME`` is set."""
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    params = PARAMS[("cognito-idp", "UpdateUserPoolDomain")]
    expected = botocore_sent("cognito-idp", "UpdateUserPoolDomain", params)["headers"]
    ours = our_sent(packages, "cognito-idp", "UpdateUserPoolDomain")["headers"]
    assert ("x-amzn-trace-id" in expected) == present
    assert ours.get("x-amzn-trace-id") == expected.get("x-amzn-trace-id")


# --- before-parameter-build: generate_idempotent_uuid ----------------------------------------


def test_an_idempotency_token_left_out_is_a_fresh_uuid4_as_botocore_fills_it(
    packages: dict[str, ModuleType],
) -> None:
    """secretsmanager ``CreateSecret``'s ``ClientRequestToken``: both fill a new uuid4."""
    params = PARAMS[("secretsmanager", "CreateSecret")]
    expected = botocore_sent("secretsmanager", "CreateSecret", params)["body"]
    first = our_sent(packages, "secretsmanager", "CreateSecret")["body"]
    second = our_sent(packages, "secretsmanager", "CreateSecret")["body"]
    assert uuid.UUID(expected["ClientRequestToken"]).version == 4
    assert uuid.UUID(first["ClientRequestToken"]).version == 4
    assert first["ClientRequestToken"] != second["ClientRequestToken"]
    assert set(first) == set(expected)


# --- getattr.cloudwatch.*: ClientMethodAlias ---------------------------------------------------


@pytest.mark.parametrize(
    ("operation", "alias"),
    [
        ("GetOTelEnrichment", "get_otel_enrichment"),
        ("StartOTelEnrichment", "start_otel_enrichment"),
    ],
)
def test_cloudwatch_otel_methods_answer_to_boto3s_second_name(
    packages: dict[str, ModuleType], operation: str, alias: str
) -> None:
    """boto3 names the method ``get_o_tel_enrichment`` and answers to ``get_otel_enrichment``."""
    boto3_client = boto3.session.Session().client(
        "cloudwatch",
        region_name="us-east-1",
        aws_access_key_id="AKIDEXAMPLE",
        aws_secret_access_key="secret",
    )
    assert callable(getattr(boto3_client, alias))
    method = botocore.xform_name(operation)
    client_class = packages["cloudwatch"].CloudWatchClient
    assert getattr(client_class, alias) is getattr(client_class, method)
    expected = botocore_sent("cloudwatch", operation, {})["headers"]["x-amz-target"]
    assert our_sent(packages, "cloudwatch", operation, alias)["headers"]["x-amz-target"] == expected


# --- before-call: inject_api_version_header_if_needed ------------------------------------------


@pytest.mark.parametrize("operation", ["DescribeEndpoints", "ListTables"])
def test_the_endpoint_discovery_operation_sends_the_api_version_signed_as_botocore(
    packages: dict[str, ModuleType], operation: str
) -> None:
    """dynamodb's ``DescribeEndpoints`` (``endpointoperation``) says ``x-amz-api-version``."""
    expected = botocore_sent("dynamodb", operation, {})["headers"]
    ours = our_sent(packages, "dynamodb", operation)["headers"]
    assert ours.get("x-amz-api-version") == expected.get("x-amz-api-version")
    assert ("x-amz-api-version" in ours) == (operation == "DescribeEndpoints")
    assert _signed_headers(ours) == _signed_headers(expected)


def _signed_headers(headers: Mapping[str, str]) -> str:
    return headers["authorization"].split("SignedHeaders=", 1)[1].split(",", 1)[0]
