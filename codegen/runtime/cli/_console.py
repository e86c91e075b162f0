"""``--color`` for the messages the command line writes to stderr.

``on`` and ``off`` as in the AWS CLI v2; ``auto`` (the default) colors when
the stream is a terminal and ``NO_COLOR`` (https://no-color.org) is not set.
"""

from __future__ import annotations

import os
from typing import TextIO

_RED = "\x1b[31m"
_RESET = "\x1b[0m"


def error_style(text: str, color: str, stream: TextIO) -> str:
    """``text`` in red when ``color`` (``on``, ``off`` or ``auto``) says so for ``stream``."""
    if color == "on" or (
        color == "auto" and _is_terminal(stream) and not os.environ.get("NO_COLOR")
    ):
        return f"{_RED}{text}{_RESET}"
    return text


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except ValueError:  # closed
        return False
