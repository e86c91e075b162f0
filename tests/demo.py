"""Demo: the generated client against moto's server on 127.0.0.1. No AWS account needed.

Creates a user pool and a domain, updates the domain with UpdateUserPoolDomain,
prints the result, then shows a documented exception raised and caught.
Run with ``nox -s demo`` (or ``python -m tests.demo`` with the dependencies installed).
"""

from __future__ import annotations

import json

from generated.cognito_idp import CognitoIdentityProviderClient, Credentials, CustomDomainConfig

from .emulator import FAKE_ACCESS_KEY, FAKE_SECRET_KEY, REGION, moto_server


def run(endpoint_url: str) -> None:
    client = CognitoIdentityProviderClient(
        region=REGION,
        credentials=Credentials(FAKE_ACCESS_KEY, FAKE_SECRET_KEY),
        endpoint_url=endpoint_url,
    )
    with client:
        pool = client.create_user_pool(pool_name="demo-pool").user_pool
        assert pool is not None and pool.id is not None
        print(f"created user pool {pool.id}")

        domain = "auth.example.com"
        client.create_user_pool_domain(
            domain=domain,
            user_pool_id=pool.id,
            custom_domain_config=CustomDomainConfig(
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

        description = client.describe_user_pool_domain(domain=domain).domain_description
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

        client.delete_user_pool_domain(domain=domain, user_pool_id=pool.id)
        client.delete_user_pool(user_pool_id=pool.id)
        print("cleaned up")


def main() -> None:
    with moto_server() as endpoint_url:
        print(f"moto server on {endpoint_url}")
        run(endpoint_url)


if __name__ == "__main__":
    main()
