"""The recorded cases of UpdateUserPoolDomain: what each cassette holds and where it comes from.

The recorder (``record.py``) records one cassette per case; the contract tests
replay every cassette and check each case's expectation against it. To add a
case, add it here and run ``nox -s record``.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping

import attrs

from ..fault_server import (
    BAD_GATEWAY_PAGE,
    SERVICE_UNAVAILABLE_PAGE,
    aws_error,
    aws_success,
    html_page,
)
from ..servers import Reply

OPERATION = "UpdateUserPoolDomain"
REGION = "us-east-1"


class Source(enum.StrEnum):
    """Where a cassette's answers come from."""

    EMULATOR = "emulator"
    FAULT_SERVER = "fault-server"
    LIVE = "live"

    @property
    def description(self) -> str:
        return _SOURCE_DESCRIPTIONS[self]


_SOURCE_DESCRIPTIONS = {
    Source.EMULATOR: "moto's server (tests/emulator.py) on 127.0.0.1: the emulator's own answers",
    Source.FAULT_SERVER: (
        "the fault server (tests/fault_server.py) on 127.0.0.1: answers scripted in AWS's"
        " wire format, for what moto cannot produce"
    ),
    Source.LIVE: "the real Cognito endpoint of an AWS account (nox -s record -- --live)",
}

# What the recorder creates in the emulator before recording (not part of any cassette).
POOL_NAME = "contract-test-pool"
CUSTOM_DOMAIN = "auth.example.com"
PREFIX_DOMAIN = "contract-test-prefix"
CERTIFICATE_ARN = (
    "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-4333-8444-555555555555"
)
RENEWED_CERTIFICATE_ARN = (
    "arn:aws:acm:us-east-1:123456789012:certificate/66666666-7777-4888-9999-000000000000"
)
CREATED_POOL_ID = "<the pool the recorder creates>"
"""Stands for the emulator's pool id in a case; the recorder fills it in."""

# Fault-server cases need no state: any well-formed pool id will do.
FAULT_POOL_ID = "us-east-1_Ab12Cd34E"
CLOUDFRONT_DOMAIN = "d111111abcdef8.cloudfront.net"


@attrs.frozen
class Case:
    """One recorded call of UpdateUserPoolDomain and what it must lead to."""

    name: str
    source: Source
    summary: str
    parameters: Mapping[str, object]
    """The call's input in boto3's dict shape."""
    expected_error: str | None = None
    """The error code the call raises; ``None`` for a success."""
    replies: tuple[Reply, ...] = ()
    """The fault server's answers, in order."""
    max_attempts: int = 1
    """Attempts the client makes: 1 records exactly one answer, more record the retries."""

    def parameters_for(self, pool_id: str) -> dict[str, object]:
        """The parameters with the emulator's pool id filled in."""
        return {
            name: pool_id if value == CREATED_POOL_ID else value
            for name, value in self.parameters.items()
        }


def _request_id(number: int) -> str:
    """A fixed, UUID-shaped request id, so that re-recording changes nothing."""
    return f"c0ffee00-0000-4000-8000-c0ffee{number:06d}"


def _fault(name: str, code: str, message: str, number: int, **parameters: object) -> Case:
    return Case(
        name=name,
        source=Source.FAULT_SERVER,
        summary=f"the service answers {code}",
        parameters={"Domain": CUSTOM_DOMAIN, "UserPoolId": FAULT_POOL_ID, **parameters},
        expected_error=code,
        replies=(aws_error(code, message, _request_id(number)),),
    )


EMULATOR_CASES = (
    Case(
        name="success_custom_domain",
        source=Source.EMULATOR,
        summary="a custom domain gets a renewed certificate",
        parameters={
            "Domain": CUSTOM_DOMAIN,
            "UserPoolId": CREATED_POOL_ID,
            "CustomDomainConfig": {"CertificateArn": RENEWED_CERTIFICATE_ARN},
        },
    ),
    Case(
        name="success_managed_login_version",
        source=Source.EMULATOR,
        summary="a prefix domain switches to managed login (ManagedLoginVersion only)",
        parameters={
            "Domain": PREFIX_DOMAIN,
            "UserPoolId": CREATED_POOL_ID,
            "ManagedLoginVersion": 2,
        },
    ),
    Case(
        name="resource_not_found",
        source=Source.EMULATOR,
        summary="the domain does not exist",
        parameters={
            "Domain": "missing.example.com",
            "UserPoolId": CREATED_POOL_ID,
            "ManagedLoginVersion": 2,
        },
        expected_error="ResourceNotFoundException",
    ),
)

