"""Contract tests of the SQS client."""
