"""The contract cases of an operation, derived from the service model.

Everything here reads the raw model (``service-2.json`` as loaded): no
botocore. For each operation:

* ``success_every_member``: every input member sent, every output member answered;
* ``success_required_members``: only the required input and output members;
* one case per documented error, with the status, ``__type`` form and modeled
  members the model gives, and ``unknown_error_code`` with a code it does not know;
* ``throttled_then_success``: a throttling error, then the retry succeeds;
* ``html_502_from_load_balancer`` and ``html_503_from_cdn``: pages, not the service;
* ``three_pages`` for a paginated operation: through its paginator, the last page without a token.

These cases are answered by the fault server, from replies synthesized here in
the service's wire format (:class:`WireFormat`; awsJson only so far). Values are
drawn deterministically: the same model always gives the same cases.
"""

from __future__ import annotations

import base64
import datetime
import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from .. import naming

__all__ = [
    "ContractCase",
    "WireFormat",
    "WireReply",
    "derive_cases",
    "sample_value",
    "wire_format_for",
]

RECURSION_LIMIT = 2
"""A structure appears at most this many times on one path of a drawn value."""
FIXED_TIMESTAMP = 1_700_000_000  # 2023-11-14T22:13:20Z
IDEMPOTENCY_TOKEN = "00000000-0000-4000-8000-00000000c0de"
UNKNOWN_ERROR_CODE = "ContractTestUnmodeledException"
THROTTLING_CODES = (
    # botocore's retry handler treats these codes as throttling (_retry.json, standard mode).
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
)
BAD_GATEWAY_PAGE = (
    "<html>\r\n"
    "<head><title>502 Bad Gateway</title></head>\r\n"
    "<body>\r\n"
    "<center><h1>502 Bad Gateway</h1></center>\r\n"
    "</body>\r\n"
    "</html>\r\n"
)
SERVICE_UNAVAILABLE_PAGE = (
    '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN" '
    '"http://www.w3.org/TR/html4/loose.dtd">\n'
    '<HTML><HEAD><META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=iso-8859-1">\n'
    "<TITLE>ERROR: The request could not be satisfied</TITLE>\n"
    "</HEAD><BODY>\n"
    "<H1>503 ERROR</H1>\n"
    "<H2>The request could not be satisfied.</H2>\n"
    "</BODY></HTML>\n"
)


@attrs.frozen
class WireReply:
    """One HTTP answer of the fault server: status, headers and a text body."""

    status: int
    headers: Mapping[str, str]
    body: str


@attrs.frozen
class ContractCase:
    """One call of one operation, and the answers the fault server gives it."""

    operation: str
    name: str
    summary: str
    parameters: Mapping[str, Any]
    """The call's input in boto3's dict shape, JSON-safe: blobs base64, timestamps ISO 8601."""
    expected: str
    """``success`` or the error code the call ends with."""
    replies: tuple[WireReply, ...]
    max_attempts: int = 1
    paginate: bool = False
    """Call through the operation's paginator and read every page."""


def _request_id(operation: str, number: int) -> str:
    """A fixed UUID-shaped request id per operation and reply, so re-recording changes nothing."""
    digest = sum(ord(char) * (index + 1) for index, char in enumerate(operation)) % 0xFFFF
    return f"c0ffee00-{digest:04x}-4000-8000-c0ffee{number:06d}"


# --- values ---------------------------------------------------------------------------------


