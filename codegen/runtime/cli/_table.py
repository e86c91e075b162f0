"""What the generated ``_commands`` table is made of: the service, its commands and options.

Only what is decided when the package is generated lives here (command and
option names); types, required members and documentation are read from the
``_schemas`` table and the ``_docs`` texts when needed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar

from .._schema import Member, Structure
from .._validate import Model
from ._paging import Paging, PagingOptions

if TYPE_CHECKING:
    import requests

_NO_TIMEOUT = 365 * 24 * 3600.0
"""What a timeout of 0 ("no timeout", as in the AWS CLI) becomes: a year."""

SERVICE_DOC_KEY = ""
"""The key of the service's documentation in ``_docs``; operations are keyed by name."""


def member_doc_key(structure: Structure, member: Member) -> str:
    """The key of a member's documentation in ``_docs``: ``ShapeName$WireName``."""
    return f"{structure.name}${member.wire_name}"


class _Closeable(Protocol):
    def close(self) -> None: ...


ClientT = TypeVar("ClientT", bound=_Closeable)


@dataclass(frozen=True)
class Option:
    """An operation option: ``--kebab-case`` for the input member ``key``."""

    flag: str
    key: str
    negated_flag: str | None = None
    """``--no-<name>``, for boolean members, as the AWS CLI offers them."""


@dataclass(frozen=True)
class PreparedCall(Generic[ClientT]):
    """A request built from the parameters, and how to send it with a client."""

    request: Model
    send: Callable[[ClientT], Mapping[str, object]]
    """Calls the client method; returns the response in boto3's dict shape."""
    paginate: Callable[[ClientT, PagingOptions], Mapping[str, object]] | None = None
    """Calls the ``paginate_*`` method; returns the pages merged, as the AWS CLI prints them."""


@dataclass(frozen=True)
class Command(Generic[ClientT]):
    """One operation command: its options, one per member of ``input`` in model order."""

    name: str
    operation: str
    input: Structure
    output: Structure | None
    options: tuple[Option, ...]
    prepare: Callable[[Mapping[str, object]], PreparedCall[ClientT]]
    """Builds the request model from boto3-shaped parameters (``from_dict``)."""
    paging: Paging | None = None
    """How the command paginates, when it does."""
    waiter: str | None = None
    """The waiter of a ``wait`` subcommand (``TableExists``): it calls the operation until
    the waiter's success state, and prints nothing."""

    def member(self, option: Option) -> Member:
        return self.input.by_wire_name[option.key]

    @property
    def doc_key(self) -> str:
        """The key of its description in ``_docs``: the operation's, or ``wait:<waiter>``."""
        return self.operation if self.waiter is None else waiter_doc_key(self.waiter)


def waiter_doc_key(waiter: str) -> str:
    """The key of a ``wait`` subcommand's description in ``_docs``: ``wait:TableExists``."""
    return f"wait:{waiter}"


@dataclass(frozen=True)
class ClientSettings:
    """The global options that configure the client."""

    region: str | None = None
    profile: str | None = None
    endpoint_url: str | None = None
    verify: bool | str = True
    """False (``--no-verify-ssl``), a CA bundle (``--ca-bundle``), or True."""
    connect_timeout: float | None = None
    read_timeout: float | None = None
    sign_requests: bool = True
    """False for ``--no-sign-request``: calls are sent anonymous, no credentials looked up."""
    session: requests.Session | None = None
    """The session to send with: ``--debug`` passes one that logs each request and response."""

    def timeout(self, default: tuple[float, float]) -> tuple[float, float]:
        """``(connect, read)``: ``default`` where unset; 0 means no timeout, as in the AWS CLI."""
        connect = default[0] if self.connect_timeout is None else self.connect_timeout
        read = default[1] if self.read_timeout is None else self.read_timeout
        return (connect or _NO_TIMEOUT, read or _NO_TIMEOUT)


@dataclass(frozen=True)
class Service(Generic[ClientT]):
    """The whole command line of one service, as the generated ``_commands`` module builds it."""

    name: str
    """The name help shows: ``cognito-idp-lite``."""
    title: str
    """The service's name, described by help when the model documents nothing."""
    version: str
    """The package's ``__version__``, for ``--version``."""
    commands: tuple[Command[ClientT], ...]
    docs: Mapping[str, str]
    """Plain-text documentation by key (see ``SERVICE_DOC_KEY``, ``member_doc_key``)."""
    make_client: Callable[[ClientSettings], ClientT]
    waiters: tuple[Command[ClientT], ...] = ()
    """The ``wait`` subcommands (``wait table-exists``), as the AWS CLI names them."""
