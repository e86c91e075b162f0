"""The contenders, each able to build a warm client that makes one call.

``make(name, url, package_dir)`` returns a zero-argument function that sends
one UpdateUserPoolDomain request and returns the ``CloudFrontDomain`` of the
answer. Each contender's imports happen inside its factory, so a cold-start
process pays for exactly one of them.

* ``ours``: the committed generated package (``generated/cognito_idp``).
* ``service``: a package generated for every operation of the service, with
  its command line, in a temporary folder (cold start only).
* ``boto3``.
* ``deps``: the dependency floor: ``requests``, ``attrs`` and
  ``aws_requests_auth`` imported, and one SigV4-signed ``requests`` call
  (``benchmarks.depfloor``). The least a client built on our runtime
  dependencies can cost.
* ``floor``: the raw floor: the same call signed by hand with ``hmac`` over
  ``http.client`` (``benchmarks.floor``). The least any Python client can cost.

A generated package is imported by its folder's name (``cognito_idp``) with its
parent folder put first on ``sys.path``, so that the committed package and
freshly generated ones are imported alike, whatever their internal layout.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

WARM_NAMES = ("ours", "boto3", "deps", "floor")
COLD_NAMES = ("ours", "service", "boto3", "deps", "floor")
NAMES = WARM_NAMES  # the contenders that appear in every table
LABELS = {
    "ours": "generated client",
    "service": "whole-service client",
    "boto3": "boto3",
    "deps": "dependency floor",
    "floor": "http.client + hmac floor",
}
PACKAGE = "cognito_idp"
# The parent folder of the committed package.
COMMITTED_DIR = os.path.join(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "generated"
)

REGION = "us-east-1"
ACCESS_KEY_ID = "AKIDEXAMPLE"
SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
DOMAIN = "auth.example.com"
USER_POOL_ID = "us-east-1_Ab12Cd34E"
CERTIFICATE_ARN = (
    "arn:aws:acm:us-east-1:123456789012:certificate/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111"
)
EXPECTED = "d111111abcdef8.cloudfront.net"
PARAMS: dict[str, object] = {
    "Domain": DOMAIN,
    "UserPoolId": USER_POOL_ID,
    "CustomDomainConfig": {"CertificateArn": CERTIFICATE_ARN},
}

Call = Callable[[], object]


def _generated(url: str, package_dir: str | None) -> Call:
    import importlib  # noqa: PLC0415 -- see the module docstring

    folder = package_dir or COMMITTED_DIR
    if PACKAGE in sys.modules:
        raise RuntimeError(f"{PACKAGE} is already imported; one generated package per process")
    sys.path.insert(0, folder)
    package = importlib.import_module(PACKAGE)
    credentials_class = getattr(package, "Credentials", None)
    if credentials_class is not None:
        credentials = credentials_class(ACCESS_KEY_ID, SECRET_ACCESS_KEY)
    else:  # a layout that does not export it: the standard environment variables
        credentials = None
        os.environ["AWS_ACCESS_KEY_ID"] = ACCESS_KEY_ID
        os.environ["AWS_SECRET_ACCESS_KEY"] = SECRET_ACCESS_KEY
    client = package.CognitoIdentityProviderClient(
        region=REGION, endpoint_url=url, credentials=credentials
    )
    custom_domain_config = package.CustomDomainConfig

    def call() -> object:
        response = client.update_user_pool_domain(
            domain=DOMAIN,
            user_pool_id=USER_POOL_ID,
            custom_domain_config=custom_domain_config(certificate_arn=CERTIFICATE_ARN),
        )
        return response.cloud_front_domain

    return call


def _boto3(url: str, package_dir: str | None) -> Call:
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


def _deps(url: str, package_dir: str | None) -> Call:
    from benchmarks.depfloor import DependencyFloorClient  # noqa: PLC0415

    client = DependencyFloorClient(url, ACCESS_KEY_ID, SECRET_ACCESS_KEY, REGION)

    def call() -> object:
        return client.call("UpdateUserPoolDomain", PARAMS).get("CloudFrontDomain")

    return call


def _floor(url: str, package_dir: str | None) -> Call:
    from benchmarks.floor import FloorClient  # noqa: PLC0415

    client = FloorClient(url, ACCESS_KEY_ID, SECRET_ACCESS_KEY, REGION)

    def call() -> object:
        return client.call("UpdateUserPoolDomain", PARAMS).get("CloudFrontDomain")

    return call


_FACTORIES: dict[str, Callable[[str, str | None], Call]] = {
    "ours": _generated,
    "service": _generated,
    "boto3": _boto3,
    "deps": _deps,
    "floor": _floor,
}


def make(name: str, url: str, package_dir: str | None = None) -> Call:
    """A warm-able client of contender ``name`` for the server at ``url``.

    ``package_dir`` is the folder that holds a generated ``cognito_idp``
    package (``ours``: the committed one by default; ``service``: required).
    """
    if name == "service" and package_dir is None:
        raise ValueError("the whole-service contender needs the folder of its package")
    return _FACTORIES[name](url, package_dir)


def check(name: str, result: object) -> None:
    """Fail loudly if a contender did not get the server's answer."""
    if result != EXPECTED:
        raise RuntimeError(f"{name}: expected CloudFrontDomain {EXPECTED!r}, got {result!r}")
