"""Contract tests of the Secrets Manager client."""
