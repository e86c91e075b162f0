"""Run every benchmark and write ``results.{md,json,svg}``: ``python -m benchmarks.run``.

This process imports only the standard library and measures everything in
child processes: the server, the warm clients, each cold start, each
generator run and the pip installs.

A full run (the default counts or more) writes ``benchmarks/results.*``, the
committed results. A quick run (``--quick``, or any count below its default)
writes them into a new temporary folder, printed at the end, unless
``--write`` (into ``benchmarks/``) or ``--out DIR`` says where.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

from benchmarks import footprint, report, sizes, work
from benchmarks.contenders import COLD_NAMES, PACKAGE, WARM_NAMES
from benchmarks.server import running_server

ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = ROOT / "benchmarks"
COMMITTED_PACKAGE = ROOT / "generated" / PACKAGE
COUNTS = ("rounds", "calls", "warmup", "cold_runs", "codegen_runs")
FULL_COUNTS = (20, 100, 300, 20, 5)
QUICK_COUNTS = (4, 25, 25, 3, 1)
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
        "--out",
        type=Path,
        help="folder for results.{md,json,svg} (default: benchmarks/ for a full run or "
        "--write, else a new temporary folder)",
    )
    parser.add_argument(
        "--write",
        action="store_true",
        help="write the committed benchmarks/results.* even from a quick run",
    )
    args = parser.parse_args(argv)
    defaults = QUICK_COUNTS if args.quick else FULL_COUNTS
    for name, default in zip(COUNTS, defaults, strict=True):
        if getattr(args, name) is None:
            setattr(args, name, default)
    args.full = not args.quick and all(
        getattr(args, name) >= full for name, full in zip(COUNTS, FULL_COUNTS, strict=True)
    )
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
    return {name: summarize(samples[name]) for name in WARM_NAMES}


def measure_work(url: str, env: dict[str, str], rounds: int, scratch: Path) -> dict[str, object]:
    """``benchmarks.work`` against a DynamoDB package generated here: medians per contender.

    Times in milliseconds (a page: microseconds), ``threads`` in calls per second.
    """
    out = scratch / "dynamodb"
    command = [sys.executable, "-m", "codegen", "--service", "dynamodb"]
    command += ["--operations", ",".join(work.OPERATIONS), "--out", str(out)]
    subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)
    command = [sys.executable, "-m", "benchmarks.work", url, str(out), "--rounds", str(rounds)]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    samples: dict[str, dict[str, list[float]]] = json.loads(done.stdout)
    scale = {"query_page": 1e6, "batch_write": 1e6, "threads": 1.0, "list_tables_page": 1e3}
    scale |= {f"{workload}_cpu": scale[workload] for workload in work.CPU_TIMED}
    return {
        workload: {
            name: {
                "n": len(values),
                "median": statistics.median(values) / scale[workload],
                "min": min(values) / scale[workload],
                "max": max(values) / scale[workload],
            }
            for name, values in per_contender.items()
        }
        for workload, per_contender in samples.items()
    }


def measure_cold_without_bytecode(
    url: str, env: dict[str, str], runs: int, package_dirs: dict[str, Path], scratch: Path
) -> dict[str, object]:
    """Cold starts of the generated clients with no bytecode for their package.

    As a vendored copy on a read-only file system starts (a Lambda zip without
    ``.pyc``): each package is copied without ``__pycache__`` and run with
    ``PYTHONDONTWRITEBYTECODE``, so every start compiles it again, while the
    dependencies keep the bytecode the other cold starts cached.
    """
    copies: dict[str, Path] = {}
    for name in ("ours", "service"):
        copies[name] = scratch / "no-bytecode" / name
        shutil.copytree(
            package_dirs[name] / PACKAGE,
            copies[name] / PACKAGE,
            ignore=shutil.ignore_patterns("__pycache__"),
        )
    no_bytecode = {**env, "PYTHONDONTWRITEBYTECODE": "1"}
    seconds: dict[str, list[float]] = {name: [] for name in copies}
    for run in range(runs):
        order = list(copies) if run % 2 == 0 else list(reversed(copies))
        for name in order:
            elapsed, _ = _cold_start(name, url, no_bytecode, copies[name])
            seconds[name].append(elapsed)
    return {
        name: {
            "n": runs,
            "median_ms": statistics.median(values) * 1000,
            "min_ms": min(values) * 1000,
            "max_ms": max(values) * 1000,
        }
        for name, values in seconds.items()
    }


def _cold_start(
    name: str, url: str, env: dict[str, str], package_dir: Path | None
) -> tuple[float, int]:
    """Wall seconds from spawn to exit, and the child's peak RSS in KiB."""
    command = [sys.executable, "-m", "benchmarks.coldstart", name, url]
    if package_dir is not None:
        command.append(str(package_dir))
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"cold start of {name} failed:\n{done.stderr}")
    return elapsed, int(done.stdout)


