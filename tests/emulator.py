"""moto's server as the embedded AWS emulator: 127.0.0.1, a free port, stopped on exit."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator

# Fake credentials for the emulator; moto accepts any.
FAKE_ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE"
FAKE_SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
REGION = "us-east-1"


@contextlib.contextmanager
def moto_server() -> Iterator[str]:
    """Run moto's server in a daemon thread and yield its endpoint URL."""
    from moto.server import ThreadedMotoServer

    # werkzeug logs every request at INFO; keep the demo's output readable.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()
