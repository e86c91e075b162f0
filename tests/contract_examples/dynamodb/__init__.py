"""Contract tests of the DynamoDB client."""
