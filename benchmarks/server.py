"""A minimal, fast awsJson server: UpdateUserPoolDomain, and the DynamoDB calls of the work bench.

It runs in its own process (``python -m benchmarks.server``) so that it never
competes with the client under test for the GIL: the measured process has one
core, the server the other. Each connection is served by a plain blocking
thread with HTTP/1.1 keep-alive; only one contender talks to it at a time, so
this costs a few microseconds per request and the server is not the
bottleneck. The parent reads the port from the first line of stdout, and the
server exits when its stdin closes.

DynamoDB's Query, GetItem, BatchWriteItem and ListTables get the answers of
``benchmarks.pages``; a ListTables with ``ExclusiveStartTableName`` gets the
last page. Sixteen threads of the work bench talk to it at once, each on its
own connection.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path

from benchmarks import pages

RESPONSE_BODY = b'{"CloudFrontDomain": "d111111abcdef8.cloudfront.net"}'
EXPECTED_TARGET = b"x-amz-target: awscognitoidentityproviderservice.updateuserpooldomain"
REQUEST_ID = "d5c3b1a0-6a4e-4c8b-9f2e-0123456789ab"

_MAX_HEAD = 64 * 1024


def _response(status: str, body: bytes) -> bytes:
    head = (
        f"HTTP/1.1 {status}\r\n"
        f"x-amzn-RequestId: {REQUEST_ID}\r\n"
        "Content-Type: application/x-amz-json-1.1\r\n"
        f"Content-Length: {len(body)}\r\n"
        "\r\n"
    )
    return head.encode("ascii") + body


def _dynamodb(body: bytes) -> bytes:
    return _response("200 OK", body).replace(b"x-amz-json-1.1", b"x-amz-json-1.0")


OK = _response("200 OK", RESPONSE_BODY)
_DYNAMODB = b"x-amz-target: dynamodb_20120810."
DYNAMODB_ANSWERS = {
    b"query": _dynamodb(pages.query_page()),
    b"getitem": _dynamodb(pages.GET_ITEM),
    b"batchwriteitem": _dynamodb(pages.BATCH_WRITE),
}
LIST_TABLES_FIRST = _dynamodb(pages.list_tables_page(first=True))
LIST_TABLES_LAST = _dynamodb(pages.list_tables_page(first=False))
# Anything but UpdateUserPoolDomain gets a modeled error, so a contender that
# sends the wrong request fails loudly instead of being timed.
WRONG_OPERATION = _response(
    "400 Bad Request",
    b'{"__type":"InvalidParameterException","message":"benchmark server: unexpected request"}',
)


def _content_length(head: bytes) -> int:
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip() == b"content-length":
            return int(value)
    return 0


def _answer(head: bytes, body: bytes) -> bytes:
    if not head.startswith(b"post "):
        return WRONG_OPERATION
    if EXPECTED_TARGET in head:
        return OK
    start = head.find(_DYNAMODB)
    if start < 0:
        return WRONG_OPERATION
    operation = head[start + len(_DYNAMODB) :].split(b"\r\n", 1)[0].strip()
    if operation == b"listtables":
        return LIST_TABLES_LAST if b"ExclusiveStartTableName" in body else LIST_TABLES_FIRST
    return DYNAMODB_ANSWERS.get(operation, WRONG_OPERATION)


def serve_connection(conn: socket.socket) -> None:
    """Answer requests on one keep-alive connection until the peer closes it."""
    conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    buffer = b""
    with conn:
        while True:
            end = buffer.find(b"\r\n\r\n")
            while end < 0:
                chunk = conn.recv(65536)
                if not chunk or len(buffer) > _MAX_HEAD:
                    return
                buffer += chunk
                end = buffer.find(b"\r\n\r\n")
            head = buffer[:end].lower()
            needed = end + 4 + _content_length(head)
            while len(buffer) < needed:
                chunk = conn.recv(65536)
                if not chunk:
                    return
                buffer += chunk
            conn.sendall(_answer(head, buffer[end + 4 : needed]))
            buffer = buffer[needed:]


def serve(listener: socket.socket) -> None:
    """Accept connections forever, one daemon thread each."""
    while True:
        conn, _ = listener.accept()
        threading.Thread(target=serve_connection, args=(conn,), daemon=True).start()


def main() -> None:
    listener = socket.create_server(("127.0.0.1", 0), backlog=128)
    threading.Thread(target=serve, args=(listener,), daemon=True).start()
    print(listener.getsockname()[1], flush=True)
    sys.stdin.read()  # returns when the parent closes our stdin (or exits)
    os._exit(0)  # without waiting for connection threads


@contextlib.contextmanager
def running_server(root: Path, env: Mapping[str, str] | None = None) -> Iterator[str]:
    """Start the server in a child process; yield its base URL; stop it."""
    process = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.server"],
        cwd=root,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stdin is not None
    try:
        port = int(process.stdout.readline())
        yield f"http://127.0.0.1:{port}"
    finally:
        process.stdin.close()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


if __name__ == "__main__":
    main()
