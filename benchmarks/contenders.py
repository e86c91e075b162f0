"""The three contenders, each able to build a warm client that makes one call.

``make(name, url)`` returns a zero-argument function that sends one
UpdateUserPoolDomain request and returns the ``CloudFrontDomain`` of the
answer. Each contender's imports happen inside its factory, so a cold-start
process pays for exactly one of them.
"""

from __future__ import annotations

from collections.abc import Callable

NAMES = ("ours", "boto3", "floor")
LABELS = {
    "ours": "generated client",
    "boto3": "boto3",
    "floor": "http.client + hmac floor",
}

REGION = "us-east-1"
ACCESS_KEY_ID = "AKIDEXAMPLE"
SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
DOMAIN = "auth.example.com"
USER_POOL_ID = "us-east-1_Ab12Cd34E"
CERTIFICATE_ARN = (
    "arn:aws:acm:us-east-1:123456789012:certificate/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111"
)
EXPECTED = "d111111abcdef8.cloudfront.net"

Call = Callable[[], object]


def _ours(url: str) -> Call:
    from generated.cognito_idp import (  # noqa: PLC0415 -- see the module docstring
        CognitoIdentityProviderClient,
        Credentials,
        CustomDomainConfig,
    )

    client = CognitoIdentityProviderClient(
        region=REGION,
        endpoint_url=url,
        credentials=Credentials(ACCESS_KEY_ID, SECRET_ACCESS_KEY),
    )

    def call() -> object:
        response = client.update_user_pool_domain(
            domain=DOMAIN,
            user_pool_id=USER_POOL_ID,
            custom_domain_config=CustomDomainConfig(certificate_arn=CERTIFICATE_ARN),
        )
        return response.cloud_front_domain

    return call


def _boto3(url: str) -> Call:
    import boto3  # noqa: PLC0415

    client = boto3.client(
        "cognito-idp",
        endpoint_url=url,
        region_name=REGION,
        aws_access_key_id=ACCESS_KEY_ID,
        aws_secret_access_key=SECRET_ACCESS_KEY,
    )

    def call() -> object:
        response = client.update_user_pool_domain(
            Domain=DOMAIN,
            UserPoolId=USER_POOL_ID,
            CustomDomainConfig={"CertificateArn": CERTIFICATE_ARN},
        )
        return response.get("CloudFrontDomain")

    return call


def _floor(url: str) -> Call:
    from benchmarks.floor import FloorClient  # noqa: PLC0415

    client = FloorClient(url, ACCESS_KEY_ID, SECRET_ACCESS_KEY, REGION)

    def call() -> object:
        response = client.call(
            "UpdateUserPoolDomain",
            {
                "Domain": DOMAIN,
                "UserPoolId": USER_POOL_ID,
                "CustomDomainConfig": {"CertificateArn": CERTIFICATE_ARN},
            },
        )
        return response.get("CloudFrontDomain")

    return call


_FACTORIES: dict[str, Callable[[str], Call]] = {"ours": _ours, "boto3": _boto3, "floor": _floor}


def make(name: str, url: str) -> Call:
    """A warm-able client of contender ``name`` for the server at ``url``."""
    return _FACTORIES[name](url)


def check(name: str, result: object) -> None:
    """Fail loudly if a contender did not get the server's answer."""
    if result != EXPECTED:
        raise RuntimeError(f"{name}: expected CloudFrontDomain {EXPECTED!r}, got {result!r}")
