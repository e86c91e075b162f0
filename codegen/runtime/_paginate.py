"""Pagination: walk the pages of an operation as botocore's paginators do.

A ``PaginatorSpec`` is one entry of botocore's ``paginators-1.json``, fixed
when the package is generated. ``Paginator`` sends the request page after
page, moving the output token(s) into the input token(s), and applies
boto3's ``PaginationConfig``: ``max_items`` cuts the last page and leaves a
``resume_token``; ``starting_token`` goes on from one; ``page_size`` is sent
as the limit key. Tokens are botocore's (base64 of a JSON object, with
``boto_truncate_amount`` for a cut page and ``boto_encoded_keys`` for blobs
in a structured token), so a ``NextToken`` printed by the AWS CLI or
returned by boto3 resumes here, and the other way round.

Tokens and cutting work on the JSON of each page, as botocore works on its
parsed dicts; each page is then parsed into its typed response. Imported
only when a ``paginate_*`` method is called.

A starting token often comes back from an untrusted place (a web page's
``?next=``): what it decodes to is validated against the input tokens'
shapes before anything is sent, as a caller's argument would be
(``ParamValidationError``, as botocore raises), and a token that cannot be
decoded at all, however it is built, raises ``PaginationError``.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar, cast

import attrs

from ._exceptions import PaginationError, ParamValidationError
from ._schema import ListOf, MapOf, Scalar, Schema, Structure
from ._validate import Validator

if TYPE_CHECKING:
    from ._client import ClientCore, Request

TRUNCATE_KEY = "boto_truncate_amount"
"""botocore's key, in a token, of the items of the page already returned."""
ENCODED_KEYS = "boto_encoded_keys"
"""botocore's key, in a token, of the paths of the blobs it holds in base64."""


class Page(Protocol):
    """What a typed response page offers: boto3's dict shape, to merge pages."""

    def to_dict(self) -> Mapping[str, object]: ...


PageT = TypeVar("PageT", bound=Page)
ItemT = TypeVar("ItemT")


@attrs.frozen
class PaginatorSpec:
    """How one operation paginates; paths are botocore's (``a.b``, ``a[-1].b``, ``a || b``)."""

    operation: str
    page_class: str
    """The typed response's class, to name it in parse errors."""
    input_tokens: tuple[str, ...]
    output_tokens: tuple[str, ...]
    """Where each input token's next value is found in a page, in the same order."""
    result_keys: tuple[str, ...]
    """The lists (or counts) that pages add up; the first one counts towards ``max_items``."""
    item_attributes: tuple[str, ...]
    """The first result key as attributes of the typed page: ``("user_pools",)``."""
    limit_key: str | None = None
    more_results: str | None = None
    non_aggregate_keys: tuple[str, ...] = ()
    token_schemas: tuple[Schema, ...] = ()
    """Each input token's shape where one may hold a blob (dynamodb's ``ExclusiveStartKey``)."""


