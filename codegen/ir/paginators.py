"""Paginators: botocore's ``paginators-1.json`` entries, checked against the model.

Each paginated operation gets a ``paginate_<operation>`` client method. Its
arguments are the operation's minus the input token(s) (``starting_token``
replaces them), plus boto3's ``PaginationConfig`` as keywords: ``max_items``,
``page_size``, ``starting_token``. The pages are typed as the operation's
response and the items as the first result key's list elements: the key
that ``max_items`` counts, as in botocore. Decided here: those names and
types, and which paginator entries we can follow (paths of members; a token
the request may leave out and botocore can write into its starting tokens).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import attrs

from .. import naming
from .shapes import Kind, Member, ModelError, ShapeTable, Structure, TypeRef

PAGINATION_OPTIONS = ("max_items", "page_size", "starting_token")
"""boto3's ``PaginationConfig`` keys, as keyword arguments of every ``paginate_*`` method."""

_SCALAR_KINDS = frozenset({Kind.STRING, Kind.INTEGER, Kind.LONG})


@attrs.frozen
class Pagination:
    """How one operation paginates, and how its ``paginate_*`` method is typed."""

    operation: str
    method_name: str
    """``paginate_list_users``."""
    spec_constant: str
    """The operation's ``PaginatorSpec`` in the generated ``_paginators`` module: ``LIST_USERS``."""
    page_class: str
    input_tokens: tuple[str, ...]
    output_tokens: tuple[str, ...]
    result_keys: tuple[str, ...]
    item_attributes: tuple[str, ...]
    """The first result key as attributes of the typed page."""
    item_type: TypeRef
    limit_key: str | None
    page_size_annotation: str
    """``int``, or ``str`` where the limit key is a string, as botocore converts ``PageSize``."""
    more_results: str | None
    non_aggregate_keys: tuple[str, ...]
    arguments: tuple[Member, ...]
    """The operation's arguments without its input tokens, required ones first."""
    request_values: tuple[tuple[str, str], ...]
    """(member, expression) building the request, as the operation's method builds it."""
    token_schemas: tuple[str, ...] = ()
    """The input tokens' ``_schemas`` constants: a value decoded from a starting token
    is validated against its shape before it is sent, and blobs (dynamodb's
    ``ExclusiveStartKey``) are marked in resume tokens as botocore marks them."""

    @property
    def token_arguments_text(self) -> str:
        """The arguments that ``starting_token`` replaces, as docstrings name them."""
        return " and ".join(f"``{naming.member_name(token)}``" for token in self.input_tokens)

    @property
    def item_annotation(self) -> str:
        return self.item_type.annotation

    @property
    def item_noun(self) -> str:
        """What the items are called in docstrings: the result key's last name."""
        return self.result_keys[0].rsplit(".", 1)[-1]

    @property
    def paging_literal(self) -> str:
        """The command line's ``Paging`` of the operation, as Python source."""
        limit = "None" if self.limit_key is None else repr(self.limit_key)
        text = f"Paging({_tuple(self.input_tokens)}, {limit}, {_tuple(self.result_keys)})"
        return text.replace("'", '"')

    @property
    def page_size_argument(self) -> str:
        """The command line's ``--page-size`` (an int) as the ``paginate_*`` method takes it."""
        if self.page_size_annotation == "str":
            return "None if options.page_size is None else str(options.page_size)"
        return "options.page_size"

    @property
    def spec_fields(self) -> tuple[tuple[str, str], ...]:
        """(keyword, Python literal) of the ``PaginatorSpec``; defaults left out."""
        fields = [
            ("operation", repr(self.operation)),
            ("page_class", repr(self.page_class)),
            ("input_tokens", _tuple(self.input_tokens)),
            ("output_tokens", _tuple(self.output_tokens)),
            ("result_keys", _tuple(self.result_keys)),
            ("item_attributes", _tuple(self.item_attributes)),
        ]
        if self.limit_key is not None:
            fields.append(("limit_key", repr(self.limit_key)))
        if self.more_results is not None:
            fields.append(("more_results", repr(self.more_results)))
        if self.non_aggregate_keys:
            fields.append(("non_aggregate_keys", _tuple(self.non_aggregate_keys)))
        fields = [(name, value.replace("'", '"')) for name, value in fields]
        if self.token_schemas:
            constants = tuple(f"_schemas.{constant}" for constant in self.token_schemas)
            fields.append(("token_schemas", _tuple(constants).replace("'", "")))
        return tuple(fields)


