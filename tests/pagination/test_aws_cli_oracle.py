"""The command line against AWS CLI v1 itself, when it is installed: ``nox -s aws_cli_oracle``.

awscli (151 MB with the botocore it vendors) is not in the default test
environment; ``test_cli.py`` checks the same behaviour against botocore's
paginator, which is what the AWS CLI calls. Here both command lines run on
the same scripted pages: same exit code, output, error and requests.
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

from ..servers import scripted_server
from .test_botocore_oracle import POOL, bodies, listing

pytest.importorskip("awscli", reason="AWS CLI v1 not installed: nox -s aws_cli_oracle")

FIRST_TOKEN = "<NextToken of the --max-items 10 case>"
CASES = [
    (),
    ("--page-size", "4", "--max-items", "10"),
    ("--page-size", "4", "--starting-token", FIRST_TOKEN),
    ("--max-items", "3"),
    ("--no-paginate",),
    ("--limit", "3"),
    ("--pagination-token", "page-6"),
    ("--no-paginate", "--max-items", "2"),
    ("--limit", "3", "--page-size", "2", "--starting-token", "x"),
    ("--page-size", "4", "--starting-token", "page-5___2"),
]
_ENV = {
    "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE",
    "AWS_SECRET_ACCESS_KEY": "secret",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_REGION": "us-east-1",
}


def _ours(pages: ModuleType, args: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = importlib.import_module(f"{pages.__name__}.cli").main(args)
    return code, out.getvalue(), err.getvalue()


def _aws(args: list[str]) -> tuple[int, str, str]:
    env = {**os.environ, **_ENV}
    command = [sys.executable, "-m", "awscli", "cognito-idp", *args]
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    return done.returncode, done.stdout, done.stderr


def _run(pages: ModuleType | None, options: tuple[str, ...], token: str) -> tuple[Any, ...]:
    with scripted_server(listing(25)) as server:
        args = ["--endpoint-url", server.url, "list-users", "--user-pool-id", POOL]
        args += [token if option == FIRST_TOKEN else option for option in options]
        code, out, err = _aws(args) if pages is None else _ours(pages, args)
        return code, json.loads(out) if out else out, err.strip(), bodies(server)


def test_every_pagination_case_matches_aws_cli_v1(
    pages: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in _ENV.items():
        monkeypatch.setenv(name, value)
    token = ""
    for options in CASES:
        theirs = _run(None, options, token)
        assert _run(pages, options, token) == theirs, options
        if options == CASES[1]:
            token = theirs[1]["NextToken"]
    assert token
