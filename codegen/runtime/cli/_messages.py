"""The library's messages, told in the command line's words.

The client's messages advise keyword arguments (``pass region=...``,
``credentials=``) that a command-line user cannot pass, and may suggest
commands of a recent AWS CLI that the user's may lack. Here those parts are
replaced by the options and settings of this command line; the rest of each
message (what is wrong, where it was set) is kept as the library wrote it.
"""

from __future__ import annotations

import re

from .._exceptions import NoRegionError

_NO_REGION = (
    "You must specify a region: set --region, or AWS_REGION (or AWS_DEFAULT_REGION), "
    "or `region` in the profile of your AWS config file."
)

_NO_CREDENTIALS_OPTION = "choose a profile that has them with --profile"

# Client keyword arguments and what the command line offers instead.
_OPTIONS = {
    "region": "set --region",
    "profile": "set --profile",
    "endpoint_url": "set --endpoint-url",
    "verify": "set --no-verify-ssl",
    "timeout": "set --cli-connect-timeout / --cli-read-timeout",
    "credentials": _NO_CREDENTIALS_OPTION,
}

# A suggested `aws ...` command may not exist in the user's AWS CLI (v1, or an old v2).
_EXPORT_HINT = re.compile(
    r"Export static credentials instead, e\.g\. `[^`]*`, or pass credentials= to the client\."
)
_STATIC_KEYS = (
    "Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN) instead, "
    f"or {_NO_CREDENTIALS_OPTION} (static keys)."
)
# "pass region=...", "pass credentials= to the client", ...
_KEYWORD_ADVICE = re.compile(r"\bpass (\w+)=(?:\.\.\.)?(?: to the client)?")


def _option_for(match: re.Match[str]) -> str:
    return _OPTIONS.get(match.group(1), "set the matching option")


def for_command_line(exc: Exception) -> str:
    """The message of ``exc`` as the command line prints it."""
    if isinstance(exc, NoRegionError):
        return _NO_REGION
    message = str(exc) or type(exc).__name__
    message = _EXPORT_HINT.sub(_STATIC_KEYS, message)
    return _KEYWORD_ADVICE.sub(_option_for, message)
