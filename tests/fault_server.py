"""A local fault server: answers as AWS (or a proxy in front of it) does when things go wrong.

moto's server cannot be made to answer most of the errors the model documents
(it never throttles, has no feature tiers, no internal errors) nor what a load
balancer sends when the service behind it is down. These replies script those
answers, for :func:`tests.servers.scripted_server` to serve on 127.0.0.1.

Service errors use the awsJson 1.1 error wire format: the HTTP status AWS uses
(400 for client errors, 500 for ``InternalErrorException``), the
``x-amzn-ErrorType`` and ``x-amzn-RequestId`` headers and a
``{"__type": ..., "message": ...}`` body.
"""

from __future__ import annotations

from .servers import Reply, ScriptedServer, scripted_server

__all__ = [
    "ScriptedServer",
    "aws_error",
    "aws_success",
    "fault_server",
    "html_page",
    "status_for",
]

SERVER_ERRORS = frozenset({"InternalErrorException"})

# What a load balancer answers when no healthy target is behind it.
BAD_GATEWAY_PAGE = (
    "<html>\r\n"
    "<head><title>502 Bad Gateway</title></head>\r\n"
    "<body>\r\n"
    "<center><h1>502 Bad Gateway</h1></center>\r\n"
    "</body>\r\n"
    "</html>\r\n"
)

# What a CDN answers when the origin is unavailable: a doctype first, upper case.
SERVICE_UNAVAILABLE_PAGE = (
    '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN" '
    '"http://www.w3.org/TR/html4/loose.dtd">\n'
    '<HTML><HEAD><META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=iso-8859-1">\n'
    "<TITLE>ERROR: The request could not be satisfied</TITLE>\n"
    "</HEAD><BODY>\n"
    "<H1>503 ERROR</H1>\n"
    "<H2>The request could not be satisfied.</H2>\n"
    "</BODY></HTML>\n"
)

fault_server = scripted_server
"""Serve the replies in order (the last one repeats); the scripted server under its role's name."""


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


def html_page(status: int, page: str) -> Reply:
    """A non-JSON page, as a proxy or load balancer in front of the service answers."""
    return Reply(status, page.encode(), {"Content-Type": "text/html"})
