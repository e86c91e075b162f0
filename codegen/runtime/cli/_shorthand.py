"""The AWS CLI's shorthand syntax: ``Key=value,Other={A=b,C=[x,y]}``, parsed as its ``shorthand``.

Purely syntactic: every value comes out as a string, a list or a dict;
``_arguments`` converts them to the member types the schema gives.
"""

from __future__ import annotations

import re
import string

from ._paramfile import load_param_file


class ShorthandParseError(ValueError):
    """A shorthand value does not parse; the message points at the position."""

    def __init__(self, text: str, index: int, message: str, hint: str = "") -> None:
        self.text = text
        self.index = index
        located = f"{message} for input:\n{_point_at(text, index)}"
        super().__init__(f"{located}\n{hint}" if hint else located)


def _point_at(text: str, index: int) -> str:
    """``text`` with a caret below ``index``, on the line of the error."""
    line_start = text.rfind("\n", 0, index) + 1
    line_end = text.find("\n", index)
    consumed, rest = (text, "") if line_end < 0 else (text[:line_end], text[line_end:])
    return f"{consumed}\n{' ' * (index - line_start)}^{rest}"


# Which characters a value may start and continue with, as in the AWS CLI's
# grammar: a value never starts with a quote, ",", "=", "[" or "{"; the first
# value after a key runs up to a quote, ",", "]" or "}"; later values of a
# comma-separated list stop at a quote, "," or "=".
_START = r"!#-&(-+\--<>-Z\\-z|-\uffff"
_FIRST_FOLLOW = r"\s!#-&(-+\--\\^-|~-\uffff"
_SECOND_FOLLOW = r"\s!#-&(-+\--<>-\uffff"
_ESCAPED_COMMA = r"\\,"
_FIRST_VALUE = re.compile(f"(?:{_ESCAPED_COMMA}|[{_START}])(?:{_ESCAPED_COMMA}|[{_FIRST_FOLLOW}])*")
_SECOND_VALUE = re.compile(
    f"(?:{_ESCAPED_COMMA}|[{_START}])(?:{_ESCAPED_COMMA}|[{_SECOND_FOLLOW}])*"
)
_SINGLE_QUOTED = re.compile(r"'(?:\\'|[^'])*'")
_DOUBLE_QUOTED = re.compile(r'"(?:\\"|[^"])*"')
_KEY_CHARS = frozenset(string.ascii_letters + string.digits + "-_.#/:")