class Paginator(Generic[PageT, ItemT]):
    """The pages of one paginated call: iterate it for typed pages, ``items()`` for their items.

    Nothing is sent until it is iterated; each iteration starts over from the
    first page (or ``starting_token``). After an iteration stopped by
    ``max_items``, ``resume_token`` holds where the next one should start.
    """

    def __init__(
        self,
        core: ClientCore,
        spec: PaginatorSpec,
        request: Request,
        parse: Callable[[object, str], PageT],
        *,
        signed: bool,
        max_items: int | None,
        page_size: int | str | None,
        starting_token: str | None,
    ) -> None:
        core.validate(spec.operation, request)
        if page_size is not None and spec.limit_key is None:
            raise PaginationError(f"{spec.operation} has no page size: page_size is not supported")
        self._core = core
        self._spec = spec
        self._params: Mapping[str, object] = request.to_wire()
        self._parse = parse
        self._signed = signed
        self._max_items = max_items
        self._page_size = page_size
        self._starting_token = starting_token
        self.resume_token: str | None = None
        """A ``starting_token`` that goes on where ``max_items`` stopped the last iteration."""

    def __iter__(self) -> Iterator[PageT]:
        for page in self._wire_pages():
            yield self._core.parse(self._parse, page, self._spec.page_class)

    def items(self) -> Iterator[ItemT]:
        """The items of every page, in order: those of the first result key.

        With several result keys (a few services have them), the others are
        read from the pages or from ``build_full_result()``.
        """
        for page in self:
            value: object = page
            for attribute in self._spec.item_attributes:
                value = getattr(value, attribute)
                if value is None:
                    break
            if value is not None:
                yield from cast("list[ItemT]", value)

    def build_full_result(self) -> dict[str, object]:
        """Every page merged into one response, in boto3's dict shape, as botocore merges them.

        Result keys are concatenated (counts are added), ``non_aggregate_keys``
        come from the first page, and ``NextToken`` is the ``resume_token``
        when ``max_items`` stopped early: the AWS CLI's output.
        """
        result: dict[str, object] = {}
        first: Mapping[str, object] | None = None
        for typed_page in self:
            page = typed_page.to_dict()
            first = page if first is None else first
            for key in self._spec.result_keys:
                value = search(page, key)
                if value is None:
                    continue
                existing = search(result, key)
                if existing is None:
                    result = with_value(result, key, value)
                elif isinstance(existing, list) and isinstance(value, list):
                    cast("list[object]", existing).extend(cast("list[object]", value))
                elif isinstance(existing, int | float | str):
                    result = with_value(result, key, _add(existing, value))
        for key in self._spec.non_aggregate_keys:
            if first is not None:
                result = _merge(result, with_value({}, key, search(first, key)))
        if self.resume_token is not None:
            result["NextToken"] = self.resume_token
        return result

    # --- botocore's PageIterator ---------------------------------------------------

    def _wire_pages(self) -> Iterator[dict[str, object]]:
        spec = self._spec
        params = dict(self._params)
        token: dict[str, object] = {name: None for name in spec.input_tokens}
        skip = 0
        if self._starting_token is not None:
            token, skip = decode_token(self._starting_token, spec.input_tokens)
            self._check_token(token)
            _inject(params, token)
        if self._page_size is not None and spec.limit_key is not None:
            params[spec.limit_key] = self._page_size
        self.resume_token = None
        primary = spec.result_keys[0]
        total = 0
        previous: dict[str, object] | None = None
        first = True
        while True:
            page = dict(self._core.send_params(spec.operation, params, signed=self._signed))
            already_cut = 0
            if first and self._starting_token is not None:
                # The starting token may point into this page: drop what was returned before.
                page = self._drop_returned(page, skip)
                already_cut = skip
            first = False
            items = search(page, primary)
            count = len(cast("list[object]", items)) if isinstance(items, list | str) else 0
            excess = 0 if self._max_items is None else total + count - self._max_items
            if excess > 0:
                kept = count - excess
                page = with_value(page, primary, cast("list[object]", items)[:kept])
                self.resume_token = self._encode({**token, TRUNCATE_KEY: kept + already_cut})
                yield page
                return
            yield page
            total += count
            token = self._next_token(page)
            if all(value is None for value in token.values()):
                return
            if self._max_items is not None and total == self._max_items:
                self.resume_token = self._encode(token)
                return
            if previous == token:
                raise PaginationError(f"The same next token was received twice: {token}")
            _inject(params, token)
            previous = token

    def _check_token(self, token: Mapping[str, object]) -> None:
        """``ParamValidationError`` unless each decoded value fits its input token's shape."""
        spec = self._spec
        validator = Validator()
        try:
            for name, schema in zip(spec.input_tokens, spec.token_schemas, strict=False):
                value = token.get(name)
                if value is not None and value != "None":  # as _inject leaves them out
                    check_wire(value, schema, f"starting_token: {name}", validator)
        except RecursionError:
            raise PaginationError("Bad starting token: it is nested too deeply") from None
        if validator.problems:
            raise ParamValidationError(spec.operation, validator.problems)

    def _encode(self, token: Mapping[str, object]) -> str:
        schemas = zip(self._spec.input_tokens, self._spec.token_schemas, strict=False)
        blobs = [
            path for name, schema in schemas for path in blob_paths(token[name], schema, [name])
        ]
        return encode_token({**token, ENCODED_KEYS: blobs} if blobs else token)

    def _drop_returned(self, page: dict[str, object], skip: int) -> dict[str, object]:
        """The first page after a cut one: without the items already returned."""
        primary, *others = self._spec.result_keys
        items = search(page, primary)
        kept = cast("list[object] | str", items)[skip:] if isinstance(items, list | str) else None
        page = with_value(page, primary, kept)
        for key in others:
            # As botocore: the other result keys were returned with the cut page.
            sample = search(page, key)
            empty: object = None
            if isinstance(sample, list):
                empty = []
            elif isinstance(sample, str):
                empty = ""
            elif isinstance(sample, int | float):
                empty = sample
            page = with_value(page, key, empty)
        return page

    def _next_token(self, page: Mapping[str, object]) -> dict[str, object]:
        spec = self._spec
        if spec.more_results is not None and not search(page, spec.more_results):
            return {}
        # Empty strings are no token, as in botocore.
        return {
            name: search(page, path) or None
            for path, name in zip(spec.output_tokens, spec.input_tokens, strict=True)
        }