@attrs.frozen
class _Sampler:
    shapes: Mapping[str, Any]
    every: bool
    """Every member of a structure, or only the required ones."""
    variant: int = 0
    """Tells two drawings apart (pages, tokens)."""
    wire: bool = False
    """Timestamps as the wire carries them (epoch seconds) instead of ISO 8601 text."""

    def value(self, shape_name: str, name: str, stack: tuple[str, ...] = ()) -> object:
        shape = self.shapes[shape_name]
        kind = shape["type"]
        if kind == "structure":
            return self.structure(shape_name, stack)
        if kind == "list":
            count = max(int(shape.get("min", 1)), 1)
            member = shape["member"]["shape"]
            return [self.value(member, name, stack) for _ in range(count)]
        if kind == "map":
            key = self.value(shape["key"]["shape"], "key", stack)
            return {str(key): self.value(shape["value"]["shape"], name, stack)}
        return self.scalar(shape, name)

    def structure(self, shape_name: str, stack: tuple[str, ...] = ()) -> dict[str, object]:
        shape = self.shapes[shape_name]
        stack = (*stack, shape_name)
        members: Mapping[str, Any] = shape.get("members", {})
        required = set(shape.get("required", ()))
        if shape.get("union"):
            chosen = [self._union_member(members)] if members else []
        else:
            chosen = [
                name
                for name, ref in members.items()
                if (name in required or self.every)
                and not ref.get("location")
                and not self._too_deep(ref["shape"], stack, name in required)
            ]
        result: dict[str, object] = {}
        for name in chosen:
            ref = members[name]
            if ref.get("idempotencyToken") and name not in required:
                result[name] = IDEMPOTENCY_TOKEN
                continue
            result[name] = self.value(ref["shape"], name, stack)
        return result

    def _union_member(self, members: Mapping[str, Any]) -> str:
        """A scalar member of a union when there is one: simplest to send and to read."""
        for name, ref in members.items():
            if self.shapes[ref["shape"]]["type"] not in ("structure", "list", "map"):
                return name
        return next(iter(members))

    def _too_deep(self, shape_name: str, stack: tuple[str, ...], required: bool) -> bool:
        if required:
            return False
        return any(
            stack.count(name) >= RECURSION_LIMIT for name in _nested(self.shapes, shape_name)
        )

    def scalar(self, shape: Mapping[str, Any], name: str) -> object:
        kind = shape["type"]
        if kind == "string":
            if "enum" in shape:
                values: list[str] = shape["enum"]
                return values[self.variant % len(values)]
            return _string(name, self.variant, int(shape.get("min", 0)), shape.get("max"))
        if kind in ("integer", "long"):
            low, high = int(shape.get("min", 1)), shape.get("max")
            value = max(low, 1 + self.variant)
            return min(value, int(high)) if high is not None else value
        if kind in ("float", "double"):
            return 1.5
        if kind == "boolean":
            return True
        if kind == "blob":
            return base64.b64encode(f"{name}-{self.variant}".encode()).decode("ascii")
        if kind == "timestamp":
            moment = FIXED_TIMESTAMP + self.variant
            if self.wire:
                return moment
            return _iso(moment)
        if kind == "structure":  # a document
            return {"key": "value"}
        raise ValueError(f"cannot draw a value of type {kind}")


def _nested(shapes: Mapping[str, Any], shape_name: str) -> set[str]:
    """The structure names a member of ``shape_name`` directly leads into."""
    shape = shapes[shape_name]
    if shape["type"] == "structure":
        return {shape_name}
    if shape["type"] == "list":
        return _nested(shapes, shape["member"]["shape"])
    if shape["type"] == "map":
        return _nested(shapes, shape["value"]["shape"])
    return set()


