"""Contract tests of the SQS client (DeleteMessage, ReceiveMessage, SendMessage)."""