def _inject(params: dict[str, object], token: Mapping[str, object]) -> None:
    for name, value in token.items():
        if value is not None and value != "None":
            params[name] = value
        else:
            params.pop(name, None)


def _add(existing: int | float | str, value: object) -> object:
    if isinstance(existing, str):
        return existing + str(value)
    return existing + cast("float", value)


def _merge(base: dict[str, object], extra: Mapping[str, object]) -> dict[str, object]:
    """botocore's ``merge_dicts``: nested mappings merged, other values replaced."""
    merged = dict(base)
    for key, value in extra.items():
        current = merged.get(key)
        if isinstance(current, dict) and isinstance(value, dict):
            merged[key] = _merge(
                cast("dict[str, object]", current), cast("dict[str, object]", value)
            )
        else:
            merged[key] = value
    return merged


# --- tokens ------------------------------------------------------------------------------


def encode_token(token: Mapping[str, object]) -> str:
    """botocore's ``TokenEncoder``: base64 of the JSON object."""
    return base64.b64encode(json.dumps(token).encode()).decode()


def blob_paths(value: object, schema: Schema, path: list[str | int]) -> list[list[str | int]]:
    """Where ``value`` (wire JSON of ``schema``) holds blobs: botocore's ``boto_encoded_keys``.

    botocore's tokens hold parsed values, whose blobs (dynamodb's ``B``) it
    writes in base64 and lists by path; the wire JSON has them in base64
    already, so only the paths are to be found.
    """
    if isinstance(schema, Scalar):
        return [path] if schema.kind == "blob" and isinstance(value, str) else []
    if isinstance(schema, ListOf) and isinstance(value, list):
        items = enumerate(cast("list[object]", value))
        return [found for i, item in items for found in blob_paths(item, schema.item, [*path, i])]
    if not isinstance(value, Mapping):
        return []
    found: list[list[str | int]] = []
    for key, item in cast("Mapping[str, object]", value).items():
        if isinstance(schema, MapOf):
            found += blob_paths(item, schema.value, [*path, key])
        elif isinstance(schema, Structure) and key in schema.by_wire_name:
            found += blob_paths(item, schema.by_wire_name[key].target, [*path, key])
    return found


def check_wire(value: object, schema: Schema, path: str, validator: Validator) -> None:
    """Add to ``validator`` each way ``value``, wire JSON, does not fit ``schema``.

    The wire form of a caller's argument: structures are JSON objects keyed by
    wire names, blobs base64 strings. Scalars are checked as arguments are.
    """
    if isinstance(schema, Scalar):
        validator.value(value, schema, path)
    elif isinstance(schema, ListOf):
        if not isinstance(value, list):
            validator.problems.append(f"{path}: expected list, got {type(value).__name__}")
            return
        items = cast("list[object]", value)
        if schema.min is not None and len(items) < schema.min:
            validator.problems.append(
                f"{path}: length {len(items)} is below the minimum of {schema.min}"
            )
        for index, item in enumerate(items):
            check_wire(item, schema.item, f"{path}[{index}]", validator)
    elif isinstance(value, dict):
        _check_wire_object(cast("dict[object, object]", value), schema, path, validator)
    else:
        expected = "dict" if isinstance(schema, MapOf) else schema.name
        validator.problems.append(f"{path}: expected {expected}, got {type(value).__name__}")


