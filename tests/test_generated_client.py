"""The generated client on the wire: request shape, signing, responses, errors, validation."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from botocore.model import ServiceModel
from botocore.parsers import create_parser
from botocore.serialize import create_serializer

from codegen.load import ServiceSpec
from generated.cognito_idp import (
    CognitoIdentityProviderClient,
    Credentials,
    CustomDomainConfig,
    Failover,
    Routing,
    UpdateUserPoolDomainRequest,
    UpdateUserPoolDomainResponse,
    errors,
)

from .servers import Reply, ScriptedServer, scripted_server

ACCESS_KEY = "AKIDEXAMPLEKEY123456"
SECRET_KEY = "fake/secret/key/for/tests/only/0123456789"
POOL_ID = "us-east-1_Ab12Cd34E"
CERT = "arn:aws:acm:us-east-1:123456789012:certificate/abc"


@pytest.fixture(scope="module")
def botocore_model(spec: ServiceSpec) -> ServiceModel:
    return ServiceModel(spec.model, service_name="cognito-idp")


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    with scripted_server(Reply.json(200, {"CloudFrontDomain": "d111.cloudfront.net"})) as s:
        yield s


def make_client(url: str, **options: Any) -> CognitoIdentityProviderClient:
    return CognitoIdentityProviderClient(
        region="us-east-1",
        credentials=Credentials(ACCESS_KEY, SECRET_KEY),
        endpoint_url=url,
        **options,
    )


def test_request_is_a_signed_compact_awsjson_post(server: ScriptedServer) -> None:
    client = make_client(server.url)
    response = client.update_user_pool_domain(
        domain="auth.example.com",
        user_pool_id=POOL_ID,
        custom_domain_config=CustomDomainConfig(certificate_arn=CERT),
    )
    assert response == UpdateUserPoolDomainResponse(cloud_front_domain="d111.cloudfront.net")

    (request,) = server.received
    assert request.method == "POST" and request.path == "/"
    assert request.headers["Content-Type"] == "application/x-amz-json-1.1"
    assert (
        request.headers["X-Amz-Target"] == "AWSCognitoIdentityProviderService.UpdateUserPoolDomain"
    )
    assert request.headers["User-Agent"].startswith("cognito-idp-lite/0.1.0 ")
    assert request.body == (
        b'{"Domain":"auth.example.com","UserPoolId":"us-east-1_Ab12Cd34E",'
        b'"CustomDomainConfig":{"CertificateArn":"' + CERT.encode() + b'"}}'
    )
    authorization = request.headers["Authorization"]
    assert authorization.startswith(f"AWS4-HMAC-SHA256 Credential={ACCESS_KEY}/")
    assert "/us-east-1/cognito-idp/aws4_request" in authorization
    assert "SignedHeaders=content-type;host;x-amz-date;x-amz-target," in authorization
    assert "X-Amz-Security-Token" not in request.headers


def test_session_token_is_sent_and_signed(server: ScriptedServer) -> None:
    client = CognitoIdentityProviderClient(
        region="eu-west-1",
        credentials=Credentials(ACCESS_KEY, SECRET_KEY, "session-token-value"),
        endpoint_url=server.url,
    )
    client.update_user_pool_domain(domain="myprefix", user_pool_id=POOL_ID, managed_login_version=2)
    (request,) = server.received
    assert request.headers["X-Amz-Security-Token"] == "session-token-value"
    assert (
        "SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target,"
        in request.headers["Authorization"]
    )
    assert "/eu-west-1/cognito-idp/aws4_request" in request.headers["Authorization"]


@pytest.mark.parametrize(
    "request_model",
    [
        UpdateUserPoolDomainRequest(domain="auth.example.com", user_pool_id=POOL_ID),
        UpdateUserPoolDomainRequest(
            domain="myprefix", user_pool_id=POOL_ID, managed_login_version=2
        ),
        UpdateUserPoolDomainRequest(
            domain="auth.example.com",
            user_pool_id=POOL_ID,
            managed_login_version=1,
            custom_domain_config=CustomDomainConfig(
                certificate_arn=CERT, security_policy="TLS_V1_2_2021"
            ),
            routing=Routing(
                failover=Failover(
                    secondary_region="us-west-2", primary_route53_health_check_id="hc-1"
                )
            ),
        ),
    ],
    ids=["required-only", "managed-login-version", "every-member"],
)
def test_body_equals_botocores_serializer_output(
    server: ScriptedServer, botocore_model: ServiceModel, request_model: UpdateUserPoolDomainRequest
) -> None:
    client = make_client(server.url)
    client.update_user_pool_domain(
        domain=request_model.domain,
        user_pool_id=request_model.user_pool_id,
        managed_login_version=request_model.managed_login_version,
        custom_domain_config=request_model.custom_domain_config,
        routing=request_model.routing,
    )
    operation = botocore_model.operation_model("UpdateUserPoolDomain")
    expected = create_serializer("json").serialize_to_request(
        dict(request_model.to_dict()), operation
    )
    assert json.loads(server.received[0].body) == json.loads(expected["body"])
    assert server.received[0].headers["X-Amz-Target"] == expected["headers"]["X-Amz-Target"]


def test_models_round_trip_through_boto3_dicts() -> None:
    model = UpdateUserPoolDomainRequest(
        domain="auth.example.com",
        user_pool_id=POOL_ID,
        routing=Routing(
            failover=Failover(secondary_region="us-west-2", primary_route53_health_check_id="hc")
        ),
    )
    as_dict = model.to_dict()
    assert as_dict == {
        "Domain": "auth.example.com",
        "UserPoolId": POOL_ID,
        "Routing": {
            "Failover": {"SecondaryRegion": "us-west-2", "PrimaryRoute53HealthCheckId": "hc"}
        },
    }
    assert UpdateUserPoolDomainRequest.from_dict(as_dict) == model


def test_response_to_dict_equals_botocores_parser_output(botocore_model: ServiceModel) -> None:
    body = {
        "ManagedLoginVersion": 2,
        "CloudFrontDomain": "d111.cloudfront.net",
        "Routing": {
            "Failover": {"SecondaryRegion": "us-west-2", "PrimaryRoute53HealthCheckId": "hc"}
        },
        "SomethingNew": {"added": "later"},
    }
    raw = json.dumps(body).encode()
    operation = botocore_model.operation_model("UpdateUserPoolDomain")
    parsed = create_parser("json").parse(
        {"status_code": 200, "headers": {}, "body": raw}, operation.output_shape
    )
    parsed.pop("ResponseMetadata", None)
    ours = UpdateUserPoolDomainResponse.from_dict(json.loads(raw)).to_dict()
    assert ours == parsed


def test_wrong_json_type_in_a_response_names_the_member() -> None:
    with pytest.raises(
        errors.ResponseParseError,
        match=r"UpdateUserPoolDomainResponse\.ManagedLoginVersion: expected an integer",
    ):
        UpdateUserPoolDomainResponse.from_dict({"ManagedLoginVersion": "two"})


def _documented_errors(spec: ServiceSpec) -> list[str]:
    from .conftest import COMMITTED_OPERATIONS

    return sorted(
        {e["shape"] for op in COMMITTED_OPERATIONS for e in spec.model["operations"][op]["errors"]}
    )


def test_every_documented_error_code_raises_its_class(spec: ServiceSpec) -> None:
    codes = _documented_errors(spec)
    for code in codes:
        status = 500 if code == "InternalErrorException" else 400
        with scripted_server(
            Reply.error(status, code, f"msg for {code}", request_id=f"rid-{code}")
        ) as server:
            client = make_client(server.url, max_attempts=1)
            with pytest.raises(errors.CognitoIdentityProviderError) as caught:
                client.update_user_pool_domain(domain="auth.example.com", user_pool_id=POOL_ID)
        error = caught.value
        assert type(error) is getattr(errors, code)
        assert type(error) is getattr(client.exceptions, code)
        assert (error.code, error.message, error.status_code, error.request_id) == (
            code,
            f"msg for {code}",
            status,
            f"rid-{code}",
        )


def test_namespaced_error_type_is_stripped_like_botocore() -> None:
    reply = Reply.json(
        400,
        {
            "__type": "com.amazonaws.cognito#ResourceNotFoundException:http://internal",
            "message": "gone",
        },
    )
    with scripted_server(reply) as server, pytest.raises(errors.ResourceNotFoundException):
        make_client(server.url).update_user_pool_domain(domain="d", user_pool_id=POOL_ID)


def test_unknown_error_code_raises_the_base_class_with_that_code() -> None:
    with (
        scripted_server(Reply.error(400, "BrandNewException", "new")) as server,
        pytest.raises(errors.CognitoIdentityProviderError) as caught,
    ):
        make_client(server.url).update_user_pool_domain(domain="d", user_pool_id=POOL_ID)
    assert type(caught.value) is errors.CognitoIdentityProviderError
    assert caught.value.code == "BrandNewException"


@pytest.mark.parametrize(
    ("arguments", "problem"),
    [
        ({"domain": None, "user_pool_id": POOL_ID}, "domain: missing required value"),
        ({"domain": "", "user_pool_id": POOL_ID}, "domain: length 0 is below the minimum of 1"),
        ({"domain": "d", "user_pool_id": 42}, "user_pool_id: expected str, got int"),
        (
            {"domain": "d", "user_pool_id": POOL_ID, "managed_login_version": "2"},
            "managed_login_version: expected int, got str",
        ),
        (
            {
                "domain": "d",
                "user_pool_id": POOL_ID,
                "custom_domain_config": CustomDomainConfig(certificate_arn="short"),
            },
            "custom_domain_config.certificate_arn: length 5 is below the minimum of 20",
        ),
        (
            {
                "domain": "d",
                "user_pool_id": POOL_ID,
                "custom_domain_config": {"CertificateArn": CERT},
            },
            "custom_domain_config: expected CustomDomainConfig",
        ),
        (
            {
                "domain": "d",
                "user_pool_id": POOL_ID,
                "routing": Routing(
                    failover=Failover(
                        secondary_region="us-west-2",
                        primary_route53_health_check_id=None,  # type: ignore[arg-type]
                    )
                ),
            },
            "routing.failover.primary_route53_health_check_id: missing required value",
        ),
    ],
)
def test_invalid_input_is_rejected_before_sending_naming_the_field(
    server: ScriptedServer, arguments: dict[str, Any], problem: str
) -> None:
    client = make_client(server.url)
    with pytest.raises(errors.ParamValidationError) as caught:
        client.update_user_pool_domain(**arguments)
    assert any(p.startswith(problem) for p in caught.value.problems), caught.value.problems
    assert isinstance(caught.value, ValueError)
    assert server.received == []


def test_custom_domain_with_dots_is_accepted_in_both_modes(server: ScriptedServer) -> None:
    for mode in ("default", "strict"):
        make_client(server.url, validate=mode).update_user_pool_domain(
            domain="auth.example.com", user_pool_id=POOL_ID
        )
    assert len(server.received) == 2


def test_strict_mode_also_checks_max_patterns_and_enums(server: ScriptedServer) -> None:
    arguments: dict[str, Any] = {
        "domain": "UPPER.example.com",
        "user_pool_id": POOL_ID,
        "custom_domain_config": CustomDomainConfig(
            certificate_arn=CERT,
            security_policy="TLS_V9",  # type: ignore[arg-type]  # not in the model's enum
        ),
    }
    make_client(server.url).update_user_pool_domain(**arguments)  # default mode: sent
    with pytest.raises(errors.ParamValidationError) as caught:
        make_client(server.url, validate="strict").update_user_pool_domain(**arguments)
    problems = "\n".join(caught.value.problems)
    assert "domain: 'UPPER.example.com' does not match the pattern" in problems
    assert "custom_domain_config.security_policy: 'TLS_V9' is not one of" in problems
    assert len(server.received) == 1


def test_missing_region_is_reported_at_call_time_naming_what_to_set(server: ScriptedServer) -> None:
    client = CognitoIdentityProviderClient(
        credentials=Credentials(ACCESS_KEY, SECRET_KEY), endpoint_url=server.url
    )
    with pytest.raises(errors.NoRegionError, match="AWS_REGION"):
        client.update_user_pool_domain(domain="auth.example.com", user_pool_id=POOL_ID)


def test_missing_credentials_are_reported_at_call_time(server: ScriptedServer) -> None:
    client = CognitoIdentityProviderClient(region="us-east-1", endpoint_url=server.url)
    with pytest.raises(errors.NoCredentialsError, match="AWS_ACCESS_KEY_ID"):
        client.update_user_pool_domain(domain="auth.example.com", user_pool_id=POOL_ID)
    assert server.received == []


def test_credentials_callable_is_asked_on_every_call(server: ScriptedServer) -> None:
    issued: list[Credentials] = []

    def provider() -> Credentials:
        issued.append(Credentials(f"AKIDROTATING{len(issued):08d}", SECRET_KEY))
        return issued[-1]

    client = CognitoIdentityProviderClient(
        region="us-east-1", credentials=provider, endpoint_url=server.url
    )
    client.update_user_pool_domain(domain="auth.example.com", user_pool_id=POOL_ID)
    client.update_user_pool_domain(domain="auth.example.com", user_pool_id=POOL_ID)
    keys = [
        r.headers["Authorization"].split("Credential=")[1].split("/")[0] for r in server.received
    ]
    assert keys == ["AKIDROTATING00000000", "AKIDROTATING00000001"]


def test_secrets_never_show_in_reprs() -> None:
    credentials = Credentials(ACCESS_KEY, SECRET_KEY, "tok-secret-value")
    client = CognitoIdentityProviderClient(region="us-east-1", credentials=credentials)
    for text in (repr(credentials), str(credentials), repr(client), str(client)):
        assert SECRET_KEY not in text and "tok-secret-value" not in text and ACCESS_KEY not in text


def test_unknown_keyword_arguments_are_rejected_naming_them(server: ScriptedServer) -> None:
    # Python's own check, as for a missing one: type checkers flag it with a suggestion.
    client = make_client(server.url)
    with pytest.raises(TypeError, match="unexpected keyword argument 'UserPoolId'"):
        client.update_user_pool_domain(domain="d", user_pool_id=POOL_ID, UserPoolId=POOL_ID)  # type: ignore[call-arg]
    assert server.received == []


def test_modeled_error_members_are_typed_properties() -> None:
    reply = Reply.json(
        400,
        {"__type": "InvalidParameterException", "message": "bad", "reasonCode": "RATE_LIMIT"},
    )
    with (
        scripted_server(reply) as server,
        pytest.raises(errors.InvalidParameterException) as caught,
    ):
        make_client(server.url).update_user_pool_domain(domain="d", user_pool_id=POOL_ID)
    assert caught.value.reason_code == "RATE_LIMIT"
    assert caught.value.details["reasonCode"] == "RATE_LIMIT"
