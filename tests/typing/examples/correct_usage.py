"""Right usage: no error from either checker; reveal_type shows what users get."""

from typing import cast, reveal_type

from cognito_idp import CognitoIdentityProviderClient, CustomDomainConfig, Failover, Routing
from cognito_idp.literals import SecurityPolicyTypeType

with CognitoIdentityProviderClient(region="us-east-1") as client:
    response = client.update_user_pool_domain(
        domain="auth.example.com",
        user_pool_id="us-east-1_Ab12Cd34E",
        managed_login_version=2,
        custom_domain_config=CustomDomainConfig(
            certificate_arn="arn:aws:acm:us-east-1:123456789012:certificate/abc",
            security_policy="TLS_V1_2_2021",
        ),
        routing=Routing(
            failover=Failover(secondary_region="us-west-2", primary_route53_health_check_id="hc-1")
        ),
    )
    reveal_type(response)
    reveal_type(response.cloud_front_domain)
    reveal_type(response.routing)
    reveal_type(response.to_dict())
    reveal_type(response.to_dict().get("CloudFrontDomain"))

    policy: SecurityPolicyTypeType = "TLS_V1_3_2025"
    reveal_type(CustomDomainConfig(certificate_arn="arn", security_policy=policy).security_policy)

    # A value the service added after the package was generated: the documented escape hatch.
    newer = CustomDomainConfig(
        certificate_arn="arn", security_policy=cast(SecurityPolicyTypeType, "TLS_V1_4_2027")
    )
