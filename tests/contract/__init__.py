"""Contract tests for UpdateUserPoolDomain, replayed from recorded cassettes."""
