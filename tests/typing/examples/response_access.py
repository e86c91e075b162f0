"""Responses: optional members must be checked for None, names are checked, models are frozen."""

from cognito_idp import CognitoIdentityProviderClient

client = CognitoIdentityProviderClient(region="us-east-1")
response = client.update_user_pool_domain(
    domain="auth.example.com", user_pool_id="us-east-1_Ab12Cd34E"
)
domain_name: str = response.cloud_front_domain
print(response.cloudfront_domain)
response.managed_login_version = 3
print(response.to_dict()["CloudFrontDomainName"])
if response.routing is not None and response.routing.failover is not None:
    region: str = response.routing.failover.secondary_region
