"""Where the generated client's time goes: ``python -m benchmarks.hotspots``.

Two breakdowns, printed as Markdown:

* **per call** — each stage of a warm UpdateUserPoolDomain call timed on its
  own, without a profiler's overhead: building the request model,
  validation, ``to_dict`` + ``json.dumps``, building the
  ``PreparedRequest``, SigV4 signing, ``HTTPAdapter.send``, response
  JSON decoding and ``parse``. ``HTTPAdapter.send`` is split further by timing
  the same request one layer down each time — urllib3's ``urlopen``, then
  ``http.client``, then a raw socket round trip to the server — so each
  layer's cost is the difference to the one below. The glue rows compare the
  real ``Transport.send`` and the real client call with their stages run back
  to back: what remains is our own code between the stages.
* **import** — ``python -X importtime -c "import generated.cognito_idp"``
  self times, summed per top-level package, plus the time to construct the
  client and make the first call, in a fresh process.

Every stage runs against the benchmark server (``benchmarks.server``).
"""

from __future__ import annotations

import argparse
import http.client
import json
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import requests
import urllib3

from benchmarks import contenders as c
from benchmarks.run import ROOT, child_environment
from benchmarks.server import running_server
from generated.cognito_idp import (
    CognitoIdentityProviderClient,
    Credentials,
    _parse,
    _transport,
    models,
)
from generated.cognito_idp._validate import Validator

Stage = Callable[[], object]


def _interleaved_us(stages: dict[str, Stage], calls: int, repeats: int) -> dict[str, float]:
    """Per stage, the median over ``repeats`` blocks of the mean time of ``calls`` runs.

    The blocks of all stages take turns, so that a slow spell of the machine
    hits every stage alike.
    """
    clock = time.perf_counter_ns
    blocks: dict[str, list[float]] = {name: [] for name in stages}
    for _ in range(repeats):
        for name, stage in stages.items():
            start = clock()
            for _ in range(calls):
                stage()
            blocks[name].append((clock() - start) / calls / 1000)
    return {name: statistics.median(values) for name, values in blocks.items()}


def _raw_round_trip(url: str, request: bytes) -> Stage:
    """One request/response on a raw keep-alive socket: the server and the kernel."""
    host, port = url.removeprefix("http://").split(":")
    sock = socket.create_connection((host, int(port)))
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def stage() -> object:
        sock.sendall(request)
        received = b""
        while not received.endswith(b"}"):
            received += sock.recv(65536)
        return received

    return stage


