"""Whole clients pick the endpoint and signing scope botocore picks, request for request.

Small clients of real services (models and rule sets from the installed botocore
1.44.18) and boto3 clients get the same settings and the same call. Neither
request leaves the process: botocore's is stopped at ``before-send``, ours at
the transport. Compared: the URL, and the region and service of the signature
(botocore's from its ``Authorization`` header, ours from the signer), or that
both refuse before sending.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import boto3
import botocore.config
import botocore.exceptions
import botocore.loaders
import pytest

from codegen.ir import build_package
from codegen.load import ServiceSpec
from codegen.render import render_package

from ..conftest import imported_package

# (service, operations) generated for these tests.
PACKAGES = {
    "dynamodb": ("DescribeTable", "ListTables"),
    "kinesis": ("DescribeStreamSummary", "GetRecords", "ListStreams"),
    "acm": ("ListCertificates",),
    "events": ("PutEvents",),
    "stepfunctions": ("StartExecution", "StartSyncExecution"),
}
ACCOUNT = "111122223333"
ARN_ACCOUNT = "444455556666"
_CREDENTIAL_SCOPE = re.compile(r"Credential=[^/]+/\d{8}/([^/]+)/([^/]+)/aws4_request")


class CapturedError(Exception):
    """Raised in place of sending: the request was captured."""


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, ModuleType]]:
    loader = botocore.loaders.Loader()
    out = tmp_path_factory.mktemp("clients")
    modules: dict[str, ModuleType] = {}
    with_imports = []
    for service, operations in PACKAGES.items():
        spec = ServiceSpec(
            name=service,
            model=loader.load_service_model(service, "service-2"),
            endpoint_rules=loader.load_service_model(service, "endpoint-rule-set-1"),
            partitions=loader.load_data("partitions"),
            provenance={"botocore_version": botocore.__version__},
            sha256="0" * 64,
        )
        name = f"endpoint_{service}"
        render_package(build_package(spec, operations, package_name=name), out)
        with_imports.append(imported_package(out, name))
    for (service, _), context in zip(PACKAGES.items(), with_imports, strict=True):
        modules[service] = context.__enter__()
    yield modules
    for context in with_imports:
        context.__exit__(None, None, None)


def botocore_request(service: str, operation: str, params: dict[str, Any], **settings: Any) -> Any:
    """(URL, signing region, signing name) of botocore's request, or the error it raises."""
    config = {
        key: settings.pop(key)
        for key in ("use_fips_endpoint", "account_id_endpoint_mode", "inject_host_prefix")
        if key in settings
    }
    client = boto3.session.Session().client(
        service,
        aws_access_key_id="AKIDEXAMPLE",
        aws_secret_access_key="secret",
        config=botocore.config.Config(**config, retries={"max_attempts": 1}),
        **settings,
    )
    captured: list[Any] = []

    def stop(request: Any, **_: Any) -> None:
        captured.append(request)
        raise CapturedError

    client.meta.events.register("before-send", stop)
    method = getattr(client, botocore.xform_name(operation))
    try:
        method(**params)
    except CapturedError:
        request = captured[0]
        scope = _CREDENTIAL_SCOPE.search(request.headers["Authorization"].decode())
        assert scope is not None
        return request.url.rstrip("/"), scope.group(1), scope.group(2)
    except botocore.exceptions.BotoCoreError:
        return "refused"
    raise AssertionError("botocore sent nothing and raised nothing")


def our_request(
    package: ModuleType, operation: str, params: dict[str, Any], **settings: Any
) -> Any:
    """(URL, signing region, signing name) of our request, or the error it raises."""
    if operation == "PutEvents":  # the method takes models where boto3 takes dicts
        entries = [package.PutEventsRequestEntry.from_dict(e) for e in params["Entries"]]
        params = {**params, "Entries": entries}
    account_id = settings.pop("aws_account_id", None)
    arguments = {
        "region": settings.pop("region_name", None),
        "use_fips": settings.pop("use_fips_endpoint", None),
        **settings,
    }
    credentials = package.Credentials("AKIDEXAMPLE", "secret", account_id=account_id)
    client_module = importlib.import_module(f"{package.__name__}.client")
    client_class = next(
        getattr(client_module, name) for name in dir(client_module) if name.endswith("Client")
    )
    client = client_class(credentials=credentials, max_attempts=1, **arguments)
    captured: list[Any] = []

    def send(url: str, _operation: str, _body: bytes, auth: Any, **_: Any) -> Any:
        captured.append((url, auth))
        raise CapturedError

    client._core._transport.send = send
    method = getattr(client, botocore.xform_name(operation))
    try:
        method(**{botocore.xform_name(k): v for k, v in params.items()})
    except CapturedError:
        url, auth = captured[0]
        return url.rstrip("/"), auth.aws_region, auth.service
    except package.errors.SdkError:
        return "refused"
    raise AssertionError("the client sent nothing and raised nothing")


