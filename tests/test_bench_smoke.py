"""Smoke test of the benchmarks (`nox -s bench`): tiny counts, no pip, no network.

The real run is `nox -s bench`; this only checks that every part of it runs
and that the results carry the figures docs/BENCHMARKS.md describes. The
floor's hand-written SigV4 is also checked against botocore's signer, since
a floor that signed differently would not be doing the same work.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import botocore.auth
import pytest
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials as BotocoreCredentials

from benchmarks import run, sizes
from benchmarks.floor import FloorClient

FIGURES = {"per_call_median", "per_call_p99", "cold_start", "peak_rss", "footprint"}
WARM = ("ours", "boto3", "deps", "floor")
COLD = ("ours", "service", "boto3", "deps", "floor")
VERDICTS = {"met", "NOT met", "not measured"}


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], Path]:
    out = tmp_path_factory.mktemp("bench")
    results = run.main(
        [
            "--rounds", "1", "--calls", "5", "--warmup", "2",
            "--cold-runs", "2", "--codegen-runs", "1",
            "--no-footprint", "--out", str(out),
        ]
    )  # fmt: skip
    return results, out


def test_tiny_run_measures_every_contender(tiny_run: tuple[dict[str, Any], Path]) -> None:
    results, _ = tiny_run
    figures = {figure["key"]: figure for figure in results["figures"]}
    assert set(figures) == FIGURES
    for key in ("per_call_median", "per_call_p99"):
        values = figures[key]["values"]
        assert all(values[name] > 0 for name in WARM), key
        assert values["service"] is None  # the whole-service client has cold starts only
    for key in ("cold_start", "peak_rss"):
        values = figures[key]["values"]
        assert all(values[name] > 0 for name in COLD), key
        assert figures[key]["ratio_to_deps"] > 0
        assert figures[key]["ratio_to_boto3"]["ours"] > 0
    assert all(value is None for value in figures["footprint"]["values"].values())  # no pip
    assert results["raw"]["warm"]["deps"]["n"] == 5
    assert results["raw"]["cold"]["service"]["n"] == 2
    assert results["generator"]["service_s"] > results["generator"]["committed_s"] > 0
    assert results["settings"]["quick"] is True  # counts below the defaults
    assert results["machine"]["cpu_count"]


def test_tiny_run_measures_vendored_sizes(tiny_run: tuple[dict[str, Any], Path]) -> None:
    results, _ = tiny_run
    committed, service = results["sizes"]["committed"], results["sizes"]["service"]
    for size in (committed, service):
        for part in ("total", "no_cli", "cli"):
            assert size[part]["bytes"] > 0 and size[part]["lines"] > 0, part
        for unit in ("files", "bytes", "lines"):
            assert size["total"][unit] == size["no_cli"][unit] + size["cli"][unit]
    assert committed["total"] == sizes.package_size(run.COMMITTED_PACKAGE)["total"]
    assert service["no_cli"]["bytes"] > committed["no_cli"]["bytes"]


def test_tiny_run_measures_the_work_growing_against_boto3(
    tiny_run: tuple[dict[str, Any], Path],
) -> None:
    results, out = tiny_run
    work = results["work"]
    timed = {"query_page", "batch_write", "list_tables_page"}
    assert set(work) == {"threads", *timed, *(f"{workload}_cpu" for workload in timed)}
    for workload, figures in work.items():
        assert {"ours", "boto3"} <= set(figures), workload
        assert all(figures[name]["median"] > 0 and figures[name]["n"] >= 1 for name in figures)
    targets = {target["key"]: target for target in results["targets"]}
    page = work["query_page"]
    assert targets["query_page_vs_boto3"]["measured"] == (
        page["ours"]["median"] / page["boto3"]["median"]
    )
    assert targets["threads_vs_boto3"]["at_least"] is True
    cpu = work["query_page_cpu"]
    assert targets["query_page_cpu_vs_boto3"]["measured"] == (
        cpu["ours"]["median"] / cpu["boto3"]["median"]
    )
    no_bytecode = results["cold_no_bytecode"]
    assert no_bytecode["ours"]["n"] == no_bytecode["service"]["n"] == 2
    assert targets["service_cold_start_no_bytecode"]["measured"] == (
        no_bytecode["service"]["median_ms"] / no_bytecode["ours"]["median_ms"]
    )
    markdown = (out / "results.md").read_text()
    assert "## The work growing" in markdown and "## Cold start without bytecode" in markdown
    assert "compileall" in markdown and "Load average" in markdown


def test_every_target_has_a_number_and_a_verdict(tiny_run: tuple[dict[str, Any], Path]) -> None:
    results, out = tiny_run
    targets = {target["key"]: target for target in results["targets"]}
    assert {
        "cold_start_vs_deps", "peak_rss_vs_deps", "service_cold_start", "service_peak_rss",
        "per_call_vs_boto3", "vendored_no_cli", "generate_service",
    } <= set(targets)  # fmt: skip
    for key, target in targets.items():
        if key == "footprint_vs_boto3":  # skipped: no pip here
            assert target["measured"] is None and target["met"] is None
            continue
        assert isinstance(target["measured"], float), key
        if key == "threads_vs_boto3":  # throughput: more is better
            assert target["met"] is (target["measured"] >= target["limit"]), key
        else:
            assert target["met"] is (target["measured"] <= target["limit"]), key
    cold = {f["key"]: f for f in results["figures"]}["cold_start"]["values"]
    assert targets["cold_start_vs_deps"]["measured"] == cold["ours"] / cold["deps"]

    written = json.loads((out / "results.json").read_text())
    assert written["targets"] == json.loads(json.dumps(results["targets"]))
    markdown = (out / "results.md").read_text()
    section = markdown.split("## Targets", 1)[1].split("## Figures", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ")][2:]
    assert len(rows) == len(targets)
    for row in rows:
        _, label, measured, limit, verdict, source, _ = (cell.strip() for cell in row.split("|"))
        assert label and limit.startswith(("≤", "≥")) and source in {"issue", "earlier"}
        assert verdict in VERDICTS
        assert verdict == "not measured" or any(ch.isdigit() for ch in measured), row
    assert "Quick run" in markdown and "results.svg" in markdown
    svg = (out / "results.svg").read_text()
    assert svg.startswith("<svg") and "boto3 = 1.0" in svg


@pytest.mark.parametrize(
    ("argv", "committed"),
    [
        ([], True),
        (["--quick"], False),
        (["--rounds", "1"], False),
        (["--quick", "--write"], True),
        (["--cold-runs", "40"], True),
    ],
)
def test_only_a_full_run_or_write_touches_the_committed_results(
    argv: list[str], committed: bool
) -> None:
    folder = run.output_folder(run._parse_args(argv))
    try:
        assert (folder.resolve() == run.RESULTS_DIR.resolve()) is committed
    finally:
        if not committed:
            folder.rmdir()


def _package(root: Path, files: list[str]) -> Path:
    package = root / "cognito_idp"
    for name in ["__init__.py", *files]:
        (package / name).parent.mkdir(parents=True, exist_ok=True)
        (package / name).write_text("x = 1\n")
    (package / "__pycache__").mkdir()
    (package / "__pycache__" / "cli.cpython-311.pyc").write_bytes(b"\0" * 100)
    (package / "py.typed").write_text("")
    return package


@pytest.mark.parametrize(
    ("files", "cli_files"),
    [
        (["client.py", "models.py", "cli.py", "_cli.py", "__main__.py"], 3),
        (["client.py", "models/__init__.py", "models/user_pool.py", "models/cli.py",
          "cli/__init__.py", "cli/_commands.py", "__main__.py"], 3),
        (["client.py", "models/__init__.py"], 0),
    ],
)  # fmt: skip
def test_sizes_walk_the_package_and_find_the_cli(
    tmp_path: Path, files: list[str], cli_files: int
) -> None:
    size = sizes.package_size(_package(tmp_path, files))
    assert size["total"] == {"files": len(files) + 1, "bytes": 6 * (len(files) + 1),
                             "lines": len(files) + 1}  # fmt: skip
    assert size["cli"]["files"] == cli_files
    assert size["no_cli"]["files"] == len(files) + 1 - cli_files


@pytest.mark.parametrize("url", ["http://127.0.0.1:8080", "http://localhost"])
def test_floor_signs_like_botocore(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    floor = FloorClient(url, "AKIDEXAMPLE", "secret/key", "us-east-1")
    body = b'{"Domain":"auth.example.com","UserPoolId":"us-east-1_Ab12Cd34E"}'
    target = "AWSCognitoIdentityProviderService.UpdateUserPoolDomain"
    now = datetime.datetime(2024, 5, 17, 12, 34, 56, tzinfo=datetime.UTC)

    headers = floor.sign(body, target, now.timetuple())

    reference = AWSRequest(
        method="POST",
        url=f"{url}/",
        data=body,
        headers={"Content-Type": headers["Content-Type"], "X-Amz-Target": target},
    )
    signer = botocore.auth.SigV4Auth(
        BotocoreCredentials("AKIDEXAMPLE", "secret/key"), "cognito-idp", "us-east-1"
    )
    monkeypatch.setattr(botocore.auth, "get_current_datetime", lambda: now)
    signer.add_auth(reference)

    assert headers["X-Amz-Date"] == reference.headers["X-Amz-Date"]
    assert headers["Authorization"] == reference.headers["Authorization"]
    assert "SignedHeaders=content-type;host;x-amz-date;x-amz-target," in headers["Authorization"]