def _iso(epoch: int) -> str:
    moment = datetime.datetime.fromtimestamp(epoch, tz=datetime.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _string(name: str, variant: int, low: int, high: int | None) -> str:
    text = re.sub(r"[^a-z0-9]+", "-", naming.snake_case(name).lower()).strip("-") or "value"
    if variant:
        text = f"{text}-{variant}"
    text = text.ljust(low, "x")
    return text[: int(high)] if high is not None else text


def sample_value(
    shapes: Mapping[str, Any], shape_name: str, *, every: bool, variant: int = 0, wire: bool = False
) -> dict[str, object]:
    """A value of structure ``shape_name``, valid under the model's constraints."""
    return _Sampler(shapes, every, variant, wire).structure(shape_name)


# --- the wire format ------------------------------------------------------------------------


@attrs.frozen
class WireFormat:
    """How a protocol answers: the fault server's replies for one service (awsJson)."""

    model: Mapping[str, Any]

    @property
    def metadata(self) -> Mapping[str, Any]:
        metadata: Mapping[str, Any] = self.model["metadata"]
        return metadata

    @property
    def content_type(self) -> str:
        return f"application/x-amz-json-{self.metadata.get('jsonVersion', '1.0')}"

    def success(self, body: Mapping[str, object], request_id: str) -> WireReply:
        return WireReply(200, self._headers(request_id), _json(body))

    def error(
        self, code: str, message: str, request_id: str, members: Mapping[str, object] | None = None
    ) -> WireReply:
        """An error as the service sends it: its status, ``__type`` and modeled members."""
        shape = self._shape(code)
        headers = {**self._headers(request_id), "x-amzn-ErrorType": f"{code}:"}
        trait: Mapping[str, Any] = shape.get("error", {})
        if "awsQueryCompatible" in self.metadata and "code" in trait:
            fault = "Receiver" if shape.get("fault") else "Sender"
            headers["x-amzn-query-error"] = f"{trait['code']};{fault}"
        members_of: Mapping[str, Any] = shape.get("members", {})
        message_key = next((name for name in members_of if name.lower() == "message"), "message")
        body = {"__type": self.type_form(code), message_key: message, **(members or {})}
        return WireReply(self.status_for(code), headers, _json(body))

    def _shape(self, code: str) -> Mapping[str, Any]:
        """The error's shape; empty for a code the model does not know."""
        shape: Mapping[str, Any] = self.model["shapes"].get(code) or {}
        return shape

    def status_for(self, code: str) -> int:
        """The model's ``httpStatusCode``, else 500 for a server fault and 400 otherwise."""
        shape = self._shape(code)
        trait: Mapping[str, Any] = shape.get("error", {})
        if "httpStatusCode" in trait:
            return int(trait["httpStatusCode"])
        return 500 if shape.get("fault") else 400

    def type_form(self, code: str) -> str:
        """awsJson 1.0 services send a Smithy shape id (``ns#Code``); 1.1 services the bare code."""
        if self.metadata.get("jsonVersion") == "1.0":
            return f"com.amazonaws.{self.metadata['endpointPrefix']}#{code}"
        return code

    def _headers(self, request_id: str) -> dict[str, str]:
        return {"Content-Type": self.content_type, "x-amzn-RequestId": request_id}


def _json(body: Mapping[str, object]) -> str:
    return json.dumps(body, sort_keys=False)


def wire_format_for(model: Mapping[str, Any]) -> WireFormat:
    protocol = model["metadata"]["protocol"]
    if protocol != "json":
        raise ValueError(f"contract cases for the {protocol} protocol are not supported yet")
    return WireFormat(model)


# --- cases ----------------------------------------------------------------------------------


def derive_cases(
    model: Mapping[str, Any], operation: str, paginator: Mapping[str, Any] | None
) -> tuple[ContractCase, ...]:
    """Every case of ``operation``, in a fixed order."""
    shapes: Mapping[str, Any] = model["shapes"]
    op = model["operations"][operation]
    wire = wire_format_for(model)
    input_shape = op.get("input", {}).get("shape")
    output_shape = op.get("output", {}).get("shape")
    numbers = iter(range(1, 1000))

    def request_id() -> str:
        return _request_id(operation, next(numbers))

    def params(every: bool) -> dict[str, object]:
        return sample_value(shapes, input_shape, every=every) if input_shape else {}

    def answer(every: bool, variant: int = 0) -> dict[str, object]:
        if not output_shape:
            return {}
        return sample_value(shapes, output_shape, every=every, variant=variant, wire=True)

    required = params(every=False)
    cases = [
        ContractCase(
            operation,
            "success_every_member",
            "every input member sent, every output member answered",
            params(every=True),
            "success",
            (wire.success(answer(every=True), request_id()),),
        ),
        ContractCase(
            operation,
            "success_required_members",
            "only the required input members sent and output members answered",
            required,
            "success",
            (wire.success(answer(every=False), request_id()),),
        ),
    ]
    documented = sorted(error["shape"] for error in op.get("errors", ()))
    for code in documented:
        members = {
            name: value
            for name, value in sample_value(shapes, code, every=True, wire=True).items()
            if name.lower() != "message"
        }
        cases.append(
            ContractCase(
                operation,
                naming.snake_case(code),
                f"the service answers {code}",
                required,
                code,
                (wire.error(code, f"A {code} for the contract test.", request_id(), members),),
            )
        )
    cases.append(
        ContractCase(
            operation,
            "unknown_error_code",
            "an error code the model does not know",
            required,
            UNKNOWN_ERROR_CODE,
            (
                wire.error(
                    UNKNOWN_ERROR_CODE, "An error code this model has never heard of.", request_id()
                ),
            ),
        )
    )
    throttle = next(
        (code for code in documented if code in THROTTLING_CODES), "ThrottlingException"
    )
    cases.append(
        ContractCase(
            operation,
            "throttled_then_success",
            f"throttled ({throttle}), then a success",
            required,
            "success",
            (
                wire.error(throttle, "Rate exceeded", request_id()),
                wire.success(answer(every=False), request_id()),
            ),
            max_attempts=3,
        )
    )
    cases += [
        ContractCase(
            operation,
            "html_502_from_load_balancer",
            "a load balancer answers 502 with an <html> page",
            required,
            "502",
            (WireReply(502, {"Content-Type": "text/html"}, BAD_GATEWAY_PAGE),),
        ),
        ContractCase(
            operation,
            "html_503_from_cdn",
            "a CDN answers 503 with a <!DOCTYPE HTML> page",
            required,
            "503",
            (WireReply(503, {"Content-Type": "text/html"}, SERVICE_UNAVAILABLE_PAGE),),
        ),
    ]
    pages = _pages(shapes, output_shape, paginator, wire, request_id) if output_shape else None
    if pages is not None:
        input_tokens = set(_names(paginator, "input_token"))
        cases.append(
            ContractCase(
                operation,
                "three_pages",
                "three pages through the paginator, the last one without a token",
                {name: value for name, value in required.items() if name not in input_tokens},
                "success",
                pages,
                paginate=True,
            )
        )
    return tuple(cases)


def _names(paginator: Mapping[str, Any] | None, key: str) -> list[str]:
    if not paginator or key not in paginator:
        return []
    value = paginator[key]
    return [value] if isinstance(value, str) else list(value)


def _pages(
    shapes: Mapping[str, Any],
    output_shape: str,
    paginator: Mapping[str, Any] | None,
    wire: WireFormat,
    request_id: Any,
) -> tuple[WireReply, ...] | None:
    """Three pages: tokens on the first two; None when the paginator's paths are not plain names."""
    if paginator is None:
        return None
    outputs = _names(paginator, "output_token")
    results = _names(paginator, "result_key")
    more = paginator.get("more_results")
    members: Mapping[str, Any] = shapes[output_shape].get("members", {})
    plain = [*outputs, *results, *([more] if more else [])]
    if not outputs or any(name not in members for name in plain):
        return None
    replies: list[WireReply] = []
    for page in range(1, 4):
        sampler = _Sampler(shapes, every=False, variant=page, wire=True)
        body = sampler.structure(output_shape)
        for name in results:
            body[name] = sampler.value(members[name]["shape"], name)
        if page < 3:
            for name in outputs:
                body[name] = sampler.value(members[name]["shape"], f"{name}-page")
            if more:
                body[more] = True
        elif more:
            body[more] = False
        replies.append(wire.success(body, request_id()))
    return tuple(replies)


def case_names_unique(cases: Sequence[ContractCase]) -> bool:
    return len({(case.operation, case.name) for case in cases}) == len(cases)
