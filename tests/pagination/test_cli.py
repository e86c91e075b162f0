"""The command line pages as the AWS CLI does.

The oracle: for a paginated command, AWS CLI v1 prints
``paginator.paginate(**params).build_full_result()`` (awscli ``clidriver.py``
``_make_client_call`` and ``formatter.py`` ``FullyBufferedFormatter``), with
``PaginationConfig`` from ``--max-items``, ``--page-size`` and
``--starting-token``; it turns pagination off when ``--no-paginate`` or one of
the operation's token or limit options is given, and refuses pagination
options then (awscli ``customizations/paginate.py``). So the output is
compared with botocore's ``build_full_result`` on the same scripted pages.
"""

from __future__ import annotations

import importlib
import json
from types import ModuleType
from typing import Any

import pytest

from ..emulator import FAKE_ACCESS_KEY, FAKE_SECRET_KEY, REGION
from ..servers import ScriptedServer, scripted_server
from .conftest import make_boto3_client
from .test_botocore_oracle import POOL, bodies, listing


@pytest.fixture(autouse=True)
def _credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", FAKE_ACCESS_KEY)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", FAKE_SECRET_KEY)
    monkeypatch.setenv("AWS_REGION", REGION)


def cli(
    pages: ModuleType, server: ScriptedServer | None, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str, str]:
    endpoint = ["--endpoint-url", server.url] if server else []
    code = importlib.import_module(f"{pages.__name__}.cli").main([*endpoint, *args])
    out, err = capsys.readouterr()
    return code, out, err


def aws_cli_output(total: int, **pagination: Any) -> tuple[Any, list[Any]]:
    """What the AWS CLI prints for ``list-users``, and the requests it sends."""
    with scripted_server(listing(total)) as server:
        paginator = make_boto3_client(server.url).get_paginator("list_users")
        result = paginator.paginate(UserPoolId=POOL, PaginationConfig=pagination)
        full = result.build_full_result()
        return full, bodies(server)


def test_list_users_prints_every_page_merged(
    pages: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    with scripted_server(listing(25)) as server:
        code, out, _ = cli(pages, server, capsys, "list-users", "--user-pool-id", POOL)
        sent = bodies(server)
    assert code == 0
    assert (json.loads(out), sent) == aws_cli_output(25)
    assert len(json.loads(out)["Users"]) == 25
    assert "NextToken" not in json.loads(out)


def test_max_items_stops_early_with_next_token_and_starting_token_resumes(
    pages: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    options = ("--page-size", "4", "--max-items", "10")
    with scripted_server(listing(25)) as server:
        code, out, _ = cli(pages, server, capsys, "list-users", "--user-pool-id", POOL, *options)
        sent = bodies(server)
    first = json.loads(out)
    assert code == 0
    assert (first, sent) == aws_cli_output(25, PageSize=4, MaxItems=10)
    assert list(first) == ["Users", "NextToken"]
    with scripted_server(listing(25)) as server:
        resume = ("--starting-token", first["NextToken"], "--page-size", "4")
        code, out, _ = cli(pages, server, capsys, "list-users", "--user-pool-id", POOL, *resume)
        sent = bodies(server)
    rest = json.loads(out)
    assert (rest, sent) == aws_cli_output(25, PageSize=4, StartingToken=first["NextToken"])
    names = [u["Username"] for u in first["Users"] + rest["Users"]]
    assert names == [f"user{i:03}" for i in range(25)]


@pytest.mark.parametrize(
    "one_call",
    [
        ("--no-paginate",),
        ("--limit", "3"),
        ("--pagination-token", "page-6"),
        # As AWS CLI v2 (v1 would page on from the token it was given).
        ("--cli-input-json", '{"PaginationToken": "page-6"}'),
    ],
)
def test_no_paginate_or_the_operations_own_options_make_one_call(
    pages: ModuleType, capsys: pytest.CaptureFixture[str], one_call: tuple[str, ...]
) -> None:
    with scripted_server(listing(25)) as server:
        code, out, _ = cli(pages, server, capsys, "list-users", "--user-pool-id", POOL, *one_call)
        assert code == 0
        assert len(server.received) == 1
    # The single page is printed as the service answered it, its own token included.
    assert "PaginationToken" in json.loads(out)
    assert "NextToken" not in json.loads(out)


@pytest.mark.parametrize(
    ("args", "flags"),
    [
        (("--no-paginate", "--max-items", "2"), "--max-items"),
        (
            ("--limit", "3", "--page-size", "2", "--starting-token", "x"),
            "--starting-token, --page-size",
        ),
    ],
)
def test_pagination_options_with_one_call_exit_255_as_the_aws_cli(
    pages: ModuleType, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], flags: str
) -> None:
    with scripted_server(listing(5)) as server:
        code, out, err = cli(pages, server, capsys, "list-users", "--user-pool-id", POOL, *args)
        assert server.received == []
    assert (code, out) == (255, "")
    assert err == (
        "\nError during pagination: Cannot specify --no-paginate along with pagination "
        f"arguments: {flags}\n"
    )


def test_list_user_pools_needs_max_results_which_turns_pagination_off_as_in_the_aws_cli(
    pages: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = cli(pages, None, capsys, "list-user-pools")
    assert code == 252
    assert "the following arguments are required: --max-results" in err
    with scripted_server(listing(25, token="NextToken", limit="MaxResults")) as server:
        code, out, _ = cli(pages, server, capsys, "list-user-pools", "--max-results", "5")
        assert len(server.received) == 1
    assert code == 0
    assert "NextToken" in json.loads(out)


def test_help_documents_the_pagination_options_as_the_aws_cli(
    pages: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = cli(pages, None, capsys, "list-users", "help")
    assert code == 0
    synopsis = out[out.index("SYNOPSIS") : out.index("OPTIONS")]
    assert synopsis.split()[2:] == [
        "--user-pool-id", "<value>",
        "[--attributes-to-get", "<value>]",
        "[--filter", "<value>]",
        "[--cli-input-json", "|", "--cli-input-yaml]",
        "[--starting-token", "<value>]",
        "[--page-size", "<value>]",
        "[--max-items", "<value>]",
        "[--generate-cli-skeleton", "<value>]",
    ]  # fmt: skip
    text = " ".join(out.split())
    assert (
        "list-users is a paginated operation. Multiple API calls may be issued in order to "
        "retrieve the entire data set of results. You can disable pagination by providing the "
        "--no-paginate argument."
    ) in text
    assert "--starting-token (string) A token to specify where to start paginating." in text
    assert "--page-size (integer) The size of each page to get in the AWS service call." in text
    assert "--max-items (integer) The total number of items to return" in text
    assert "--no-paginate (boolean) Disable automatic pagination." in text
    assert "--limit (integer)" not in text  # undocumented, as in the AWS CLI
