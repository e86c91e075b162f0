"""Contract tests of the Cognito Identity Provider client."""
