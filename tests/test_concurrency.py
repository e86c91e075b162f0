"""One client shared by many threads, and a client carried across ``os.fork()``.

The local server checks every request's SigV4 signature with botocore's signer
and echoes a marker taken from the request body, so each thread can tell
whether the response it got is the one it asked for.
"""

from __future__ import annotations

import hmac
import json
import logging
import os
import re
import threading
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import attrs
import botocore.auth
import pytest
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials as BotocoreCredentials

from generated.cognito_idp import CognitoIdentityProviderClient, Credentials
from generated.cognito_idp.errors import ConfigurationError

from .servers import Received, Reply, scripted_server

REGION = "eu-west-1"
ACCESS_KEY = "AKIDCONCURRENCY00001"
SECRET = "concurrency/secret/key/for/tests/only/0123"
TOKEN = "concurrency-session-token"
THREADS = 16
CALLS = 2000

LINUX_PROC = Path("/proc/self/fd").is_dir() and Path("/proc/net/tcp").is_file()

_AUTHORIZATION = re.compile(
    r"AWS4-HMAC-SHA256 Credential=(?P<key_id>[^/]+)/(?P<scope>\S+), "
    r"SignedHeaders=(?P<signed>[a-z0-9;-]+), Signature=(?P<signature>[0-9a-f]{64})"
)


def signature_verifies(received: Received) -> bool:
    """Recompute the signature as the service would, from the request as it arrived."""
    headers = {name.lower(): value for name, value in received.headers.items()}
    match = _AUTHORIZATION.fullmatch(headers.get("authorization", ""))
    if match is None or match["key_id"] != ACCESS_KEY:
        return False
    signed = match["signed"].split(";")
    if not {"host", "x-amz-date", "x-amz-target", "x-amz-security-token"} <= set(signed):
        return False
    arrived = AWSRequest(
        method=received.method,
        url=f"http://{headers['host']}{received.path}",
        headers={name: headers[name] for name in signed},
        data=received.body,
    )
    arrived.context["timestamp"] = headers["x-amz-date"]
    signer = botocore.auth.SigV4Auth(
        BotocoreCredentials(ACCESS_KEY, SECRET, TOKEN), "cognito-idp", REGION
    )
    expected = signer.signature(
        signer.string_to_sign(arrived, signer.canonical_request(arrived)), arrived
    )
    return hmac.compare_digest(expected, match["signature"])


class EchoingVerifier:
    """The server's responder: verify the signature, echo the request's marker."""

    def __init__(self) -> None:
        self.bad_signatures = 0

    def __call__(self, received: Received) -> Reply:
        if not signature_verifies(received):
            self.bad_signatures += 1
            return Reply.error(403, "InvalidSignatureException", "signature mismatch")
        body = json.loads(received.body)
        operation = received.headers["X-Amz-Target"].rsplit(".", 1)[1]
        if operation != "UpdateUserPoolDomain":
            return Reply.error(400, "UnknownOperationException", operation)
        return Reply.json(200, {"CloudFrontDomain": f"{body['Domain']} {body['UserPoolId']}"})


def make_client(url: str) -> CognitoIdentityProviderClient:
    return CognitoIdentityProviderClient(
        region=REGION,
        credentials=Credentials(ACCESS_KEY, SECRET, TOKEN),
        endpoint_url=url,
        timeout=(2.0, 5.0),
        max_attempts=1,  # a failure must show, not be retried away
    )


def call_once(client: CognitoIdentityProviderClient, thread: int, index: int) -> bool:
    """One call with a marker unique to (thread, index); True if the answer echoes it.

    Odd calls carry the marker in the domain, even calls in the user pool id.
    """
    if index % 2:
        domain, pool_id = f"t{thread}-c{index}", f"{REGION}_pool"
    else:
        domain, pool_id = "auth.example.com", f"{REGION}_t{thread}c{index}"
    updated = client.update_user_pool_domain(domain=domain, user_pool_id=pool_id)
    return updated.cloud_front_domain == f"{domain} {pool_id}"


