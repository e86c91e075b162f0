"""Contract tests of the DynamoDB client (GetItem, PutItem, Query)."""