FAULT_SERVER_CASES = (
    Case(
        name="invalid_parameter",
        source=Source.FAULT_SERVER,
        summary="the certificate is not in us-east-1 (with the modeled reasonCode member)",
        parameters={
            "Domain": CUSTOM_DOMAIN,
            "UserPoolId": FAULT_POOL_ID,
            "CustomDomainConfig": {
                "CertificateArn": CERTIFICATE_ARN.replace("us-east-1", "eu-west-1"),
                "SecurityPolicy": "TLS_V1_2_2021",
            },
        },
        expected_error="InvalidParameterException",
        replies=(
            aws_error(
                "InvalidParameterException",
                "The certificate for a custom domain must be in the us-east-1 Region.",
                _request_id(1),
                reasonCode="INVALID_CERTIFICATE",
            ),
        ),
    ),
    _fault(
        "not_authorized",
        "NotAuthorizedException",
        "User is not authorized to update the domain of this user pool.",
        2,
        ManagedLoginVersion=2,
    ),
    _fault(
        "concurrent_modification",
        "ConcurrentModificationException",
        "Another update of this domain is in progress.",
        3,
        CustomDomainConfig={"CertificateArn": RENEWED_CERTIFICATE_ARN},
    ),
    _fault(
        "too_many_requests", "TooManyRequestsException", "Rate exceeded", 4, ManagedLoginVersion=1
    ),
    _fault(
        "operation_not_enabled",
        "OperationNotEnabledException",
        "Managed login is not available in this Region.",
        5,
        ManagedLoginVersion=2,
    ),
    _fault(
        "internal_error",
        "InternalErrorException",
        "Internal server error.",
        6,
        ManagedLoginVersion=2,
    ),
    _fault(
        "feature_unavailable_in_tier",
        "FeatureUnavailableInTierException",
        "Managed login branding is not available in the Lite feature plan.",
        7,
        ManagedLoginVersion=2,
    ),
    _fault(
        "unknown_error_code",
        "DomainMigrationInProgressException",
        "An error code this model has never heard of.",
        8,
        ManagedLoginVersion=2,
    ),
    Case(
        name="success_every_response_member",
        source=Source.FAULT_SERVER,
        summary="the answer carries every member of the response shape, Routing included",
        parameters={
            "Domain": CUSTOM_DOMAIN,
            "UserPoolId": FAULT_POOL_ID,
            "ManagedLoginVersion": 2,
            "CustomDomainConfig": {
                "CertificateArn": RENEWED_CERTIFICATE_ARN,
                "SecurityPolicy": "TLS_V1_3_2025",
            },
            "Routing": {
                "Failover": {
                    "SecondaryRegion": "us-west-2",
                    "PrimaryRoute53HealthCheckId": "abcdef11-2222-3333-4444-555555fedcba",
                }
            },
        },
        replies=(
            aws_success(
                {
                    "ManagedLoginVersion": 2,
                    "CloudFrontDomain": CLOUDFRONT_DOMAIN,
                    "Routing": {
                        "Failover": {
                            "SecondaryRegion": "us-west-2",
                            "PrimaryRoute53HealthCheckId": "abcdef11-2222-3333-4444-555555fedcba",
                        }
                    },
                },
                _request_id(9),
            ),
        ),
    ),
    Case(
        name="throttled_then_success",
        source=Source.FAULT_SERVER,
        summary="the first attempt is throttled, the retry succeeds (two interactions)",
        parameters={"Domain": PREFIX_DOMAIN, "UserPoolId": FAULT_POOL_ID, "ManagedLoginVersion": 2},
        replies=(
            aws_error("TooManyRequestsException", "Rate exceeded", _request_id(10)),
            aws_success(
                {"ManagedLoginVersion": 2, "CloudFrontDomain": CLOUDFRONT_DOMAIN}, _request_id(11)
            ),
        ),
        max_attempts=3,
    ),
    Case(
        name="html_502_from_load_balancer",
        source=Source.FAULT_SERVER,
        summary="a load balancer answers 502 with an <html> page",
        parameters={"Domain": PREFIX_DOMAIN, "UserPoolId": FAULT_POOL_ID, "ManagedLoginVersion": 2},
        expected_error="502",
        replies=(html_page(502, BAD_GATEWAY_PAGE),),
    ),
    Case(
        name="html_503_from_cdn",
        source=Source.FAULT_SERVER,
        summary="a CDN answers 503 with a <!DOCTYPE HTML> page",
        parameters={"Domain": PREFIX_DOMAIN, "UserPoolId": FAULT_POOL_ID, "ManagedLoginVersion": 2},
        expected_error="503",
        replies=(html_page(503, SERVICE_UNAVAILABLE_PAGE),),
    ),
)

RECORDED_CASES = EMULATOR_CASES + FAULT_SERVER_CASES
"""Every case ``nox -s record`` records, reproducibly, without an AWS account."""

CASES_BY_NAME = {case.name: case for case in RECORDED_CASES}
