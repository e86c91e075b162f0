"""Values in the forms the JSON body needs where they differ from the models' own.

Only models holding a blob or a timestamp in a text format call these (the
generator decides); everything else is written by the JSON encoder as is. The
forms are botocore's ``JSONSerializer``'s.
"""

from __future__ import annotations

import base64
import datetime

__all__ = ["blob", "iso8601", "new_idempotency_token", "rfc822"]


def blob(value: bytes | bytearray | str) -> str:
    """Base64; text is sent as its UTF-8 bytes, as botocore accepts it."""
    data = value.encode("utf-8") if isinstance(value, str) else bytes(value)
    return base64.b64encode(data).decode("ascii")


def _utc(value: datetime.datetime | float) -> datetime.datetime:
    """An aware UTC datetime; a naive one is taken as UTC and a number as epoch seconds."""
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            return value.replace(tzinfo=datetime.UTC)
        return value.astimezone(datetime.UTC)
    return datetime.datetime.fromtimestamp(value, tz=datetime.UTC)


def iso8601(value: datetime.datetime | float) -> str:
    """``2000-01-02T20:34:56Z``, with microseconds when there are any (as botocore)."""
    moment = _utc(value)
    if moment.microsecond:
        return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def rfc822(value: datetime.datetime | float) -> str:
    """``Sun, 02 Jan 2000 20:34:56 GMT``: whole seconds, as the format allows."""
    import email.utils  # noqa: PLC0415 -- only models with such a member need it

    return email.utils.format_datetime(_utc(value).replace(microsecond=0), usegmt=True)


def new_idempotency_token() -> str:
    """A fresh uuid4, as botocore fills an ``idempotencyToken`` member the caller leaves out."""
    import uuid  # noqa: PLC0415 -- only clients with such a member need it

    return str(uuid.uuid4())
