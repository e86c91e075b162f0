"""A scripted local HTTP server for tests: 127.0.0.1, a free port, stopped on exit."""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import attrs


@attrs.frozen
class Reply:
    status: int = 200
    body: bytes = b"{}"
    headers: dict[str, str] = attrs.field(factory=dict)

    @classmethod
    def json(cls, status: int, payload: object, **headers: str) -> Reply:
        return cls(status, json.dumps(payload).encode(), {"Content-Type": "application/x-amz-json-1.1", **headers})

    @classmethod
    def error(cls, status: int, code: str, message: str, request_id: str = "req-1") -> Reply:
        """An error in the awsJson 1.1 wire format, as AWS sends it."""
        return cls.json(
            status,
            {"__type": code, "message": message},
            **{"x-amzn-ErrorType": f"{code}:", "x-amzn-RequestId": request_id},
        )


@attrs.frozen
class Received:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


Responder = Callable[[Received], Reply]


@attrs.define
class ScriptedServer:
    """Answers each request with the next scripted reply (the last one repeats)."""

    url: str
    received: list[Received]
    script: list[Reply | Responder]

    def next_reply(self, request: Received) -> Reply:
        index = min(len(self.received) - 1, len(self.script) - 1)
        step = self.script[index]
        return step if isinstance(step, Reply) else step(request)


@contextlib.contextmanager
def scripted_server(*script: Reply | Responder) -> Iterator[ScriptedServer]:
    state = ScriptedServer(url="", received=[], script=list(script) or [Reply()])
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            request = Received(self.command, self.path, dict(self.headers.items()), self.rfile.read(length))
            with lock:
                state.received.append(request)
                reply = state.next_reply(request)
            self.send_response(reply.status)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            self.wfile.write(reply.body)

        def log_message(self, format: str, *args: object) -> None:
            """Keep test output quiet."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
