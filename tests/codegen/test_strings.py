"""Text of any content reads back unchanged from the docstrings and literals we emit."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from codegen import render
from codegen.__main__ import main
from codegen.ir.strings import string_body, triple_quoted

from ..conftest import ROOT

AWKWARD = (
    'Set to "" (empty) by default, or "',  # a quote ends it (glue's DevEndpoint)
    '"quoted" at the start',
    'Triple """quotes""" inside, and four """"',
    "Backslashes \\ and \\\\ and a trailing one \\",
    "Escapes that are not: \\N{DASH}, \\x41, \\u00e9, \\n, \\t",
    'Regex "[\\w+=,.@-]+" and "\\\\"',
    "Controls \x00\x07\x0b\x0c\r\t and separators \x85\u2028\u2029, a lone \ud800 surrogate",
    "Lines\nof text\n",
)


def _docstring(body: str) -> str:
    """The docstring Python reads from a function whose docstring is ``body``."""
    module = ast.parse(f'def f():\n    """{body}"""\n')
    function = module.body[0]
    assert isinstance(function, ast.FunctionDef)
    docstring = ast.get_docstring(function, clean=False)
    assert docstring is not None
    return docstring


@pytest.mark.parametrize("text", AWKWARD)
def test_awkward_text_reads_back_from_a_docstring(text: str) -> None:
    assert _docstring(string_body(text)) == text


@pytest.mark.parametrize("text", AWKWARD)
def test_awkward_text_reads_back_from_a_triple_quoted_literal(text: str) -> None:
    assert ast.literal_eval(triple_quoted(text)) == text


@given(st.text())
def test_any_text_reads_back_from_a_docstring_and_a_literal(text: str) -> None:
    assert _docstring(string_body(text)) == text
    assert ast.literal_eval(triple_quoted(text)) == text


def test_plain_quotes_stay_as_written() -> None:
    assert string_body('The "name" of it.') == 'The "name" of it.'
    assert string_body('ends with a quote"') == 'ends with a quote\\"'
    assert '"""' not in string_body('a """ b')


def test_no_source_line_breaks_but_newlines() -> None:
    """Only ``\\n`` breaks a source line; what a reader may take for a line break is escaped."""
    body = string_body("a\rb\x0bc\x0cd\x1ce\x85f\u2028g\u2029h\ni")
    assert body.splitlines() == ["a\\rb\\x0bc\\x0cd\\x1ce\\x85f\\u2028g\\u2029h", "i"]


def test_a_formatter_failure_names_the_file_and_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without escaping, dynamodb's command line is not valid Python: said, not a traceback."""
    monkeypatch.setattr(render, "string_body", lambda text: text)
    monkeypatch.setattr("codegen.ir.cli.triple_quoted", lambda text: f'"""\\\n{text}"""')
    status = main(
        [
            "--service", "dynamodb", "--operations", "GetItem", "--with-cli",
            "--out", str(tmp_path), "--specs", str(ROOT / "specs"),
        ]
    )  # fmt: skip
    assert status == 1
    error = capsys.readouterr().err
    assert error.startswith("error: ruff could not format the generated package")
    assert f"{tmp_path / 'dynamodb' / 'cli' / '_docs.py'}:" in error
    assert "Traceback" not in error


def test_a_formatter_failure_without_a_syntax_error_shows_what_ruff_said(tmp_path: Path) -> None:
    (tmp_path / "fine.py").write_text("x = 1\n")
    message = render._format_failure(tmp_path, "error: something else\n")
    assert message.endswith("\n  error: something else")
    assert str(tmp_path) in message


def test_the_docstring_filter_escapes() -> None:
    text = 'A member whose documentation ends in a quote: "'
    assert _docstring(render._docstring_filter(text)) == text