def run_threads(work: Callable[[int], None]) -> None:
    threads = [threading.Thread(target=work, args=(t,)) for t in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


def client_sockets_to(port: int) -> int:
    """This process's TCP sockets connected to ``port`` on 127.0.0.1: the client's end."""
    inodes: set[str] = set()
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:  # closed meanwhile
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    count = 0
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        remote_port = int(fields[2].rsplit(":", 1)[1], 16)
        if remote_port == port and fields[9] in inodes:
            count += 1
    return count


def wait_until(condition: Callable[[], bool], timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


@pytest.mark.skipif(not LINUX_PROC, reason="counts sockets through /proc (Linux)")
def test_one_client_shared_by_16_threads_answers_each_thread_without_leaks() -> None:
    verifier = EchoingVerifier()
    with scripted_server(verifier, record=False) as server:
        port = int(server.url.rsplit(":", 1)[1])
        fds_before = open_fds()
        client = make_client(server.url)
        mismatches: list[str] = []
        failures: list[BaseException] = []

        def phase(first: int, last: int) -> Callable[[int], None]:
            def work(thread: int) -> None:
                for index in range(first + thread, last, THREADS):
                    try:
                        if not call_once(client, thread, index):
                            mismatches.append(f"thread {thread} call {index}")
                    except Exception as exc:  # reported below, with the others
                        failures.append(exc)

            return work

        tracemalloc.start()
        try:
            start = tracemalloc.get_traced_memory()[0]
            run_threads(phase(0, CALLS // 2))
            after_first_half = tracemalloc.get_traced_memory()[0]
            pooled_mid_run = client_sockets_to(port)
            run_threads(phase(CALLS // 2, CALLS))
            after_second_half = tracemalloc.get_traced_memory()[0]
        finally:
            tracemalloc.stop()
        client.close()
        client_sockets_after_close = client_sockets_to(port)
        # The server's ends close once its handler threads see the client hang up.
        settled = wait_until(lambda: open_fds() <= fds_before)
        fds_after = open_fds()

    assert failures == []
    assert mismatches == []
    assert verifier.bad_signatures == 0
    assert server.count == CALLS
    assert 0 < pooled_mid_run <= THREADS
    assert client_sockets_after_close == 0
    assert settled, f"{fds_after - fds_before} file descriptors left open"
    first, second = after_first_half - start, after_second_half - after_first_half
    # Flat: the second half keeps no more than a sliver of what the first half
    # (which also filled the connection pool and the caches) kept.
    assert second < max(first / 4, 256 * 1024), f"first half +{first} B, second half +{second} B"


POOL_FULL = "Connection pool is full"


def pool_discards(max_pool_connections: int, caplog: pytest.LogCaptureFixture) -> int:
    """urllib3's "pool is full" warnings while ``THREADS`` threads call at once, 4 calls each.

    Every answer waits 50 ms, so that all the threads have a call in flight together.
    """
    slow = attrs.evolve(Reply.json(200, {"CloudFrontDomain": "d.example.net"}), delay=0.05)
    with scripted_server(slow, record=False) as server:
        client = CognitoIdentityProviderClient(
            region=REGION,
            credentials=Credentials(ACCESS_KEY, SECRET, TOKEN),
            endpoint_url=server.url,
            max_attempts=1,
            max_pool_connections=max_pool_connections,
        )
        ready = threading.Barrier(THREADS)
        failures: list[BaseException] = []

        def work(thread: int) -> None:
            ready.wait()
            try:
                for _ in range(4):
                    client.update_user_pool_domain(domain="auth.example.com", user_pool_id="p")
            except Exception as exc:  # reported below
                failures.append(exc)

        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="urllib3.connectionpool"):
            run_threads(work)
        client.close()
    assert failures == []
    assert server.count == THREADS * 4
    return sum(POOL_FULL in record.getMessage() for record in caplog.records)


def test_16_threads_discard_no_connection_with_max_pool_connections_16(
    caplog: pytest.LogCaptureFixture,
) -> None:
    assert pool_discards(THREADS, caplog) == 0
    # The same load on a pool of 4 does discard: the warning is the one watched for.
    assert pool_discards(4, caplog) > 0


@pytest.mark.parametrize("value", [0, -1, True, 2.5, "16"])
def test_max_pool_connections_must_be_a_whole_number_of_one_or_more(value: object) -> None:
    with pytest.raises(ConfigurationError, match="max_pool_connections"):
        CognitoIdentityProviderClient(
            region=REGION,
            credentials=Credentials(ACCESS_KEY, SECRET),
            max_pool_connections=value,  # type: ignore[arg-type]
        )


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_forked_child_opens_its_own_connection_and_leaves_the_parents_alone() -> None:
    with scripted_server(EchoingVerifier()) as server:
        client = make_client(server.url)
        assert call_once(client, 0, 1)  # the parent now has a pooled connection
        pid = os.fork()
        if pid == 0:  # the child: report through the exit status only
            code = 3
            try:
                code = 0 if call_once(client, 1, 1) else 2
            finally:
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(status) == 0
        assert call_once(client, 0, 3)  # the parent's pooled connection still works
        client.close()
    parent_first, child, parent_again = (r.client_port for r in server.received)
    assert child != parent_first  # the child did not write into the parent's socket
    assert parent_again == parent_first  # and did not disturb it


def test_close_then_reuse_opens_a_new_connection() -> None:
    with scripted_server(EchoingVerifier()) as server:
        client = make_client(server.url)
        assert call_once(client, 0, 1)
        client.close()
        assert call_once(client, 0, 3)
        client.close()
    first, second = (r.client_port for r in server.received)
    assert first != second
