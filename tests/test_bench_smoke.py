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

import botocore.auth
import pytest
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials as BotocoreCredentials

from benchmarks import run
from benchmarks.floor import FloorClient

FIGURES = {"per_call_median", "per_call_p99", "cold_start", "peak_rss", "footprint"}


def test_tiny_run_writes_every_figure(tmp_path: Path) -> None:
    results = run.main(
        [
            "--rounds", "1", "--calls", "5", "--warmup", "2",
            "--cold-runs", "2", "--codegen-runs", "1",
            "--no-footprint", "--out", str(tmp_path),
        ]
    )  # fmt: skip

    figures = {figure["key"]: figure for figure in results["figures"]}
    assert set(figures) == FIGURES
    for key in FIGURES - {"footprint"}:
        values = figures[key]["values"]
        assert all(values[name] > 0 for name in ("ours", "boto3", "floor")), key
        assert figures[key]["ratio_to_boto3"]["ours"] > 0
    assert figures["footprint"]["values"]["ours"] is None  # skipped: no pip here
    assert results["raw"]["warm"]["ours"]["n"] == 5
    assert results["raw"]["cold"]["boto3"]["n"] == 2
    assert results["per_call_median_vs_floor"]["ratio"] > 0
    assert results["generator"]["service_s"] > results["generator"]["committed_s"] > 0
    assert results["machine"]["cpu_count"]

    written = json.loads((tmp_path / "results.json").read_text())
    assert written["figures"] == json.loads(json.dumps(results["figures"]))
    markdown = (tmp_path / "results.md").read_text()
    assert "per-call latency, median" in markdown and "results.svg" in markdown
    svg = (tmp_path / "results.svg").read_text()
    assert svg.startswith("<svg") and "boto3 = 1.0" in svg


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
