"""Run every benchmark and write ``results.{md,json,svg}``: ``python -m benchmarks.run``.

This process imports only the standard library and measures everything in
child processes: the server, the warm clients, each cold start, each
generator run and the pip installs.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

from benchmarks import footprint, report
from benchmarks.contenders import NAMES
from benchmarks.server import running_server

ROOT = Path(__file__).resolve().parent.parent
_PROXY_VARIABLES = {"http_proxy", "https_proxy", "all_proxy", "no_proxy"}


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="tiny counts, for a quick look")
    parser.add_argument("--rounds", type=int, help="warm rounds (default 20; quick 4)")
    parser.add_argument("--calls", type=int, help="calls per contender per round (100; 25)")
    parser.add_argument("--warmup", type=int, help="untimed calls per contender first (300; 25)")
    parser.add_argument("--cold-runs", type=int, help="cold starts per contender (20; 3)")
    parser.add_argument("--codegen-runs", type=int, help="runs of each generation (5; 1)")
    parser.add_argument(
        "--no-footprint", action="store_true", help="skip the venvs and pip (no network needed)"
    )
    parser.add_argument(
        "--venv-cache",
        type=Path,
        default=ROOT / ".nox" / "bench-venvs",
        help="where the footprint venvs are kept between runs",
    )
    parser.add_argument(
        "--out", type=Path, default=ROOT / "benchmarks", help="folder for results.{md,json,svg}"
    )
    args = parser.parse_args(argv)
    defaults = (4, 25, 25, 3, 1) if args.quick else (20, 100, 300, 20, 5)
    for name, default in zip(
        ("rounds", "calls", "warmup", "cold_runs", "codegen_runs"), defaults, strict=True
    ):
        if getattr(args, name) is None:
            setattr(args, name, default)
    return args


def child_environment(scratch: Path) -> dict[str, str]:
    """Our environment without AWS settings or proxies, and with no AWS config files.

    Bytecode caching is on (Python's default) even where the environment turns
    it off, so that every contender runs from bytecode once warmed up, as it
    would in production; the caches go under ``scratch``, for every contender
    alike, and never into the work tree (``check_generated`` diffs it).
    """
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("AWS_")
        and name.lower() not in _PROXY_VARIABLES
        and name != "PYTHONDONTWRITEBYTECODE"
    }
    env["PYTHONPYCACHEPREFIX"] = str(scratch / "pycache")
    env["AWS_CONFIG_FILE"] = str(scratch / "no-aws-config")
    env["AWS_SHARED_CREDENTIALS_FILE"] = str(scratch / "no-aws-credentials")
    return env


def summarize(samples_ns: Sequence[int]) -> dict[str, float]:
    """Median, p99 (nearest rank), min and max in microseconds."""
    ordered = sorted(samples_ns)
    p99_rank = max(0, -(-99 * len(ordered) // 100) - 1)
    return {
        "n": len(ordered),
        "median_us": statistics.median(ordered) / 1000,
        "p99_us": ordered[p99_rank] / 1000,
        "min_us": ordered[0] / 1000,
        "max_us": ordered[-1] / 1000,
    }


def measure_warm(url: str, env: dict[str, str], args: argparse.Namespace) -> dict[str, object]:
    command = [
        sys.executable, "-m", "benchmarks.warm", url,
        "--rounds", str(args.rounds), "--calls", str(args.calls), "--warmup", str(args.warmup),
    ]  # fmt: skip
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    samples: dict[str, list[int]] = json.loads(done.stdout)
    return {name: summarize(samples[name]) for name in NAMES}


def _cold_start(name: str, url: str, env: dict[str, str]) -> tuple[float, int]:
    """Wall seconds from spawn to exit, and the child's peak RSS in KiB."""
    command = [sys.executable, "-m", "benchmarks.coldstart", name, url]
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"cold start of {name} failed:\n{done.stderr}")
    return elapsed, int(done.stdout)


