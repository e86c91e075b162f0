"""``wait`` against AWS CLI v1 itself, when it is installed: ``nox -s aws_cli_oracle``.

Both command lines run on the same scripted answers, each ending the wait at
its first call (the AWS CLI cannot be kept from sleeping): same exit code,
output, error message and requests. ``test_cli.py`` checks the rest against
botocore's waiter, which is what the AWS CLI calls.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import json
import os
import subprocess
import sys
from types import ModuleType
from typing import Any

import pytest

from ..servers import Reply, scripted_server
from .test_botocore_oracle import DENIED, NOT_FOUND, TABLE, destinations, table

pytest.importorskip("awscli", reason="AWS CLI v1 not installed: nox -s aws_cli_oracle")

_ENV = {
    "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE",
    "AWS_SECRET_ACCESS_KEY": "secret",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_REGION": "us-east-1",
}
CASES = [
    (("table-exists", "--table-name", TABLE), table("ACTIVE")),
    (("table-exists", "--table-name", TABLE), DENIED),
    (("table-not-exists", "--table-name", TABLE), NOT_FOUND),
    (("kinesis-streaming-destination-active", "--table-name", TABLE), destinations("DISABLED")),
]
USAGE_CASES = [("table-exists",), ("table-exist", "--table-name", TABLE), ()]


def _ours(package: ModuleType, args: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = importlib.import_module(f"{package.__name__}.cli").main(args)
    return code, out.getvalue(), err.getvalue()


def _aws(args: list[str]) -> tuple[int, str, str]:
    env = {**os.environ, **_ENV}
    command = [sys.executable, "-m", "awscli", "dynamodb", *args]
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    return done.returncode, done.stdout, done.stderr


def _run(package: ModuleType | None, args: tuple[str, ...], reply: Reply) -> tuple[Any, ...]:
    with scripted_server(reply) as server:
        full = ["--endpoint-url", server.url, "wait", *args]
        code, out, err = _aws(full) if package is None else _ours(package, full)
        return code, out, err.strip(), [json.loads(r.body) for r in server.received]


@pytest.mark.parametrize(("args", "reply"), CASES, ids=lambda value: str(value)[:40])
def test_wait_matches_aws_cli_v1(
    dynamodb_waits: ModuleType, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...], reply: Reply
) -> None:
    for name, value in _ENV.items():
        monkeypatch.setenv(name, value)
    theirs = _run(None, args, reply)
    assert _run(dynamodb_waits, args, reply) == theirs
    assert theirs[3]  # the AWS CLI called the service


@pytest.mark.parametrize("args", USAGE_CASES)
def test_usage_errors_are_refused_before_sending_as_by_aws_cli_v1(
    dynamodb_waits: ModuleType, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    for name, value in _ENV.items():
        monkeypatch.setenv(name, value)
    theirs = _run(None, args, table("ACTIVE"))
    ours = _run(dynamodb_waits, args, table("ACTIVE"))
    # AWS CLI v1 exits 2 (argparse) or 255 (``wait`` alone); ours 252, AWS CLI v2's usage code,
    # as for every command of this command line.
    assert theirs[0] in (2, 255)
    assert (ours[0], ours[3], theirs[3]) == (252, [], [])
