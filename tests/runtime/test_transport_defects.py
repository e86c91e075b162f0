"""Regression tests for transport defects found under attack, and the User-Agent app id.

* timeouts that cannot work are refused when the client is created, and by the
  command line before anything is sent (defect 6);
* an HTTP 300 is an error, not a success with every member None (defect 8);
* a response nested too deeply for Python raises ``ResponseParseError``, never
  a bare ``RecursionError`` (defect 5).
"""

from __future__ import annotations

import io
import math
from pathlib import Path

import pytest
from botocore.useragent import sanitize_user_agent_string_component

from codegen.runtime._client import ClientCore
from codegen.runtime._exceptions import ResponseParseError
from codegen.runtime._parse import as_document
from generated.cognito_idp import CognitoIdentityProviderClient, Credentials, errors
from generated.cognito_idp.cli import _commands, _driver

from ..servers import Reply, ScriptedServer, scripted_server

CREDENTIALS = Credentials("AKIDEXAMPLE", "secret")


def client(
    server: ScriptedServer | None = None, **settings: object
) -> CognitoIdentityProviderClient:
    return CognitoIdentityProviderClient(
        region="us-east-1",
        credentials=CREDENTIALS,
        endpoint_url=server.url if server else "http://127.0.0.1:9",
        **settings,  # type: ignore[arg-type]
    )


def update(target: CognitoIdentityProviderClient) -> object:
    return target.update_user_pool_domain(
        domain="d.example.com", user_pool_id="us-east-1_Ab12Cd34E"
    )


# --- timeouts (defect 6) ---------------------------------------------------------------


@pytest.mark.parametrize(
    "timeout",
    [
        -1,
        0,
        0.0,
        "5",
        (1, 2, 3),
        (1,),
        (5, 0),
        (5, -1),
        (5, "1"),
        math.nan,
        math.inf,
        1e400,
        10**400,
        True,
        (True, 5),
        None,
        366 * 24 * 3600,
    ],
    ids=repr,
)
def test_a_timeout_that_cannot_work_is_refused_when_the_client_is_created(timeout: object) -> None:
    with pytest.raises(errors.ConfigurationError, match="timeout"):
        client(timeout=timeout)


@pytest.mark.parametrize("timeout", [5, 0.25, (1, 60), (0.5, 2.5)], ids=repr)
def test_a_valid_timeout_is_accepted(timeout: object) -> None:
    with client(timeout=timeout) as created:
        assert created._core._transport._timeout == (
            timeout if isinstance(timeout, tuple) else (timeout, timeout)
        )


@pytest.mark.parametrize("value", ["nan", "inf", "1e400", "-1", "1.5", "", "ten"])
@pytest.mark.parametrize("option", ["--cli-read-timeout", "--cli-connect-timeout"])
def test_the_command_line_refuses_a_bad_timeout_before_sending(
    option: str, value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "secret")
    with scripted_server(Reply()) as server:
        err = io.StringIO()
        argv = [
            "update-user-pool-domain",
            "--domain=d.example.com",
            "--user-pool-id=us-east-1_Ab12Cd34E",
            f"--endpoint-url={server.url}",
            "--region=us-east-1",
            f"{option}={value}",
        ]
        code = _driver.run(argv, _commands.SERVICE, stdout=io.StringIO(), stderr=err)
    assert code == 252
    assert option in err.getvalue()
    assert server.count == 0


def test_the_command_lines_zero_timeout_means_none_as_in_the_aws_cli(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "secret")
    with scripted_server(Reply()) as server:
        argv = [
            "update-user-pool-domain",
            "--domain=d.example.com",
            "--user-pool-id=us-east-1_Ab12Cd34E",
            f"--endpoint-url={server.url}",
            "--region=us-east-1",
            "--cli-read-timeout=0",
            "--cli-connect-timeout=7",
        ]
        assert _driver.run(argv, _commands.SERVICE, stdout=io.StringIO(), stderr=io.StringIO()) == 0
    assert server.count == 1


