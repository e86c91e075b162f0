"""codegen/runtime/_refresh.py: temporary credentials refresh as botocore's RefreshableCredentials.

Each timeline (time left before expiry, whether the refresh succeeds) is run
through botocore's ``RefreshableCredentials`` and ours with the same clock:
both must refresh or not, keep or replace the credentials, or raise, alike.
"""

from __future__ import annotations

import datetime
import logging
import threading
import time

import botocore.credentials
import pytest

from codegen.runtime._credentials import Credentials
from codegen.runtime._exceptions import CredentialRetrievalError
from codegen.runtime._refresh import Expiring, RefreshableCredentials, parse_expiration

NOW = 1_800_000_000.0
OLD = Credentials("AKIDOLD", "old-secret", "old-token")
NEW = Credentials("AKIDNEW", "new-secret", "new-token")


class RefreshFailedError(Exception):
    pass


def ours(seconds_left: float, *, succeeds: bool) -> tuple[str, int]:
    """What ours return (or raise) ``seconds_left`` before expiry, and how often they fetched."""
    calls: list[int] = []

    def fetch() -> Expiring:
        calls.append(1)
        if len(calls) > 1 and not succeeds:
            raise RefreshFailedError
        if len(calls) == 1:
            return Expiring(OLD, NOW + seconds_left)
        return Expiring(NEW, NOW + 3600)

    credentials = RefreshableCredentials(fetch, "test", clock=lambda: NOW)
    credentials._current = fetch()
    try:
        outcome = credentials().access_key_id
    except RefreshFailedError:
        outcome = "raised"
    return outcome, len(calls) - 1


def botocores(seconds_left: float, *, succeeds: bool) -> tuple[str, int]:
    calls: list[int] = []
    now = datetime.datetime.fromtimestamp(NOW, datetime.UTC)

    def refresh() -> dict[str, str]:
        calls.append(1)
        if not succeeds:
            raise RefreshFailedError
        expiry = now + datetime.timedelta(seconds=3600)
        return {
            "access_key": NEW.access_key_id,
            "secret_key": NEW.secret_access_key,
            "token": "new-token",
            "expiry_time": expiry.isoformat(),
        }

    credentials = botocore.credentials.RefreshableCredentials(
        OLD.access_key_id,
        OLD.secret_access_key,
        OLD.session_token,
        now + datetime.timedelta(seconds=seconds_left),
        refresh,
        "test",
        time_fetcher=lambda: now,
    )
    try:
        outcome = credentials.get_frozen_credentials().access_key
    except RefreshFailedError:
        outcome = "raised"
    return outcome, len(calls)


@pytest.mark.parametrize("succeeds", [True, False], ids=["refresh-ok", "refresh-fails"])
@pytest.mark.parametrize(
    "seconds_left",
    [3600, 15 * 60 + 1, 14 * 60, 10 * 60 + 1, 9 * 60, 0, -60],
    ids=["fresh", "just-outside-advisory", "advisory", "end-of-advisory", "mandatory",
         "expiring", "expired"],
)  # fmt: skip
def test_refresh_windows_match_botocore(seconds_left: float, *, succeeds: bool) -> None:
    assert ours(seconds_left, succeeds=succeeds) == botocores(seconds_left, succeeds=succeeds)


def test_failed_advisory_refresh_logs_a_warning_without_secrets(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING)
    ours(14 * 60, succeeds=False)
    assert "advisory window" in caplog.text
    assert "old-secret" not in caplog.text
    assert "old-token" not in caplog.text


def test_first_fetch_failure_raises() -> None:
    def fetch() -> Expiring:
        raise RefreshFailedError

    with pytest.raises(RefreshFailedError):
        RefreshableCredentials(fetch, "test")()


def test_refreshed_credentials_already_expired_are_an_error() -> None:
    credentials = RefreshableCredentials(lambda: Expiring(NEW, NOW - 1), "test", clock=lambda: NOW)
    with pytest.raises(CredentialRetrievalError, match="already expired"):
        credentials()


def test_credentials_without_expiry_are_fetched_once() -> None:
    calls: list[int] = []

    def fetch() -> Expiring:
        calls.append(1)
        return Expiring(NEW, None)

    credentials = RefreshableCredentials(fetch, "test")
    assert credentials() is credentials() is NEW
    assert len(calls) == 1


def test_one_mandatory_refresh_at_a_time_and_every_thread_waits_for_it() -> None:
    clock = [NOW]
    calls: list[int] = []
    release = threading.Event()

    def fetch() -> Expiring:
        calls.append(1)
        if len(calls) > 1:
            release.wait(timeout=5)
        return Expiring(NEW if len(calls) > 1 else OLD, clock[0] + 3600)

    credentials = RefreshableCredentials(fetch, "test", clock=lambda: clock[0])
    credentials()
    clock[0] += 3600 - 60  # a minute left: mandatory
    results: list[Credentials] = []
    threads = [threading.Thread(target=lambda: results.append(credentials())) for _ in range(8)]
    for thread in threads:
        thread.start()
    time.sleep(0.05)
    release.set()
    for thread in threads:
        thread.join(timeout=5)
    assert results == [NEW] * 8
    assert len(calls) == 2


def test_advisory_refresh_does_not_block_other_threads() -> None:
    clock = [NOW]
    calls: list[int] = []
    refreshing = threading.Event()
    release = threading.Event()

    def fetch() -> Expiring:
        calls.append(1)
        if len(calls) > 1:
            refreshing.set()
            release.wait(timeout=5)
        return Expiring(NEW if len(calls) > 1 else OLD, clock[0] + 3600)

    credentials = RefreshableCredentials(fetch, "test", clock=lambda: clock[0])
    credentials()
    clock[0] += 3600 - 12 * 60  # twelve minutes left: advisory
    refresher = threading.Thread(target=credentials)
    refresher.start()
    assert refreshing.wait(timeout=5)
    assert credentials() is OLD  # not blocked by the refresh in progress
    release.set()
    refresher.join(timeout=5)
    assert credentials() is NEW
    assert len(calls) == 2


@pytest.mark.parametrize(
    "text",
    ["2026-11-29T22:00:00Z", "2026-11-29T22:00:00.000Z", "2026-11-29T23:00:00+01:00"],
)
def test_expiration_formats(text: str) -> None:
    assert (
        parse_expiration(text, "test")
        == datetime.datetime(2026, 11, 29, 22, tzinfo=datetime.UTC).timestamp()
    )


def test_unreadable_expiration_is_an_error_without_the_value() -> None:
    with pytest.raises(CredentialRetrievalError, match="not an ISO 8601 time") as caught:
        parse_expiration("secret-looking-garbage", "test")
    assert "garbage" not in str(caught.value)
