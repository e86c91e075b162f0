"""The state the emulator cases need: yours to extend; the generator never overwrites this file.

``CASES`` are recorded from moto's server (and with ``--live`` from AWS),
after ``prepare`` made the state they need: a parameter written
``"{name}"`` is replaced by the value ``prepare`` returns for ``name``.
Make state with ``env.botocore_client()``; register clean-up with
``env.cleanup.callback(...)``: it runs whatever happens (a live recording
must leave nothing behind).

Cognito user pools: a pool with a prefix domain and a custom domain. Live, the
custom domain is yours to name: set ``CONTRACT_CUSTOM_DOMAIN`` and
``CONTRACT_CERTIFICATE_ARN`` (an ACM certificate in us-east-1); without them the
custom-domain case is skipped.
"""

from __future__ import annotations

import os
import secrets
import time
from collections.abc import Mapping
from typing import Any

from ._contract import Case, ContractError, Environment

POOL_NAME = "contract-test-pool"
PREFIX_DOMAIN = "contract-test-prefix"
CUSTOM_DOMAIN = "auth.example.com"
CERTIFICATE_ARN = (
    "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-4333-8444-555555555555"
)
RENEWED_CERTIFICATE_ARN = (
    "arn:aws:acm:us-east-1:123456789012:certificate/66666666-7777-4888-9999-000000000000"
)
POLL_INTERVAL = 2.0  # seconds between DescribeUserPoolDomain calls, live
CUSTOM_DOMAIN_TIMEOUT = 3600.0  # a custom domain's distribution can take up to an hour

CASES: tuple[Case, ...] = (
    Case(
        operation="UpdateUserPoolDomain",
        name="emulator_custom_domain",
        summary="a custom domain gets a renewed certificate",
        parameters={
            "Domain": "{custom_domain}",
            "UserPoolId": "{pool_id}",
            "CustomDomainConfig": {"CertificateArn": "{renewed_certificate_arn}"},
        },
    ),
    Case(
        operation="UpdateUserPoolDomain",
        name="emulator_managed_login_version",
        summary="a prefix domain switches to managed login (ManagedLoginVersion only)",
        parameters={
            "Domain": "{prefix_domain}",
            "UserPoolId": "{pool_id}",
            "ManagedLoginVersion": 2,
        },
    ),
    Case(
        operation="UpdateUserPoolDomain",
        name="emulator_resource_not_found",
        summary="the domain does not exist",
        parameters={
            "Domain": "missing.example.com",
            "UserPoolId": "{pool_id}",
            "ManagedLoginVersion": 2,
        },
        expected="ResourceNotFoundException",
    ),
)


def prepare(env: Environment) -> Mapping[str, str]:
    client = env.botocore_client()
    suffix = f"-{secrets.token_hex(4)}" if env.live else ""
    pool_id: str = client.create_user_pool(PoolName=POOL_NAME + suffix)["UserPool"]["Id"]
    env.cleanup.callback(client.delete_user_pool, UserPoolId=pool_id)
    prefix = PREFIX_DOMAIN + suffix
    _domain(env, client, pool_id, prefix, None)
    values = {"pool_id": pool_id, "prefix_domain": prefix}
    if not env.live:
        _domain(env, client, pool_id, CUSTOM_DOMAIN, CERTIFICATE_ARN)
        return {
            **values,
            "custom_domain": CUSTOM_DOMAIN,
            "renewed_certificate_arn": RENEWED_CERTIFICATE_ARN,
        }
    custom = os.environ.get("CONTRACT_CUSTOM_DOMAIN")
    certificate = os.environ.get("CONTRACT_CERTIFICATE_ARN")
    if custom and certificate:
        _domain(env, client, pool_id, custom, certificate)
        values |= {"custom_domain": custom, "renewed_certificate_arn": certificate}
    return values


def _domain(
    env: Environment, client: Any, pool_id: str, domain: str, certificate: str | None
) -> None:
    """Create a domain (deleted afterwards); live, wait until it is ACTIVE."""
    config = {"CustomDomainConfig": {"CertificateArn": certificate}} if certificate else {}
    client.create_user_pool_domain(Domain=domain, UserPoolId=pool_id, **config)
    env.cleanup.callback(client.delete_user_pool_domain, Domain=domain, UserPoolId=pool_id)
    if env.live:
        timeout = CUSTOM_DOMAIN_TIMEOUT if certificate else 120.0
        deadline = time.monotonic() + timeout
        while (
            client.describe_user_pool_domain(Domain=domain)["DomainDescription"].get("Status")
            != "ACTIVE"
        ):
            if time.monotonic() > deadline:
                raise ContractError(f"domain {domain} is not ACTIVE after {timeout:.0f} s")
            time.sleep(POLL_INTERVAL)
