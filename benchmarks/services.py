"""Per-service figures for every pinned awsJson service: the README's "Services" table.

``python -m benchmarks.services [SERVICE ...]`` generates each whole service into a
temporary folder and prints a Markdown table:

- operations: generated, and left out (event streams);
- generation: wall seconds of ``python -m codegen`` (a fresh process, ruff included);
- import: milliseconds to import the package and its client module in a fresh process;
- cold start: milliseconds from spawning a process to the end of its first call (import,
  client, one operation without required input answered by a local server), median of 3;
  the first row gives a process that only imports the dependencies, for scale.

A service the generator cannot build yet shows the reason instead of figures.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from codegen.ir import ModelError, Package, build_package
from codegen.load import load_spec

ROOT = Path(__file__).resolve().parent.parent
SPECS = ROOT / "specs"
REPEAT = 3

IMPORT = """
import time
start = time.perf_counter()
import {package}.client
print((time.perf_counter() - start) * 1000)
"""
DEPENDENCIES = "import requests, attrs"
COLD = """
import {package}
client = {package}.{client}(
    region="us-east-1",
    credentials={package}.Credentials("AKIDEXAMPLE", "secret"),
    endpoint_url="{url}",
)
try:
    client.{method}()
except {package}.errors.ServiceError:
    pass  # the answer arrived: the cold start is over
except {package}.errors.ResponseParseError:
    pass  # {{}} lacks a member the output requires: the answer arrived all the same
"""


class _EmptyAnswer(BaseHTTPRequestHandler):
    """Answers every POST with ``{}``: a valid response of an output without required members."""

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(200)
        self.send_header("Content-Type", "application/x-amz-json-1.1")
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, format: str, *args: object) -> None:
        return


def _run(code: str, cwd: Path) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, check=True
    )
    return (time.perf_counter() - start) * 1000, done.stdout


def _row(service: str, out: Path, url: str) -> str:
    spec = load_spec(SPECS, service)
    protocol = f"awsJson {spec.model['metadata']['jsonVersion']}"
    try:
        package = build_package(spec)
    except ModelError as exc:
        return f"| {service} | {protocol} | {len(spec.model['operations'])} | not yet: {exc} | | |"
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "codegen", "--service", service, "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        check=True,
    )
    generation = time.perf_counter() - start
    imports = [float(_run(IMPORT.format(package=package.package), out)[1]) for _ in range(REPEAT)]
    call = next((op for op in package.operations if not op.input.required_members), None)
    if call is None:
        cold_text = "n/a (every operation has required input)"
    else:
        cold_text = f"{_cold_start(package, call.method_name, out, url):.0f} ms"
    operations = f"{len(package.operations)}"
    if package.left_out:
        operations += f" (+{len(package.left_out)} left out)"
    return (
        f"| {service} | {protocol} | {operations} | {generation:.2f} s "
        f"| {statistics.median(imports):.0f} ms | {cold_text} |"
    )


def _cold_start(package: Package, method: str, out: Path, url: str) -> float:
    """Median milliseconds from spawn to exit of a process making one call."""
    code = COLD.format(package=package.package, client=package.client_name, url=url, method=method)
    return statistics.median(_run(code, out)[0] for _ in range(REPEAT))


def main(argv: list[str]) -> None:
    services = argv or sorted(p.parent.name for p in SPECS.glob("*/PROVENANCE.json"))
    server = ThreadingHTTPServer(("127.0.0.1", 0), _EmptyAnswer)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    print("| service | protocol | operations | generation | import | cold start |")
    print("|---|---|---|---|---|---|")
    floor = statistics.median(_run(DEPENDENCIES, ROOT)[0] for _ in range(REPEAT))
    print(f"| *(dependencies alone: `import requests, attrs`)* | | | | | {floor:.0f} ms |")
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for service in services:
                print(_row(service, Path(tmp), url), flush=True)
    finally:
        server.shutdown()


if __name__ == "__main__":
    main(sys.argv[1:])
