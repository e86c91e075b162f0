"""``--debug``: everything logged at DEBUG to stderr, with secrets and sensitive members hidden.

What botocore's debug log shows: the parameters, the canonical request and
the string to sign (logged by ``_signing``), each request's and response's
headers and body. Signatures, security tokens and the secret key are removed
from every record; bodies and parameters are logged with the members the
schema marks sensitive replaced by ``***``.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
from collections.abc import Generator, Mapping
from typing import TYPE_CHECKING, Any, TextIO, cast

import requests

from .._schema import ListOf, MapOf, Schema, Structure
from .._transport import MAX_RESPONSE_BYTES

if TYPE_CHECKING:
    from ._table import ClientT, Command

LOG = logging.getLogger(__name__)

_SECRET_HEADERS = re.compile(
    r"(?i)((?:authorization|x-amz-security-token)['\"]?\s*[:=]\s*['\"]?)[^'\"\r\n,}]*"
)
_SIGNATURE = re.compile(r"(?i)(signature=)[0-9a-f]+")
_SECRET_VARIABLES = ("AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN")


class _RedactSecrets(logging.Filter):
    """Hides signatures, security tokens and the secret key from every debug record."""

    def __init__(self) -> None:
        super().__init__()
        self._secrets = [v for name in _SECRET_VARIABLES if (v := os.environ.get(name))]

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = self._redact(record.getMessage()), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self._redact(record.exc_text)
        return True

    def _redact(self, text: str) -> str:
        text = _SECRET_HEADERS.sub(r"\1<redacted>", text)
        text = _SIGNATURE.sub(r"\1<redacted>", text)
        for secret in self._secrets:
            text = text.replace(secret, "<redacted>")
        return text


@contextlib.contextmanager
def debug_logging(stream: TextIO) -> Generator[None, None, None]:
    """Log everything at DEBUG to ``stream``, secrets redacted, for the duration."""
    handler = logging.StreamHandler(stream)
    handler.setFormatter(
        logging.Formatter("%(asctime)s - %(threadName)s - %(name)s - %(levelname)s - %(message)s")
    )
    handler.addFilter(_RedactSecrets())
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


def redacted(value: object, schema: Schema) -> object:
    """``value`` with the members the model marks sensitive hidden, for the debug log."""
    if isinstance(schema, Structure) and isinstance(value, dict):
        members = cast("dict[str, object]", value)
        hidden: dict[str, object] = {}
        for key, item in members.items():
            m = schema.by_wire_name.get(key)
            hidden[key] = item if m is None else "***" if m.sensitive else redacted(item, m.target)
        return hidden
    if isinstance(schema, ListOf) and isinstance(value, list):
        return [redacted(item, schema.item) for item in cast("list[object]", value)]
    if isinstance(schema, MapOf) and isinstance(value, dict):
        entries = cast("dict[str, object]", value)
        return {k: redacted(v, schema.value) for k, v in entries.items()}
    return value


_REDACTED_HEADERS = {"authorization", "x-amz-security-token"}


class DebugSession(requests.Session):
    """A session that logs every request and response of ``command``, secrets redacted.

    Logs once per attempt, retries included, as botocore does. A response
    body is read for the log only when its declared length is within the
    client's limit; the transport then reads it from memory.
    """

    def __init__(self, command: Command[ClientT]) -> None:
        super().__init__()
        self._input = command.input
        self._output = command.output

    def send(  # pyright: ignore[reportIncompatibleMethodOverride]
        self, request: requests.PreparedRequest, **kwargs: Any
    ) -> requests.Response:
        LOG.debug(
            "Sending http request: %s %s\nheaders=%s\nbody=%s",
            request.method,
            request.url,
            _headers(request.headers),
            _body(request.body, self._input),
        )
        response = super().send(request, **kwargs)
        LOG.debug(
            "Response status: %s\nResponse headers: %s",
            response.status_code,
            _headers(response.headers),
        )
        declared = response.headers.get("Content-Length", "")
        if declared.isdecimal() and int(declared) <= MAX_RESPONSE_BYTES:
            schema = self._output if response.status_code < 301 else None
            LOG.debug("Response body:\n%s", _body(response.content, schema))
        else:
            LOG.debug("Response body: not shown (no Content-Length, or too large)")
        return response


def _headers(headers: Mapping[str, str | bytes]) -> dict[str, str]:
    shown: dict[str, str] = {}
    for name, value in headers.items():
        text = value.decode("latin-1") if isinstance(value, bytes) else value
        if name.lower() in _REDACTED_HEADERS:
            # The credential scope says which key signed; the signature is secret.
            text = (
                text.split("Signature=")[0] + "Signature=<redacted>"
                if "Signature=" in text
                else "<redacted>"
            )
        shown[name] = text
    return shown


def _body(body: object, schema: Structure | None) -> str:
    if not body:
        return ""
    raw = body.decode("utf-8", "replace") if isinstance(body, bytes) else str(body)
    if schema is None:
        return raw
    try:
        value = cast(object, json.loads(raw))
    except ValueError:
        return raw
    return json.dumps(redacted(value, schema), ensure_ascii=False)