class ShorthandParser:
    """The AWS CLI's shorthand syntax, e.g. ``A=1,B=[x,y],C={D=e},F=g,h``.

    Purely syntactic: every value is a string, a list or a dict; converting
    to the member types is the caller's job. ``Key@=file://path`` loads the
    value from a file, as ``file://`` does for a whole option.
    """

    def __init__(self) -> None:
        self._text = ""
        self._index = 0
        self._from_file = False

    def parse(self, text: str) -> dict[str, object]:
        self._text, self._index, self._from_file = text, 0, False
        params: dict[str, object] = {}
        key, value = self._key_value()
        params[key] = value
        last = self._index
        while not self._at_end():
            self._expect(",", skip_space=True)
            key, value = self._key_value()
            if key in params:
                raise ShorthandParseError(
                    text,
                    last + 1,
                    f'Second instance of key "{key}" encountered',
                    'This is often because there is a preceding "," instead of a space.',
                )
            params[key] = value
            last = self._index
        return params

    # key = 1*([a-zA-Z0-9] / "-" / "_" / "." / "#" / "/" / ":"); keyval = key ["@"] "=" values
    def _key_value(self) -> tuple[str, object]:
        key = self._key()
        self._from_file = self._accept("@")
        self._expect("=", skip_space=True)
        return key, self._values()

    def _key(self) -> str:
        start = self._index
        while not self._at_end() and self._text[self._index] in _KEY_CHARS:
            self._index += 1
        return self._text[start : self._index]

    def _values(self) -> object:
        if self._at_end():
            return ""
        if self._current() == "[":
            return self._explicit_list()
        if self._current() == "{":
            return self._hash_literal()
        return self._csv_values()

    def _csv_values(self) -> object:
        """``a`` or ``a,b,c``; a later ``key=`` ends the list (it starts the next pair)."""
        first = self._first_value()
        self._skip_space()
        if self._at_end() or self._current() != ",":
            return first
        self._expect(",", skip_space=True)
        values: list[object] = [first]
        while True:
            try:
                value = self._second_value()
                self._skip_space()
                if self._at_end():
                    values.append(value)
                    break
                self._expect(",", skip_space=True)
                values.append(value)
            except ShorthandParseError:
                if self._at_end():
                    raise
                self._index = self._text.rindex(",", 0, self._index + 1)
                break
        return first if len(values) == 1 else values

    def _explicit_list(self) -> list[object]:
        self._expect("[", skip_space=True)
        values: list[object] = []
        while self._current() != "]":
            values.append(self._explicit_value())
            self._skip_space()
            if self._current() != "]":
                self._expect(",")
                self._skip_space()
        self._expect("]")
        return values

    def _hash_literal(self) -> dict[str, object]:
        self._expect("{", skip_space=True)
        members: dict[str, object] = {}
        while self._current() != "}":
            key = self._key()
            self._from_file = self._accept("@")
            self._expect("=", skip_space=True)
            value = self._explicit_value()
            self._skip_space()
            if self._current() != "}":
                self._expect(",")
                self._skip_space()
            members[key] = value
        self._expect("}")
        return members

    def _explicit_value(self) -> object:
        if self._current() == "[":
            return self._explicit_list()
        if self._current() == "{":
            return self._hash_literal()
        return self._first_value()

    def _first_value(self) -> object:
        quoted = self._quoted_value()
        if quoted is not None:
            return quoted
        match = _FIRST_VALUE.match(self._text, self._index)
        if match is None:
            return ""
        self._index = match.end()
        return self._resolve(match.group().replace("\\,", ",").rstrip())

    def _second_value(self) -> object:
        quoted = self._quoted_value()
        if quoted is not None:
            return quoted
        text = self._consume(_SECOND_VALUE, "<second>")
        return self._resolve(text.replace("\\,", ",").rstrip())

    def _quoted_value(self) -> object | None:
        quote = self._current()
        if quote == "'":
            text = self._consume(_SINGLE_QUOTED, "<singled quoted>")
        elif quote == '"':
            text = self._consume(_DOUBLE_QUOTED, "<double quoted>")
        else:
            return None
        return self._resolve(text[1:-1].replace(f"\\{quote}", quote).replace("\\\\", "\\"))

    def _resolve(self, value: str) -> object:
        """The value, or the contents of the file it names after ``@=``."""
        if self._from_file:
            loaded = load_param_file(value)
            if loaded is not None:
                return loaded
        return value

    def _consume(self, pattern: re.Pattern[str], name: str) -> str:
        match = pattern.match(self._text, self._index)
        if match is None:
            raise ShorthandParseError(
                self._text, self._index, f"Expected: '{name}', received: '<none>'"
            )
        self._index = match.end()
        return match.group()

    def _accept(self, char: str) -> bool:
        """Skip spaces, then ``char`` if it is next."""
        self._skip_space()
        if self._current() == char:
            self._index += 1
            self._skip_space()
            return True
        return False

    def _expect(self, char: str, *, skip_space: bool = False) -> None:
        if skip_space:
            self._skip_space()
        if self._at_end():
            raise ShorthandParseError(
                self._text, self._index, f"Expected: '{char}', received: 'EOF'"
            )
        actual = self._text[self._index]
        if actual != char:
            raise ShorthandParseError(
                self._text, self._index, f"Expected: '{char}', received: '{actual}'"
            )
        self._index += 1
        if skip_space:
            self._skip_space()

    def _current(self) -> str:
        return self._text[self._index] if self._index < len(self._text) else ""

    def _at_end(self) -> bool:
        return self._index >= len(self._text)

    def _skip_space(self) -> None:
        while not self._at_end() and self._text[self._index] in string.whitespace:
            self._index += 1
