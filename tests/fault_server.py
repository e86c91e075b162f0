"""Scripted AWS answers: what Cognito sends, for the tests that serve them themselves.

The generated contract suites synthesize their faults from the model
(``codegen/contract/cases.py``); these replies are for the hand-written tests
that check signing and properties against a local :func:`tests.servers.scripted_server`.

Service errors use the awsJson 1.1 error wire format: the HTTP status AWS uses
(400 for client errors, 500 for ``InternalErrorException``), the
``x-amzn-ErrorType`` and ``x-amzn-RequestId`` headers and a
``{"__type": ..., "message": ...}`` body.
"""

from __future__ import annotations

from .servers import Reply

__all__ = ["aws_error", "aws_success", "status_for"]

SERVER_ERRORS = frozenset({"InternalErrorException"})


def status_for(code: str) -> int:
    """The HTTP status AWS sends an error code with."""
    return 500 if code in SERVER_ERRORS else 400


def aws_error(code: str, message: str, request_id: str, **extra_fields: str) -> Reply:
    """A service error as Cognito sends it; ``extra_fields`` are modeled members."""
    body = {"__type": code, "message": message, **extra_fields}
    return Reply.json(
        status_for(code),
        body,
        **{"x-amzn-ErrorType": f"{code}:", "x-amzn-RequestId": request_id},
    )


def aws_success(payload: dict[str, object], request_id: str) -> Reply:
    """A 200 answer with a JSON object, as Cognito sends it."""
    return Reply.json(200, payload, **{"x-amzn-RequestId": request_id})