def measure_cold(url: str, env: dict[str, str], runs: int) -> dict[str, object]:
    """Interleaved cold starts; one untimed start each first (bytecode, page cache)."""
    for name in NAMES:
        _cold_start(name, url, env)
    seconds: dict[str, list[float]] = {name: [] for name in NAMES}
    peaks: dict[str, list[int]] = {name: [] for name in NAMES}
    for run in range(runs):
        shift = run % len(NAMES)
        for name in NAMES[shift:] + NAMES[:shift]:
            elapsed, peak = _cold_start(name, url, env)
            seconds[name].append(elapsed)
            peaks[name].append(peak)
    return {
        name: {
            "n": runs,
            "median_ms": statistics.median(seconds[name]) * 1000,
            "min_ms": min(seconds[name]) * 1000,
            "max_ms": max(seconds[name]) * 1000,
            "peak_rss_mib": statistics.median(peaks[name]) / 1024,
            "peak_rss_max_mib": max(peaks[name]) / 1024,
        }
        for name in NAMES
    }


def committed_operations() -> tuple[str, ...]:
    """``OPERATIONS`` of noxfile.py, the operations of the committed client.

    Read from the source, since nox itself is not installed where this runs.
    """
    tree = ast.parse((ROOT / "noxfile.py").read_text())
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == "OPERATIONS" for target in node.targets
        ):
            return tuple(ast.literal_eval(node.value))
    raise LookupError("noxfile.py defines no OPERATIONS")


def measure_codegen(env: dict[str, str], runs: int) -> dict[str, object]:
    """Whole-process wall time of the generator: the committed client, the whole service."""
    variants = {
        "committed": ["--operations", ",".join(committed_operations())],
        "service": [],
    }
    seconds: dict[str, list[float]] = {name: [] for name in variants}
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(runs + 1):  # the first run of each is a warm-up
            for name, extra in variants.items():
                out = Path(tmp) / f"{name}-{run}"
                command = [sys.executable, "-m", "codegen", "--service", "cognito-idp"]
                start = time.perf_counter()
                subprocess.run(
                    [*command, *extra, "--out", str(out)],
                    cwd=ROOT, env=env, check=True, capture_output=True,
                )  # fmt: skip
                if run:
                    seconds[name].append(time.perf_counter() - start)
    return {
        name: {
            "n": runs,
            "median_s": statistics.median(values),
            "min_s": min(values),
            "max_s": max(values),
        }
        for name, values in seconds.items()
    }


def _version(distribution: str) -> str | None:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


def machine() -> dict[str, object]:
    return {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "machine": platform.machine(),
        "cpu_count": os.cpu_count(),
        "packages": {
            name: _version(name)
            for name in ("boto3", "botocore", "requests", "urllib3", "attrs", "aws-requests-auth")
        },
    }


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    """Measure, print the table, write the results; return them."""
    args = _parse_args(argv)
    settings = {
        "quick": args.quick,
        "rounds": args.rounds,
        "calls_per_round": args.calls,
        "warmup_calls": args.warmup,
        "cold_runs": args.cold_runs,
        "codegen_runs": args.codegen_runs,
    }
    with tempfile.TemporaryDirectory() as scratch:
        env = child_environment(Path(scratch))
        print("per-call latency and cold starts against a local server ...", flush=True)
        with running_server(ROOT, env) as url:
            warm = measure_warm(url, env, args)
            cold = measure_cold(url, env, args.cold_runs)
        print("generator ...", flush=True)
        codegen = measure_codegen(env, args.codegen_runs)
    installed = None
    if not args.no_footprint:
        print("install footprint (fresh venvs, cached) ...", flush=True)
        installed = footprint.measure(ROOT, args.venv_cache)
    results = report.build(
        machine=machine(),
        settings=settings,
        warm=warm,
        cold=cold,
        footprint=installed,
        codegen=codegen,
    )
    print(report.table(results))
    report.write(results, args.out)
    print(f"wrote {args.out / 'results.md'}, results.json, results.svg")
    return results


if __name__ == "__main__":
    main()
