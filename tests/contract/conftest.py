"""Contract tests run offline: only 127.0.0.1 is reachable, everything else is refused."""

from __future__ import annotations

import socket
from collections.abc import Callable
from typing import Any

import pytest

LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})


class NetworkBlockedError(OSError):
    """A contract test tried to reach something other than 127.0.0.1."""


def _guard_getaddrinfo(original: Callable[..., Any]) -> Callable[..., Any]:
    def getaddrinfo(host: object, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else host
        if name not in LOOPBACK:
            raise NetworkBlockedError(f"network blocked in contract tests: lookup of {name!r}")
        return original(host, *args, **kwargs)

    return getaddrinfo


def _guard_connect(original: Callable[..., Any]) -> Callable[..., Any]:
    def connect(self: socket.socket, address: Any) -> Any:
        if self.family in (socket.AF_INET, socket.AF_INET6) and address[0] not in LOOPBACK:
            raise NetworkBlockedError(f"network blocked in contract tests: connect to {address!r}")
        return original(self, address)

    return connect


@pytest.fixture(autouse=True)
def _network_blocked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(socket, "getaddrinfo", _guard_getaddrinfo(socket.getaddrinfo))
    monkeypatch.setattr(socket.socket, "connect", _guard_connect(socket.socket.connect))
