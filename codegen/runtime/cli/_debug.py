"""``--debug``: everything logged at DEBUG to stderr, with secrets and sensitive members hidden.

Signatures, security tokens and the secret key are removed from every
record; the parameters of the call are logged with the members the schema
marks sensitive replaced by ``***``.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
from collections.abc import Generator
from typing import TextIO, cast

from .._schema import ListOf, MapOf, Schema, Structure

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