STREAM_ARN = f"arn:aws:kinesis:us-west-2:{ARN_ACCOUNT}:stream/orders"
# name -> (service, operation, boto3-shaped params, client settings)
SCENARIOS: dict[str, tuple[str, str, dict[str, Any], dict[str, Any]]] = {
    "dynamodb-account-endpoint": ("dynamodb", "ListTables", {}, {"aws_account_id": ACCOUNT}),
    "dynamodb-account-mode-disabled": (
        "dynamodb",
        "ListTables",
        {},
        {"aws_account_id": ACCOUNT, "account_id_endpoint_mode": "disabled"},
    ),
    "dynamodb-account-required-but-unknown": (
        "dynamodb",
        "ListTables",
        {},
        {"account_id_endpoint_mode": "required"},
    ),
    "dynamodb-account-from-table-arn": (
        "dynamodb",
        "DescribeTable",
        {"TableName": f"arn:aws:dynamodb:us-east-1:{ARN_ACCOUNT}:table/t"},
        {"aws_account_id": ACCOUNT},
    ),
    "dynamodb-fips": ("dynamodb", "ListTables", {}, {"use_fips_endpoint": True}),
    "dynamodb-custom-endpoint-turns-fips-off": (
        "dynamodb",
        "ListTables",
        {},
        {"use_fips_endpoint": True, "endpoint_url": "https://ddb.example.com"},
    ),
    "kinesis-control-plane-stream-arn": (
        "kinesis",
        "DescribeStreamSummary",
        {"StreamARN": STREAM_ARN},
        {},
    ),
    "kinesis-data-plane-stream-arn": (
        "kinesis",
        "GetRecords",
        {"ShardIterator": "AAAA", "StreamARN": STREAM_ARN},
        {},
    ),
    "kinesis-no-arn": ("kinesis", "ListStreams", {}, {}),
    "acm-static-service-type": ("acm", "ListCertificates", {}, {"region_name": "eu-west-1"}),
    "events-multi-region-needs-sigv4a": (
        "events",
        "PutEvents",
        {"Entries": [{"Source": "s"}], "EndpointId": "abcde.veo"},
        {},
    ),
    "events-regional": ("events", "PutEvents", {"Entries": [{"Source": "s"}]}, {}),
    "sfn-host-prefix": (
        "stepfunctions",
        "StartSyncExecution",
        {"stateMachineArn": "arn:aws:states:us-east-1:1:stateMachine:m"},
        {},
    ),
    "sfn-host-prefix-disabled": (
        "stepfunctions",
        "StartSyncExecution",
        {"stateMachineArn": "arn:aws:states:us-east-1:1:stateMachine:m"},
        {"inject_host_prefix": False},
    ),
    "sfn-host-prefix-on-custom-endpoint": (
        "stepfunctions",
        "StartSyncExecution",
        {"stateMachineArn": "arn:aws:states:us-east-1:1:stateMachine:m"},
        {"endpoint_url": "https://states.example.com:8443"},
    ),
    "sfn-no-host-prefix": (
        "stepfunctions",
        "StartExecution",
        {"stateMachineArn": "arn:aws:states:us-east-1:1:stateMachine:m"},
        {},
    ),
}
FIPS_PSEUDO_REGIONS = ["fips-us-gov-west-1", "us-gov-west-1-fips", "us-east-1-fips"]


@pytest.mark.parametrize(
    ("service", "operation", "params", "settings"), list(SCENARIOS.values()), ids=list(SCENARIOS)
)
def test_client_sends_where_botocore_sends_and_signs_for_the_same_scope(
    packages: dict[str, ModuleType],
    service: str,
    operation: str,
    params: dict[str, Any],
    settings: dict[str, Any],
) -> None:
    settings = {"region_name": "us-east-1", **settings}
    expected = botocore_request(service, operation, params, **dict(settings))
    assert our_request(packages[service], operation, params, **dict(settings)) == expected


@pytest.mark.parametrize("region", FIPS_PSEUDO_REGIONS)
@pytest.mark.parametrize("service", ["kinesis", "stepfunctions"])
def test_fips_pseudo_region_goes_to_the_fips_endpoint_of_the_real_region(
    packages: dict[str, ModuleType], service: str, region: str
) -> None:
    operation, params = {
        "kinesis": ("ListStreams", {}),
        "stepfunctions": ("StartExecution", {"stateMachineArn": "arn:aws:states:x:1:m"}),
    }[service]
    real_region = region.replace("fips-", "").replace("-fips", "")
    expected = botocore_request(service, operation, params, region_name=region)
    ours = our_request(packages[service], operation, params, region_name=region)
    assert ours == expected
    fips = our_request(
        packages[service], operation, params, region_name=real_region, use_fips_endpoint=True
    )
    assert ours == fips
    assert ours[1] == real_region


def test_account_host_prefix_and_arn_endpoints_are_what_they_claim(
    packages: dict[str, ModuleType],
) -> None:
    # Readable anchors for the comparisons above.
    def url(key: str) -> str:
        service, operation, params, settings = SCENARIOS[key]
        result = our_request(
            packages[service], operation, params, region_name="us-east-1", **settings
        )
        return str(result[0])

    assert url("dynamodb-account-endpoint") == f"https://{ACCOUNT}.ddb.us-east-1.amazonaws.com"
    assert url("dynamodb-account-from-table-arn").startswith(f"https://{ARN_ACCOUNT}.ddb.")
    assert url("kinesis-control-plane-stream-arn") == (
        f"https://{ARN_ACCOUNT}.control-kinesis.us-east-1.amazonaws.com"
    )
    assert url("sfn-host-prefix") == "https://sync-states.us-east-1.amazonaws.com"
    assert url("sfn-host-prefix-on-custom-endpoint") == "https://sync-states.example.com:8443"