def _check_wire_object(
    value: dict[object, object], schema: MapOf | Structure, path: str, validator: Validator
) -> None:
    if isinstance(schema, MapOf):
        for key, item in value.items():
            validator.value(key, schema.key, f"{path} (key)")
            check_wire(item, schema.value, f"{path}[{key!r:.40}]", validator)
        return
    for key, item in value.items():
        member = schema.by_wire_name.get(key) if isinstance(key, str) else None
        if member is None:
            validator.problems.append(f"{path}: unknown member {key!r:.40}")
        elif item is not None:
            check_wire(item, member.target, f"{path}.{key}", validator)
    for member in schema.required:
        if value.get(member.wire_name) is None:
            validator.problems.append(f"{path}.{member.wire_name}: missing required value")
    if schema.union and len(value) != 1:
        validator.problems.append(f"{path}: a union takes exactly one member; got {len(value)}")


def decode_token(text: str, input_tokens: tuple[str, ...]) -> tuple[dict[str, object], int]:
    """The service token(s) in a starting token, and how many items of its page to skip.

    Like botocore, a string that is not one of its tokens is taken for the
    service's own token(s): ``a___b___2`` (botocore's old format), or one
    token as it was printed by the service.
    """
    try:
        decoded: object = json.loads(base64.b64decode(text.encode(), validate=True))
    except (ValueError, binascii.Error):
        return _decode_old_token(text, input_tokens)
    except RecursionError:
        raise PaginationError("Bad starting token: it is nested too deeply") from None
    if not isinstance(decoded, dict):
        raise PaginationError(f"Bad starting token: {text}")
    token = cast("dict[str, object]", decoded)
    skip = token.pop(TRUNCATE_KEY, 0)
    # Blobs botocore wrote in base64 are already as the wire sends them.
    token.pop(ENCODED_KEYS, None)
    if not isinstance(skip, int) or sorted(token) != sorted(input_tokens):
        raise PaginationError(f"Bad starting token: {text}")
    return token, skip


def _decode_old_token(text: str, input_tokens: tuple[str, ...]) -> tuple[dict[str, object], int]:
    parts: list[str] = text.split("___")
    skip = 0
    if len(parts) == len(input_tokens) + 1:
        try:
            skip = int(parts[-1])
            parts = parts[:-1]
        except ValueError:
            parts = [text]
    if len(parts) > len(input_tokens):
        raise PaginationError(f"Bad starting token: {text}")
    values: list[object] = [None if part == "None" else part for part in parts]
    values += [None] * (len(input_tokens) - len(values))
    return dict(zip(input_tokens, values, strict=True)), skip


# --- botocore's paths ----------------------------------------------------------------------


def search(data: Mapping[str, object], path: str) -> object:
    """The value at ``path``: ``a.b``, ``a[-1].b``, or alternatives ``x || y`` (first truthy)."""
    value: object = None
    for alternative in path.split("||"):
        value = _search_one(data, alternative.strip())
        if value:
            return value
    return value


def _search_one(data: Mapping[str, object], path: str) -> object:
    value: object = data
    for step in path.split("."):
        name, _, index = step.partition("[")
        value = _member(value, name)
        if index:
            items = cast("list[object]", value) if isinstance(value, list) else []
            position = int(index.rstrip("]"))
            value = items[position] if -len(items) <= position < len(items) else None
    return value


def _member(value: object, name: str) -> object:
    return cast("Mapping[str, object]", value).get(name) if isinstance(value, Mapping) else None


def with_value(data: Mapping[str, object], path: str, value: object) -> dict[str, object]:
    """A copy of ``data`` with ``value`` at the dotted ``path``.

    botocore's ``set_value_from_jmespath``, without changing ``data``.
    """
    head, _, rest = path.partition(".")
    copy = dict(data)
    if rest:
        inner = data.get(head)
        base: Mapping[str, object] = (
            cast("Mapping[str, object]", inner) if isinstance(inner, Mapping) else {}
        )
        copy[head] = with_value(base, rest, value)
    else:
        copy[head] = value
    return copy
