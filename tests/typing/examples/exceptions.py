"""Exceptions: typed classes on the client and in errors, with typed details; unknown names fail."""

from typing import reveal_type

from cognito_idp import CognitoIdentityProviderClient, errors

client = CognitoIdentityProviderClient(region="us-east-1")
try:
    client.update_user_pool_domain(domain="auth.example.com", user_pool_id="us-east-1_Ab12Cd34E")
except client.exceptions.InvalidParameterException as error:
    reveal_type(error.reason_code)
    reveal_type(error.status_code)
except errors.CognitoIdentityProviderError as error:
    reveal_type(error.code)
except errors.SdkError as error:
    reveal_type(error)

try:
    client.update_user_pool_domain(domain="auth.example.com", user_pool_id="us-east-1_Ab12Cd34E")
except client.exceptions.UserNotFoundException:
    pass
except errors.ResourceNotFoundException as error:
    print(error.reason_code)
