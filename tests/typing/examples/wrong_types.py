"""Wrong types: a string for a number, a boto3-style dict for a model, None for a required value."""

from cognito_idp import CognitoIdentityProviderClient, Failover

client = CognitoIdentityProviderClient(region="us-east-1", max_attempts="5")
client.update_user_pool_domain(
    domain="auth.example.com", user_pool_id="us-east-1_Ab12Cd34E", managed_login_version="2"
)
client.update_user_pool_domain(
    domain="auth.example.com",
    user_pool_id="us-east-1_Ab12Cd34E",
    custom_domain_config={"CertificateArn": "arn"},
)
client.update_user_pool_domain(domain=None, user_pool_id="us-east-1_Ab12Cd34E")
Failover(secondary_region=["us-west-2"], primary_route53_health_check_id="hc-1")
