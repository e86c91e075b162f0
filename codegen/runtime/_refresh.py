"""Temporary credentials that refresh themselves, as botocore's ``RefreshableCredentials``.

Fifteen minutes before they expire (the advisory window) one thread fetches new
ones while the others go on with the current ones; if that fails, the current
ones stay in use and a warning is logged. Ten minutes before (the mandatory
window) every thread waits for the refresh, and a failure is raised. Imported
only when a source gives credentials that expire.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime

import attrs

from ._credential_types import Credentials
from ._exceptions import CredentialRetrievalError

__all__ = [
    "ADVISORY_REFRESH_SECONDS",
    "MANDATORY_REFRESH_SECONDS",
    "Expiring",
    "RefreshableCredentials",
    "parse_expiration",
]

_LOG = logging.getLogger(__name__)

ADVISORY_REFRESH_SECONDS = 15 * 60
MANDATORY_REFRESH_SECONDS = 10 * 60


@attrs.frozen
class Expiring:
    """Credentials and when they expire (seconds since the epoch; None: never)."""

    credentials: Credentials
    expires_at: float | None


def parse_expiration(text: str, method: str) -> float:
    """An ISO 8601 time (``2026-11-29T22:00:00Z``) as seconds since the epoch.

    A time without an offset is UTC; ``2099-01-01T00:00:00UTC``, the form
    botocore's ``JSONFileCache`` writes (``%Z``), is read too.
    """
    try:
        text = text.strip()
        if text.endswith("UTC"):
            text = text.removesuffix("UTC") + "+00:00"
        moment = datetime.fromisoformat(text)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return moment.timestamp()
    except (ValueError, AttributeError, OverflowError):
        raise CredentialRetrievalError(
            "The credentials' expiration time is not an ISO 8601 time.", method=method
        ) from None


class RefreshableCredentials:
    """Calls ``fetch`` at the first use (unless given ``initial`` credentials) and
    again when the credentials near expiry.

    ``method`` is botocore's name for the source. Safe to call from several
    threads: one refresh at a time.
    """

    def __init__(
        self,
        fetch: Callable[[], Expiring],
        method: str,
        *,
        initial: Expiring | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._fetch = fetch
        self.method = method
        self._clock = clock
        self._current = initial
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"RefreshableCredentials(method={self.method!r})"

    def __call__(self) -> Credentials:
        current = self._current
        if current is not None and not self._expires_within(current, ADVISORY_REFRESH_SECONDS):
            return current.credentials
        return self._refresh()

    @property
    def expires_at(self) -> float | None:
        """When the current credentials expire (None before the first fetch, or never)."""
        current = self._current
        return None if current is None else current.expires_at

    def _expires_within(self, current: Expiring, seconds: float) -> bool:
        return current.expires_at is not None and current.expires_at - self._clock() < seconds

    def _refresh(self) -> Credentials:
        if self._lock.acquire(blocking=False):
            try:
                current = self._current
                if current is not None and not self._expires_within(
                    current, ADVISORY_REFRESH_SECONDS
                ):
                    return current.credentials  # another thread just refreshed
                mandatory = current is None or self._expires_within(
                    current, MANDATORY_REFRESH_SECONDS
                )
                return self._protected_refresh(mandatory=mandatory)
            finally:
                self._lock.release()
        current = self._current
        if current is not None and not self._expires_within(current, MANDATORY_REFRESH_SECONDS):
            return current.credentials  # advisory: another thread is refreshing
        with self._lock:
            current = self._current
            if current is not None and not self._expires_within(current, MANDATORY_REFRESH_SECONDS):
                return current.credentials
            return self._protected_refresh(mandatory=True)

    def _protected_refresh(self, *, mandatory: bool) -> Credentials:
        # Called with the lock held.
        current = self._current
        try:
            fresh = self._fetch()
        except Exception:
            if mandatory or current is None:
                raise
            _LOG.warning(
                "Refreshing the temporary credentials (%s) failed in the advisory window; "
                "the current ones stay in use until the mandatory window.",
                self.method,
                exc_info=True,
            )
            return current.credentials
        if fresh.expires_at is not None and fresh.expires_at <= self._clock():
            raise CredentialRetrievalError(
                "The credentials were refreshed, but the new ones are already expired.",
                method=self.method,
            )
        self._current = fresh
        return fresh.credentials
