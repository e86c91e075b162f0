"""Enum members are ``Literal`` types for checkers only: at run time a newer value still works.

A value the service added after the package was generated is sent (in the
default validation mode) and parsed from responses unchanged; the documented
escape hatch for type checkers is ``typing.cast`` to the alias.
"""

from __future__ import annotations

import json
import typing
from collections.abc import Iterator

import pytest

from generated.cognito_idp import (
    CognitoIdentityProviderClient,
    Credentials,
    CustomDomainConfig,
    errors,
    literals,
)

from ..servers import Reply, ScriptedServer, scripted_server

NEWER = "TLS_V1_4_2030"
"""Not in the pinned model: stands for a value the service adds later."""


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    with scripted_server(Reply.json(200, {})) as s:
        yield s


def _client(
    url: str, validate: typing.Literal["default", "strict"]
) -> CognitoIdentityProviderClient:
    return CognitoIdentityProviderClient(
        region="us-east-1",
        credentials=Credentials("AKIDEXAMPLE", "secret"),
        endpoint_url=url,
        validate=validate,
    )


def _config(policy: literals.SecurityPolicyTypeType) -> CustomDomainConfig:
    return CustomDomainConfig(
        certificate_arn="arn:aws:acm:us-east-1:1:certificate/a", security_policy=policy
    )


def test_alias_lists_the_model_values() -> None:
    assert typing.get_args(literals.SecurityPolicyTypeType) == (
        "TLS_V1",
        "TLS_V1_2_2021",
        "TLS_V1_3_2025",
    )


def test_newer_value_is_sent_through_the_cast_escape_hatch(server: ScriptedServer) -> None:
    config = _config(typing.cast(literals.SecurityPolicyTypeType, NEWER))
    _client(server.url, "default").update_user_pool_domain(
        domain="auth.example.com", user_pool_id="us-east-1_Ab12Cd34E", custom_domain_config=config
    )
    (request,) = server.received
    assert json.loads(request.body)["CustomDomainConfig"]["SecurityPolicy"] == NEWER


def test_strict_validation_refuses_a_value_outside_the_model(server: ScriptedServer) -> None:
    config = _config(typing.cast(literals.SecurityPolicyTypeType, NEWER))
    with pytest.raises(errors.ParamValidationError, match=r"custom_domain_config\.security_policy"):
        _client(server.url, "strict").update_user_pool_domain(
            domain="auth.example.com",
            user_pool_id="us-east-1_Ab12Cd34E",
            custom_domain_config=config,
        )
    assert server.received == []


def test_newer_value_in_a_response_is_kept_as_received() -> None:
    parsed = CustomDomainConfig.parse(
        {"CertificateArn": "arn", "SecurityPolicy": NEWER}, "UpdateUserPoolDomainResponse"
    )
    assert parsed.security_policy == NEWER
