"""``wait <waiter>`` on the command line, as the AWS CLI runs it.

The oracle is awscli's ``customizations/waiters.py``: each waiter is a
subcommand of ``wait`` named ``xform_name(waiter, "-")`` taking its
operation's options; it calls ``client.get_waiter(...).wait(**parameters)``,
prints nothing and exits 0; a ``WaiterError`` is printed as
``\\nWaiter <Name> failed: <reason>\\n`` on stderr with exit code 255 (clidriver's
catch-all); bad parameters exit 252. The reason is compared with botocore's
waiter on the same scripted answers.
"""

from __future__ import annotations

import importlib
import time
from types import ModuleType

import pytest

from ..emulator import FAKE_ACCESS_KEY, FAKE_SECRET_KEY, REGION
from ..servers import Reply, ScriptedServer, scripted_server
from .test_botocore_oracle import DENIED, NOT_FOUND, TABLE, Case, run_botocore, table


@pytest.fixture(autouse=True)
def _environment(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", FAKE_ACCESS_KEY)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", FAKE_SECRET_KEY)
    monkeypatch.setenv("AWS_REGION", REGION)
    slept: list[float] = []
    monkeypatch.setattr(time, "sleep", slept.append)
    return slept


def cli(
    package: ModuleType,
    server: ScriptedServer | None,
    capsys: pytest.CaptureFixture[str],
    *args: str,
) -> tuple[int, str, str]:
    endpoint = ["--endpoint-url", server.url] if server else []
    code = importlib.import_module(f"{package.__name__}.cli").main([*endpoint, *args])
    out, err = capsys.readouterr()
    return code, out, err


WAIT = ("wait", "table-exists", "--table-name", TABLE)


def test_success_prints_nothing_and_exits_0(
    dynamodb_waits: ModuleType, capsys: pytest.CaptureFixture[str], _environment: list[float]
) -> None:
    with scripted_server(NOT_FOUND, table("CREATING"), table("ACTIVE")) as server:
        code, out, err = cli(dynamodb_waits, server, capsys, *WAIT)
        assert server.count == 3
    assert (code, out, err) == (0, "", "")
    assert _environment == [20, 20]


@pytest.mark.parametrize(
    "script",
    [(table("CREATING"),), (DENIED,), (NOT_FOUND,)],
    ids=["attempts-out", "unexpected-error", "attempts-out-on-retry"],
)
def test_a_waiter_failure_exits_255_with_botocores_message(
    dynamodb_waits: ModuleType,
    capsys: pytest.CaptureFixture[str],
    script: tuple[Reply, ...],
    _environment: list[float],
) -> None:
    with scripted_server(*script) as server:
        code, out, err = cli(dynamodb_waits, server, capsys, *WAIT)
        calls = server.count
    botocore_outcome = run_botocore(Case("cli", "dynamodb", "TableExists", script), _environment)
    assert (code, out) == (255, "")
    assert err == f"\nWaiter TableExists failed: {botocore_outcome.failure}\n"
    assert calls == len(botocore_outcome.requests)


def test_missing_or_bad_parameters_exit_252_before_anything_is_sent(
    dynamodb_waits: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    with scripted_server(table("ACTIVE")) as server:
        missing = cli(dynamodb_waits, server, capsys, "wait", "table-exists")
        too_short = cli(dynamodb_waits, server, capsys, "wait", "table-exists", "--table-name", "")
        assert server.count == 0
    assert missing[0] == 252
    assert "--table-name" in missing[2]
    assert too_short[0] == 252
    assert "table_name" in too_short[2] or "TableName" in too_short[2]


def test_wait_without_or_with_an_unknown_waiter_is_a_usage_error(
    dynamodb_waits: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = cli(dynamodb_waits, None, capsys, "wait")
    assert code == 252
    assert "required: subcommand" in err
    code, _, err = cli(dynamodb_waits, None, capsys, "wait", "table-exist")
    assert code == 252
    assert "Invalid choice" in err
    assert "  table-exists\n" in err
    assert "  table-not-exists" in err


def test_help_lists_wait_and_its_subcommands_with_the_aws_cli_descriptions(
    dynamodb_waits: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = cli(dynamodb_waits, None, capsys, "help")
    assert code == 0
    assert "o wait" in out
    code, out, _ = cli(dynamodb_waits, None, capsys, "wait", "help")
    assert code == 0
    assert "o table-exists" in out
    assert "o table-not-exists" in out
    code, out, _ = cli(dynamodb_waits, None, capsys, "wait", "table-exists", "help")
    assert code == 0
    text = " ".join(out.split())
    # awscli's WaiterStateDocBuilder wording, as ``aws dynamodb wait table-exists help`` shows it.
    assert (
        "Wait until JMESPath query Table.TableStatus returns ACTIVE when polling with "
        "``describe-table``. It will poll every 20 seconds until a successful state has been "
        "reached. This will exit with a return code of 255 after 25 failed checks."
    ) in text
    assert "--table-name" in out


def test_a_package_without_waiters_has_no_wait_command(
    capsys: pytest.CaptureFixture[str],
) -> None:
    package = importlib.import_module("generated.cognito_idp")
    code, _, err = cli(package, None, capsys, "wait", "table-exists")
    assert code == 252
    assert "argument command: Invalid choice" in err