def measure_cold(
    url: str, env: dict[str, str], runs: int, package_dirs: dict[str, Path]
) -> dict[str, object]:
    """Interleaved cold starts; one untimed start each first (bytecode, page cache).

    ``package_dirs`` maps ``ours`` and ``service`` to the folder that holds
    their ``cognito_idp`` package.
    """
    names = COLD_NAMES
    for name in names:
        _cold_start(name, url, env, package_dirs.get(name))
    seconds: dict[str, list[float]] = {name: [] for name in names}
    peaks: dict[str, list[int]] = {name: [] for name in names}
    for run in range(runs):
        shift = run % len(names)
        for name in names[shift:] + names[:shift]:
            elapsed, peak = _cold_start(name, url, env, package_dirs.get(name))
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
        for name in names
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


def generate(out: Path, env: dict[str, str], operations: Sequence[str] = ()) -> Path:
    """``python -m codegen`` with the command line; the folder of the package it wrote."""
    command = [sys.executable, "-m", "codegen", "--service", "cognito-idp"]
    if operations:
        command += ["--operations", ",".join(operations)]
    command += ["--out", str(out), "--with-cli"]
    subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)
    return out


def measure_codegen(env: dict[str, str], runs: int, scratch: Path) -> dict[str, object]:
    """Whole-process wall time of the generator, with the command line (``--with-cli``).

    For the committed client (the operations of ``noxfile.OPERATIONS``) and for
    the whole service. The whole-service package of the last run is left in
    ``scratch/service-<runs>/cognito_idp``.
    """
    variants: dict[str, tuple[str, ...]] = {
        "committed": committed_operations(),
        "service": (),
    }
    seconds: dict[str, list[float]] = {name: [] for name in variants}
    for run in range(runs + 1):  # the first run of each is a warm-up
        for name, operations in variants.items():
            out = scratch / f"{name}-{run}"
            start = time.perf_counter()
            generate(out, env, operations)
            if run:
                seconds[name].append(time.perf_counter() - start)
            if run < runs or name != "service":
                shutil.rmtree(out)
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


def output_folder(args: argparse.Namespace) -> Path:
    """Where to write the results: see the module docstring."""
    if args.out is not None:
        return Path(args.out)
    if args.full or args.write:
        return RESULTS_DIR
    return Path(tempfile.mkdtemp(prefix="bench-results-"))


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    """Measure, print the table, write the results; return them."""
    args = _parse_args(argv)
    settings = {
        "quick": not args.full,
        "rounds": args.rounds,
        "calls_per_round": args.calls,
        "warmup_calls": args.warmup,
        "cold_runs": args.cold_runs,
        "codegen_runs": args.codegen_runs,
    }
    started = time.perf_counter()
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        env = child_environment(scratch)
        print("generator (committed operations and the whole service, with the CLI) ...")
        codegen = measure_codegen(env, args.codegen_runs, scratch / "generated")
        service_dir = scratch / "generated" / f"service-{args.codegen_runs}"
        package_sizes = {
            "committed": sizes.package_size(COMMITTED_PACKAGE),
            "service": sizes.package_size(service_dir / PACKAGE),
        }
        print("per-call latency and cold starts against a local server ...", flush=True)
        package_dirs = {"ours": COMMITTED_PACKAGE.parent, "service": service_dir}
        with running_server(ROOT, env) as url:
            warm = measure_warm(url, env, args)
            cold = measure_cold(url, env, args.cold_runs, package_dirs)
            print("cold starts without bytecode ...", flush=True)
            cold_no_bytecode = measure_cold_without_bytecode(
                url, env, args.cold_runs, package_dirs, scratch
            )
            print("the work growing: big pages, big requests, threads, pages ...", flush=True)
            work_figures = measure_work(url, env, args.rounds, scratch)
    installed = None
    if not args.no_footprint:
        print("install footprint (fresh venvs, cached) ...", flush=True)
        installed = footprint.measure(ROOT, args.venv_cache)
    settings["seconds"] = round(time.perf_counter() - started, 1)
    # The machine may be shared: its load says how far to trust the absolute figures
    # (the ratios, measured side by side, suffer less).
    settings["load_average"] = {
        "start": [round(value, 2) for value in load_before],
        "end": [round(value, 2) for value in os.getloadavg()],
    }
    results = report.build(
        machine=machine(),
        settings=settings,
        warm=warm,
        cold=cold,
        cold_no_bytecode=cold_no_bytecode,
        work=work_figures,
        footprint=installed,
        codegen=codegen,
        sizes=package_sizes,
    )
    print(report.table(results))
    out = output_folder(args)
    report.write(results, out)
    note = "" if out.resolve() == RESULTS_DIR.resolve() else " (not the committed results)"
    print(f"wrote {out / 'results.md'}, results.json, results.svg{note}")
    return results


if __name__ == "__main__":
    main()