def _tuple(values: tuple[str, ...]) -> str:
    """A tuple literal, as ruff formats it (no trailing comma a formatter would explode)."""
    items = ", ".join(repr(value) for value in values)
    return f"({items},)" if len(values) == 1 else f"({items})"


def _as_tuple(value: str | list[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def build_pagination(
    table: ShapeTable,
    config: Mapping[str, Any],
    *,
    operation: str,
    request: Structure,
    response: Structure | None,
    arguments: tuple[Member, ...],
    request_values: tuple[tuple[str, str], ...],
) -> Pagination:
    """The IR of one ``paginators-1.json`` entry; ``ModelError`` if it cannot be followed."""

    def fail(reason: str) -> ModelError:
        return ModelError(f"paginator {operation}: {reason}")

    if response is None:
        raise fail("the operation has no output")
    input_tokens = _as_tuple(config["input_token"])
    output_tokens = _as_tuple(config["output_token"])
    result_keys = _as_tuple(config.get("result_key"))
    if len(input_tokens) != len(output_tokens):
        raise fail("as many output tokens as input tokens are needed")
    if not result_keys:
        raise fail("no result_key")
    members = {m.wire_name: m for m in request.members}
    for token in input_tokens:
        member = members.get(token)
        if member is None:
            raise fail(f"input token {token} is not a member of the request")
        if member.required:
            raise fail(f"input token {token} is required")
        kinds = {table.type_ref(name).kind for name in table.reachable([member.type.shape_name])}
        if Kind.TIMESTAMP in kinds:
            # botocore's TokenEncoder cannot write the datetime it parses: no token to share.
            raise fail(f"input token {token} holds a timestamp, which tokens cannot carry")
    limit_key: str | None = config.get("limit_key")
    page_size_annotation = "int"
    if limit_key is not None:
        limit = members.get(limit_key)
        if limit is None or limit.type.kind not in _SCALAR_KINDS:
            raise fail(f"limit key {limit_key} is not a string or number member of the request")
        page_size_annotation = limit.type.annotation
    # A member named like a pagination option (ACM's ``MaxItems``) takes PEP 8's
    # trailing underscore in the paginate_* method: ``max_items_`` is the request's.
    renamed = {
        m.python_name: f"{m.python_name}_"
        for m in arguments
        if m.wire_name not in input_tokens and m.python_name in PAGINATION_OPTIONS
    }
    kept = tuple(
        attrs.evolve(m, python_name=renamed.get(m.python_name, m.python_name))
        for m in arguments
        if m.wire_name not in input_tokens
    )
    item_attributes, item_type = _result_items(table, response, result_keys[0], fail)
    return Pagination(
        operation=operation,
        method_name=f"paginate_{naming.method_name(operation)}",
        spec_constant=naming.method_name(operation).upper(),
        page_class=response.class_name,
        input_tokens=input_tokens,
        output_tokens=output_tokens,
        result_keys=result_keys,
        item_attributes=item_attributes,
        item_type=item_type,
        limit_key=limit_key,
        page_size_annotation=page_size_annotation,
        more_results=config.get("more_results"),
        non_aggregate_keys=_as_tuple(config.get("non_aggregate_keys")),
        arguments=kept,
        request_values=tuple(
            (name, renamed.get(name, value))
            for name, value in request_values
            if renamed.get(name, name) in {m.python_name for m in kept}
        ),
        token_schemas=tuple(members[token].type.schema_constant for token in input_tokens),
    )


def _result_items(
    table: ShapeTable, response: Structure, path: str, fail: Callable[[str], ModelError]
) -> tuple[tuple[str, ...], TypeRef]:
    """The attributes leading to the list at ``path`` (``a.b``) and the type of its items."""
    attributes: list[str] = []
    structure: Structure | None = response
    member: Member | None = None
    for name in path.split("."):
        if structure is None:
            raise fail(f"result key {path} goes through a member that is not a structure")
        member = next((m for m in structure.members if m.wire_name == name), None)
        if member is None:
            raise fail(f"result key {path}: {structure.name} has no member {name}")
        attributes.append(member.python_name)
        target = member.type
        structure = table.structure(target.shape_name) if target.kind is Kind.STRUCTURE else None
    assert member is not None
    if member.type.kind is not Kind.LIST or member.type.item is None:
        raise fail(f"result key {path} is not a list")
    return tuple(attributes), member.type.item
