"""``--query``: a JMESPath expression applied to the response before it is printed.

The expression is evaluated by the ``jmespath`` package (the one the AWS CLI
uses), an optional dependency imported only when ``--query`` is given: the
whole language is supported, with the same results as the AWS CLI. Without
the package the command stops before anything is sent.
"""

from __future__ import annotations

import importlib
from typing import Protocol, cast

from ._paramfile import MissingDependencyError


class Query(Protocol):
    """A compiled expression (``jmespath.parser.ParsedResult``)."""

    def search(self, value: object) -> object: ...


class QueryError(Exception):
    """The expression does not parse, exit 252."""


def compile_query(expression: str) -> Query:
    """Compile ``expression``; raises QueryError or, without jmespath, MissingDependencyError."""
    try:
        # Imported by name: jmespath ships no type information to check against.
        jmespath = importlib.import_module("jmespath")
        errors = importlib.import_module("jmespath.exceptions")
    except ImportError:
        raise MissingDependencyError(
            "--query needs the jmespath package, which is not installed. Install it "
            "(pip install jmespath, or the package's [cli] extra), or run without --query."
        ) from None
    try:
        return cast(Query, jmespath.compile(expression))
    except errors.JMESPathError as exc:
        raise QueryError(f"Bad value for --query {expression}: {exc}") from None
