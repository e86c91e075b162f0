"""Contract tests run offline (only 127.0.0.1); a drifted cassette is reported once."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from . import _contract as contract
from .suite import SUITE


@pytest.fixture(autouse=True)
def _network_blocked() -> Iterator[None]:
    with contract.network_blocked():
        yield


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Skip the tests of a cassette that no longer holds against the model.

    They point at the one drift report (``test_cassettes_hold_against_the_model``)
    instead of failing one by one with tracebacks.
    """
    drifted = contract.drift(SUITE)
    for item in items:
        callspec = getattr(item, "callspec", None)
        cassette = callspec.params.get("cassette") if callspec else None
        if isinstance(cassette, contract.Cassette) and cassette.id in drifted:
            reason = "the cassette drifted: see test_cassettes_hold_against_the_model"
            item.add_marker(pytest.mark.skip(reason=reason))