def per_call(url: str, calls: int, repeats: int) -> list[tuple[str, float]]:
    """Microseconds per stage of one warm call, innermost layers last.

    The network layers are timed on separate connections to the same server;
    the glue rows compare the real call with the same stages run back to back.
    """
    client = CognitoIdentityProviderClient(
        region=c.REGION,
        endpoint_url=url,
        credentials=Credentials(c.ACCESS_KEY_ID, c.SECRET_ACCESS_KEY),
    )

    def whole() -> object:
        return client.update_user_pool_domain(
            domain=c.DOMAIN,
            user_pool_id=c.USER_POOL_ID,
            custom_domain_config=models.CustomDomainConfig(certificate_arn=c.CERTIFICATE_ARN),
        )

    def build_request() -> models.UpdateUserPoolDomainRequest:
        return models.UpdateUserPoolDomainRequest(
            domain=c.DOMAIN,
            user_pool_id=c.USER_POOL_ID,
            custom_domain_config=models.CustomDomainConfig(certificate_arn=c.CERTIFICATE_ARN),
        )

    # The stages below reach into the client's internals on purpose.
    core = client._core
    route = core._destination("UpdateUserPoolDomain", build_request().to_wire(), signed=True)
    transport = core._transport
    wire = transport._settings_for(route.url)
    session = transport._session
    target = "AWSCognitoIdentityProviderService.UpdateUserPoolDomain"

    def build() -> models.UpdateUserPoolDomainRequest:
        return models.UpdateUserPoolDomainRequest(
            domain=c.DOMAIN,
            user_pool_id=c.USER_POOL_ID,
            custom_domain_config=models.CustomDomainConfig(certificate_arn=c.CERTIFICATE_ARN),
        )

    request_model = build()

    def validate() -> object:
        validator = Validator()
        validator.check(request_model)
        return validator.problems

    def encode() -> bytes:
        return json.dumps(
            request_model.to_dict(), separators=(",", ":"), default=_parse.encode_wire_value
        ).encode()

    body = encode()

    def prepare() -> requests.PreparedRequest:
        return transport._prepare(wire.url, target, body, None)

    def sign() -> requests.PreparedRequest:
        return route.auth(prepare())

    def session_send() -> bytes | None:
        # A freshly signed request, sent and read as the transport does with
        # its own session: straight to the adapter, the body within the limit.
        response = session.get_adapter(wire.url).send(
            sign(),
            timeout=(10.0, 60.0),
            verify=wire.verify,
            proxies=wire.proxies,
            cert=wire.cert,
            stream=True,
        )
        try:
            return _transport._read_body(response, _transport.MAX_RESPONSE_BYTES)
        finally:
            response.close()

    headers = dict(sign().headers)
    host, port = url.removeprefix("http://").split(":")
    pool = urllib3.HTTPConnectionPool(host, int(port), maxsize=1)

    def urllib3_send() -> bytes:
        return pool.urlopen("POST", "/", body=body, headers=headers, retries=False).data

    connection = http.client.HTTPConnection(host, int(port))

    def http_client_send() -> bytes:
        connection.request("POST", "/", body, headers)
        return connection.getresponse().read()

    raw_request = (
        "POST / HTTP/1.1\r\n"
        + "".join(f"{name}: {value}\r\n" for name, value in headers.items())
        + "\r\n"
    ).encode() + body
    raw = _raw_round_trip(url, raw_request)
    content = http_client_send()

    def decode() -> object:
        return json.loads(content)

    data = decode()

    def parse() -> object:
        return models.UpdateUserPoolDomainResponse.parse(data, "UpdateUserPoolDomainResponse")

    def transport_send() -> object:
        return transport.send(route.url, "UpdateUserPoolDomain", body, route.auth)

    def transport_parts() -> object:
        received = session_send()
        return json.loads(received or b"")

    def client_parts() -> object:
        built = build()
        Validator().check(built)
        payload = json.dumps(
            built.to_dict(), separators=(",", ":"), default=_parse.encode_wire_value
        ).encode()
        answer = transport.send(route.url, "UpdateUserPoolDomain", payload, route.auth)
        return models.UpdateUserPoolDomainResponse.parse(answer, "UpdateUserPoolDomainResponse")

    stages: dict[str, Stage] = {
        "whole": whole,
        "client parts": client_parts,
        "transport.send": transport_send,
        "transport parts": transport_parts,
        "build": build,
        "validate": validate,
        "encode": encode,
        "prepare": prepare,
        "sign": sign,
        "session": session_send,
        "urllib3": urllib3_send,
        "http.client": http_client_send,
        "raw": raw,
        "decode": decode,
        "parse": parse,
    }
    for stage in stages.values():  # warm every path first
        for _ in range(50):
            stage()
    t = _interleaved_us(stages, calls, repeats)
    rows = [
        ("build request model (attrs __init__)", t["build"]),
        ("validation (Validator.check)", t["validate"]),
        ("to_dict + json.dumps + encode", t["encode"]),
        ("PreparedRequest + headers + cookies (transport._prepare)", t["prepare"]),
        ("SigV4 signing (SigV4Auth.__call__)", t["sign"] - t["prepare"]),
        ("requests: HTTPAdapter.send + Response",
         t["session"] - t["sign"] - t["urllib3"]),
        ("urllib3: urlopen + HTTPResponse", t["urllib3"] - t["http.client"]),
        ("http.client: request + getresponse + read", t["http.client"] - t["raw"]),
        ("server + kernel: raw socket round trip", t["raw"]),
        ("response JSON decoding (json.loads)", t["decode"]),
        ("response Response.parse (from_dict)", t["parse"]),
        ("glue: Transport.send/_attempt (retry loop, status checks)",
         t["transport.send"] - t["transport parts"]),
        ("glue: client method + ClientCore.invoke", t["whole"] - t["client parts"]),
    ]  # fmt: skip
    rows.append(("sum of the rows", sum(value for _, value in rows)))
    rows.append(("whole call, measured", t["whole"]))
    return rows