@pytest.mark.parametrize(
    "settings",
    [
        {"validate": "everything"},
        {"retry_mode": "fast"},
        {"retry_mode": 5},
        {"verify": 1},
        {"verify": None},
        {"max_attempts": 0},
        {"max_attempts": "3"},
        {"user_agent_appid": 5},
    ],
    ids=repr,
)
def test_invalid_client_settings_raise_configuration_errors(settings: dict[str, object]) -> None:
    with pytest.raises(errors.ConfigurationError):
        client(None, **settings)


# --- HTTP 3xx (defect 8) -------------------------------------------------------------


@pytest.mark.parametrize("status", [300, 301, 302, 304, 307, 399])
def test_a_3xx_response_is_an_error_not_an_empty_success(status: int) -> None:
    with (
        scripted_server(Reply(status, b"")) as server,
        client(server) as target,
        pytest.raises(errors.CognitoIdentityProviderError) as caught,
    ):
        update(target)
    assert (caught.value.code, caught.value.status_code) == (str(status), status)
    assert server.count == 1  # not retried, as botocore


def test_a_2xx_other_than_200_is_still_a_success() -> None:
    with scripted_server(Reply(299, b"{}")) as server, client(server) as target:
        update(target)


# --- deep nesting (defect 5) ---------------------------------------------------------

DEEP = b"[" * 100_000 + b"]" * 100_000


@pytest.mark.parametrize(
    "reply",
    [Reply(200, b'{"a":' + DEEP + b"}"), Reply(400, b'{"a":' + DEEP + b"}"), Reply(500, DEEP)],
    ids=["success", "client-error", "server-error"],
)
def test_a_body_nested_100k_levels_deep_is_a_response_parse_error(reply: Reply) -> None:
    with (
        scripted_server(reply) as server,
        client(server) as target,
        pytest.raises(errors.ResponseParseError, match="nested too deeply") as caught,
    ):
        update(target)
    assert isinstance(caught.value.__cause__, RecursionError)
    assert server.count == 1


def test_a_parsed_document_too_deep_for_the_stack_is_a_response_parse_error() -> None:
    nested: object = "leaf"
    for _ in range(50_000):  # deeper than any recursion limit, built without recursion
        nested = {"d": nested}
    with pytest.raises(ResponseParseError, match=r"Output: .*nested too deeply"):
        ClientCore.parse(lambda value, path: as_document(value), {"Document": nested}, "Output")


# --- User-Agent app id -------------------------------------------------------------


def user_agent(server: ScriptedServer, **settings: object) -> str:
    with client(server, **settings) as target:
        update(target)
    return server.received[-1].headers["User-Agent"]


def test_no_app_id_by_default() -> None:
    with scripted_server(Reply()) as server:
        assert " app/" not in user_agent(server)


def test_the_app_id_comes_from_the_argument_then_the_environment_then_the_profile(
    monkeypatch: pytest.MonkeyPatch, home: Path
) -> None:
    (home / ".aws" / "config").write_text("[default]\nsdk_ua_app_id = from-profile\n")
    with scripted_server(Reply()) as server:
        assert user_agent(server).endswith(" app/from-profile")
        monkeypatch.setenv("AWS_SDK_UA_APP_ID", "from-env")
        assert user_agent(server).endswith(" app/from-env")
        assert user_agent(server, user_agent_appid="from-arg").endswith(" app/from-arg")


@pytest.mark.parametrize("app_id", ["my app", "a/b#1", "é!$%&'*+-.^_`|~,x", "tab\there"])
def test_the_app_id_is_sanitized_as_botocore_does(app_id: str) -> None:
    expected = sanitize_user_agent_string_component(app_id, allow_hash=True)
    with scripted_server(Reply()) as server:
        assert user_agent(server, user_agent_appid=app_id).endswith(f" app/{expected}")
