"""A required argument left out, and positional arguments (every argument is keyword-only)."""

from cognito_idp import CognitoIdentityProviderClient, CustomDomainConfig

client = CognitoIdentityProviderClient(region="us-east-1")
client.update_user_pool_domain(domain="auth.example.com")
client.update_user_pool_domain("auth.example.com", "us-east-1_Ab12Cd34E")
CustomDomainConfig()
