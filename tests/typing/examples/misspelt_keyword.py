"""A misspelt keyword argument is named, with the right spelling suggested."""

from cognito_idp import CognitoIdentityProviderClient, CustomDomainConfig

client = CognitoIdentityProviderClient(region="us-east-1")
client.update_user_pool_domain(domain="auth.example.com", user_pool_ids="us-east-1_Ab12Cd34E")
client.update_user_pool_domain(
    domain="auth.example.com", user_pool_id="us-east-1_Ab12Cd34E", managed_login_verison=2
)
CustomDomainConfig(certificate_arn="arn", securty_policy="TLS_V1")
CognitoIdentityProviderClient(regoin="us-east-1")
