"""The local HTTP server of the tests: 127.0.0.1, a free port, stopped on exit.

Every test that needs a server uses :func:`scripted_server`: a list of replies,
or a :data:`Responder` that computes the reply from the request (the fake of
the credential endpoints in ``tests/runtime/credential_fakes.py`` is one).
:func:`unused_port` is a port nothing listens on, for refused connections.

Besides well-formed answers, a :class:`Reply` can misbehave the ways a network
or a proxy does: answer late (``delay``), declare more body than it sends
(``declared_length``), send raw bytes that are not HTTP (``raw``), stream the
body in chunks without a length (``chunked``), and then close the connection
(``then="close"``) or reset it (``then="reset"``), if need be after a pause
(``delay_after``; with ``declared_length``, a stall in the middle of the body).
``tls=`` serves HTTPS with a given certificate (see :func:`self_signed_certificate`).
"""

from __future__ import annotations

import contextlib
import datetime
import ipaddress
import json
import socket
import ssl
import struct
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Literal

import attrs

After = Literal["keep", "close", "reset"]


@attrs.frozen
class Reply:
    status: int = 200
    body: bytes = b"{}"
    headers: dict[str, str] = attrs.field(factory=dict)
    delay: float = 0.0
    """Seconds to wait before answering (cut short when the server stops)."""
    declared_length: int | None = None
    """The Content-Length to send, when it should differ from the body's length."""
    raw: bytes | None = None
    """Bytes written to the socket as they are, instead of an HTTP response."""
    chunked: bool = False
    """Send the body with ``Transfer-Encoding: chunked`` (no Content-Length)."""
    then: After = "keep"
    """After answering: keep the connection, close it (FIN) or reset it (RST)."""
    delay_after: float = 0.0
    """Seconds to wait after answering, before ``then`` (cut short when the server stops)."""

    @classmethod
    def json(cls, status: int, payload: object, **headers: str) -> Reply:
        return cls(
            status,
            json.dumps(payload).encode(),
            {"Content-Type": "application/x-amz-json-1.1", **headers},
        )

    @classmethod
    def error(cls, status: int, code: str, message: str, request_id: str = "req-1") -> Reply:
        """An error in the awsJson 1.1 wire format, as AWS sends it."""
        return cls.json(
            status,
            {"__type": code, "message": message},
            **{"x-amzn-ErrorType": f"{code}:", "x-amzn-RequestId": request_id},
        )

    @classmethod
    def raw_bytes(cls, data: bytes, then: After = "close") -> Reply:
        """Answer with ``data`` as is (not necessarily HTTP), then close or reset."""
        return cls(raw=data, then=then)


@attrs.frozen
class Received:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    client_port: int = 0
    """The client's source port: one per TCP connection."""


Responder = Callable[[Received], Reply]


@attrs.define
class ScriptedServer:
    """Answers each request with the next scripted reply (the last one repeats).

    ``count`` counts every request; ``received`` records them unless the
    server was started with ``record=False`` (for long runs).
    """

    url: str
    received: list[Received]
    script: list[Reply | Responder]
    record: bool = True
    count: int = 0
    stopping: threading.Event = attrs.field(factory=threading.Event)

    def next_reply(self, request: Received) -> Reply:
        index = min(self.count - 1, len(self.script) - 1)
        step = self.script[index]
        return step if isinstance(step, Reply) else step(request)


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True
    # socketserver's default backlog of 5 resets connections when many
    # client threads connect at once.
    request_queue_size = 128

    def handle_error(self, request: object, client_address: object) -> None:
        """Clients hanging up on a slow or broken answer are expected: stay quiet."""


@contextlib.contextmanager
def scripted_server(
    *script: Reply | Responder,
    record: bool = True,
    tls: tuple[Path, Path] | None = None,
) -> Iterator[ScriptedServer]:
    """Serve ``script`` on 127.0.0.1; ``tls`` is ``(certificate, key)`` files for HTTPS."""
    state = ScriptedServer(url="", received=[], script=list(script) or [Reply()], record=record)
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # no delayed-ACK stalls between writes

        def do_POST(self) -> None:
            self._handle()

        def do_GET(self) -> None:
            self._handle()

        def do_PUT(self) -> None:
            self._handle()

        def _handle(self) -> None:
            """Any method: the request is recorded and answered the same way."""
            length = int(self.headers.get("Content-Length", "0"))
            request = Received(
                self.command,
                self.path,
                dict(self.headers.items()),
                self.rfile.read(length),
                client_port=self.client_address[1],
            )
            with lock:
                state.count += 1
                if state.record:
                    state.received.append(request)
                reply = state.next_reply(request)
            if reply.delay:
                state.stopping.wait(reply.delay)
            if reply.raw is not None:
                self.wfile.write(reply.raw)
            else:
                self._answer(reply)
            if reply.delay_after:
                state.stopping.wait(reply.delay_after)
            if reply.then == "reset":
                self._reset()
            elif reply.then == "close":
                self.close_connection = True

        def _answer(self, reply: Reply) -> None:
            self.send_response(reply.status)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            if reply.chunked:
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                step = 64 * 1024
                for start in range(0, len(reply.body), step):
                    chunk = reply.body[start : start + step]
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                self.wfile.write(b"0\r\n\r\n")
                return
            length = len(reply.body) if reply.declared_length is None else reply.declared_length
            self.send_header("Content-Length", str(length))
            self.end_headers()
            self.wfile.write(reply.body)

        def _reset(self) -> None:
            """Close with an RST (linger 0) rather than a FIN."""
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.rfile.close()  # drop makefile()'s reference so close() really closes
            self.connection.close()
            self.close_connection = True

        def log_message(self, format: str, *args: object) -> None:
            """Keep test output quiet."""

    server = _QuietServer(("127.0.0.1", 0), Handler)
    scheme = "http"
    if tls is not None:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(*tls)
        server.socket = context.wrap_socket(server.socket, server_side=True)
        scheme = "https"
    state.url = f"{scheme}://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
    )
    thread.start()
    try:
        yield state
    finally:
        state.stopping.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def unused_port() -> int:
    """A port on 127.0.0.1 that nothing listens on: connecting to it is refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def self_signed_certificate(directory: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 that no CA vouches for, and its key, as PEM files."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(hours=1))
        .not_valid_after(now + datetime.timedelta(hours=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.IPv4Address("127.0.0.1"))]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path
