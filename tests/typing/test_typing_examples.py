"""What type checkers tell a user of the generated package, as committed snapshots.

``examples/`` holds right and wrong user code; ``expected/`` what mypy --strict
and pyright strict say about it. A change in the generated typing shows up as
a diff here. After an intended change: ``python -m tests.typing.checkers --update``.
"""

from __future__ import annotations

import pytest

from .checkers import CHECKERS, EXPECTED


@pytest.fixture(scope="module", params=sorted(CHECKERS))
def output(request: pytest.FixtureRequest) -> tuple[str, str]:
    name: str = request.param
    return name, CHECKERS[name]()


def test_checker_output_matches_the_committed_snapshot(output: tuple[str, str]) -> None:
    name, text = output
    assert text == (EXPECTED / f"{name}.txt").read_text()


def test_correct_usage_has_no_error(output: tuple[str, str]) -> None:
    _, text = output
    assert [
        line
        for line in text.splitlines()
        if line.startswith("correct_usage.py") and ": error:" in line
    ] == []


def test_misspelt_keyword_is_named_with_the_right_spelling(output: tuple[str, str]) -> None:
    name, text = output
    expected = {
        "mypy": 'Unexpected keyword argument "user_pool_ids" for "update_user_pool_domain" of'
        ' "CognitoIdentityProviderClient"; did you mean "user_pool_id"?',
        "pyright": 'No parameter named "user_pool_ids"',
    }[name]
    assert f"misspelt_keyword.py:6: error: {expected}" in text


def test_value_outside_an_enum_is_an_error(output: tuple[str, str]) -> None:
    _, text = output
    assert "wrong_enum_literal.py:5: error:" in text
    assert "wrong_enum_literal.py:8: error:" in text
