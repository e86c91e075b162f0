"""Demo: the generated client against moto's server on 127.0.0.1. No AWS account needed.

Creates a user pool and a domain, updates the domain with UpdateUserPoolDomain
(the committed client), prints the result, then shows a documented exception
raised and caught. The setup calls (CreateUserPool, ...) go through a client
generated for them at start (``tests/setup_client.py``): the committed package
holds the mission only. Run with ``nox -s demo`` (or ``python -m tests.demo``
with the dependencies installed).
"""

from __future__ import annotations

import json
from types import ModuleType

from generated.cognito_idp import CognitoIdentityProviderClient, Credentials, CustomDomainConfig

from .emulator import FAKE_ACCESS_KEY, FAKE_SECRET_KEY, REGION, moto_server
from .setup_client import setup_package


def run(endpoint_url: str, setup: ModuleType) -> None:
    client = CognitoIdentityProviderClient(
        region=REGION,
        credentials=Credentials(FAKE_ACCESS_KEY, FAKE_SECRET_KEY),
        endpoint_url=endpoint_url,
    )
    admin = setup.CognitoIdentityProviderClient(
        region=REGION,
        credentials=setup.Credentials(FAKE_ACCESS_KEY, FAKE_SECRET_KEY),
        endpoint_url=endpoint_url,
    )
    with client, admin:
        pool = admin.create_user_pool(pool_name="demo-pool").user_pool
        assert pool is not None and pool.id is not None
        print(f"created user pool {pool.id}")

        domain = "auth.example.com"
        admin.create_user_pool_domain(
            domain=domain,
            user_pool_id=pool.id,
            custom_domain_config=setup.CustomDomainConfig(
                certificate_arn="arn:aws:acm:us-east-1:123456789012:certificate/demo-1"
            ),
        )
        print(f"created domain {domain}")

        response = client.update_user_pool_domain(
            domain=domain,
            user_pool_id=pool.id,
            custom_domain_config=CustomDomainConfig(
                certificate_arn="arn:aws:acm:us-east-1:123456789012:certificate/demo-2"
            ),
        )
        print("UpdateUserPoolDomain ->", json.dumps(response.to_dict(), indent=4))

        description = admin.describe_user_pool_domain(domain=domain).domain_description
        assert description is not None
        print(f"DescribeUserPoolDomain -> status={description.status} domain={description.domain}")

        try:
            client.update_user_pool_domain(
                domain="missing.example.com",
                user_pool_id=pool.id,
                custom_domain_config=CustomDomainConfig(
                    certificate_arn="arn:aws:acm:us-east-1:123456789012:certificate/demo-3"
                ),
            )
        except client.exceptions.ResourceNotFoundException as error:
            print(
                f"caught {type(error).__name__}: code={error.code} status={error.status_code}"
                f" request_id={error.request_id} message={error.message!r}"
            )

        admin.delete_user_pool_domain(domain=domain, user_pool_id=pool.id)
        admin.delete_user_pool(user_pool_id=pool.id)
        print("cleaned up")


def main() -> None:
    with setup_package() as setup, moto_server() as endpoint_url:
        print(f"moto server on {endpoint_url}")
        run(endpoint_url, setup)


if __name__ == "__main__":
    main()