_IMPORT_LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \| (\s*)(\S+)")
_FIRST_CALL = """
import time
t0 = time.perf_counter()
import generated.cognito_idp as g
t1 = time.perf_counter()
client = g.CognitoIdentityProviderClient(
    region="us-east-1", endpoint_url={url!r}, credentials=g.Credentials("AKID", "secret"))
t2 = time.perf_counter()
client.update_user_pool_domain(domain="auth.example.com", user_pool_id="us-east-1_Ab12Cd34E")
t3 = time.perf_counter()
client.update_user_pool_domain(domain="auth.example.com", user_pool_id="us-east-1_Ab12Cd34E")
t4 = time.perf_counter()
print(t1 - t0, t2 - t1, t3 - t2, t4 - t3)
"""


def _group(module: str) -> str:
    if module.startswith("generated.cognito_idp."):
        return module
    top = module.split(".", maxsplit=1)[0]
    return {"attr": "attrs", "generated": "generated.cognito_idp"}.get(top, top)


def imports(
    url: str, runs: int, env: dict[str, str]
) -> tuple[list[tuple[str, float]], list[tuple[str, float]]]:
    """Median self time (ms) per package of importing the client, and the first-call phases."""
    per_group: dict[str, list[float]] = {}
    phases: list[list[float]] = []
    for _ in range(runs + 1):  # the first run writes bytecode and is not counted
        done = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", "import generated.cognito_idp"],
            cwd=ROOT, env=env, capture_output=True, text=True, check=True,
        )  # fmt: skip
        totals: dict[str, float] = {}
        for match in _IMPORT_LINE.finditer(done.stderr):
            group = _group(match.group(4))
            totals[group] = totals.get(group, 0.0) + int(match.group(1)) / 1000
        for group, value in totals.items():
            per_group.setdefault(group, []).append(value)
        timed = subprocess.run(
            [sys.executable, "-c", _FIRST_CALL.format(url=url)],
            cwd=ROOT, env=env, capture_output=True, text=True, check=True,
        )  # fmt: skip
        phases.append([float(x) * 1000 for x in timed.stdout.split()])
    groups = sorted(
        ((name, statistics.median(values[1:] or values)) for name, values in per_group.items()),
        key=lambda item: -item[1],
    )
    names = ("import generated.cognito_idp", "construct the client", "first call", "second call")
    first = [(name, statistics.median(p[i] for p in phases[1:])) for i, name in enumerate(names)]
    return groups, first


def _table(title: str, unit: str, rows: list[tuple[str, float]], top: int | None = None) -> str:
    shown = rows[:top] if top else rows
    lines = [f"| {title} | {unit} |", "| --- | ---: |"]
    lines += [f"| {name} | {value:.1f} |" for name, value in shown]
    if top and len(rows) > top:
        rest = sum(value for _, value in rows[top:])
        lines.append(f"| everything else ({len(rows) - top} packages) | {rest:.1f} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.hotspots", description=__doc__)
    parser.add_argument("--calls", type=int, default=500, help="calls per timed block")
    parser.add_argument("--repeats", type=int, default=7, help="timed blocks per stage")
    parser.add_argument("--import-runs", type=int, default=7, help="fresh processes")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        env = child_environment(Path(scratch))
        with running_server(ROOT, env) as url:
            stages = per_call(url, args.calls, args.repeats)
            groups, first = imports(url, args.import_runs, env)
    total_import = sum(value for _, value in groups)
    print(_table("per-call stage (warm client)", "µs", stages))
    print()
    print(_table(f"import self time by package (total {total_import:.0f} ms)", "ms", groups, 15))
    print()
    print(_table("cold process phase", "ms", first))


if __name__ == "__main__":
    main()
