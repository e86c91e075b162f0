"""Model text as Python source: the one place text of any content is escaped.

Documentation comes from the service model and may hold anything: a quote as
its last character (which would run into the closing quotes), triple quotes,
backslashes (``\\N{`` would start an escape), control characters. Every
docstring and every documentation literal the templates emit goes through
``string_body``, so what reads back is exactly the model's text.
"""

from __future__ import annotations

import unicodedata

_LINE_BREAKS = frozenset("\x85\u2028\u2029")
"""Characters that are not control characters yet break lines for some readers."""


def string_body(text: str) -> str:
    """``text`` escaped to stand between triple double quotes and read back unchanged.

    Backslashes are doubled; a double quote followed by another, or ending the
    text, is escaped (so no three quotes ever meet, the closing ones
    included), other quotes are kept as they read; control characters other
    than the newline, line separators and lone surrogates become escapes.
    """
    out: list[str] = []
    last = len(text) - 1
    for index, char in enumerate(text):
        if char == "\\":
            out.append("\\\\")
        elif char == '"':
            out.append('\\"' if index == last or text[index + 1] == '"' else '"')
        elif char != "\n" and _needs_escape(char):
            out.append(char.encode("unicode_escape").decode("ascii"))
        else:
            out.append(char)
    return "".join(out)


def _needs_escape(char: str) -> bool:
    return unicodedata.category(char) in ("Cc", "Cs") or char in _LINE_BREAKS


def triple_quoted(text: str) -> str:
    """``text`` as a triple-quoted Python string literal, for the template."""
    return f'"""\\\n{string_body(text)}"""'
