"""Every Python name the generator emits is decided here, and only here."""

from __future__ import annotations

import keyword
import re
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence

# botocore's xform_name, so that method and argument names match boto3's.
_FIRST_CAP = re.compile(r"(.)([A-Z][a-z]+)")
_END_CAP = re.compile(r"([a-z0-9])([A-Z])")
_PLURAL_ACRONYM = re.compile(r"[A-Z]{2,}s$")
_PARTIAL_RENAMES = {
    "ipv-6": "ipv6",
    "ipv_6": "ipv6",
    "ip_v6": "ipv6",
    "ip_v4": "ipv4",
    "s_3": "s3",
    "e_c2": "ec2",
}
_SHAPE_SUFFIX = "Type"
_CLASH_SUFFIX = "Model"
"""Appended to a shape's class name that a name of the package itself already takes."""

# Names bound at module level wherever model classes are imported (the package
# root, client.py, errors.py, models/*) or that the runtime exports: a model
# class taking one would shadow it.
RESERVED_CLASS_NAMES = frozenset(
    {
        # the package root and models/__init__.py
        "Credentials", "TYPE_CHECKING", "annotations", "errors", "importlib", "models",
        # client.py
        "ClientCore", "CredentialsProvider", "DEFAULT_TIMEOUT", "Final", "JsonValue", "Never",
        "ServiceInfo", "Timeout", "TracebackType", "VERSION", "ValidationMode", "requests",
        "resolve_endpoint",
        # errors.py and the runtime's exceptions
        "ConfigurationError", "ConnectTimeoutError", "ConnectionClosedError",
        "EndpointConnectionError", "ERRORS_BY_CODE", "Exceptions", "InvalidEndpointError",
        "Mapping", "NoCredentialsError", "NoRegionError", "ParamValidationError",
        "ReadTimeoutError", "ResponseParseError", "SdkError", "ServiceError", "TransportError",
        "error_from_response", "type_code",
        # models/_<class>.py and models/_typed_dicts.py
        "Any", "ClassVar", "NotRequired", "Structure", "TypedDict", "Validator", "attrs",
        "datetime",
    }
)  # fmt: skip
# Names the command line's module binds next to the request classes it imports.
RESERVED_REQUEST_CLASS_NAMES = frozenset(
    {"ClientSettings", "Command", "DOCS", "Option", "PreparedCall", "SERVICE", "Service"}
)
# A member becomes an attribute of an attrs class, a keyword argument of a
# client method and a property of an error: it may not take the names those
# already use (``attrs`` is the class body's ``attrs.field``). Nor may it shadow
# a type another member's annotation names (``bytes``, ``str``, ``datetime``):
# ``member_names`` is told those. (The client methods' own locals, ``_request``
# and ``_data``, start with an underscore, which no member name does.)
RESERVED_MEMBER_NAMES = frozenset(
    {"self", "unknown", "to_dict", "from_dict", "from_json", "parse", "attrs"}
)
# What a client method may not be called: the client's own attributes.
RESERVED_METHOD_NAMES = frozenset({"close", "exceptions", "region"})
# What ServiceError (and Exception) already define: an error's modeled member
# may not shadow them as a property.
RESERVED_ERROR_PROPERTIES = frozenset(
    {
        "code", "message", "status_code", "request_id", "details", "args",
        "retry_attempts", "max_attempts_reached", "with_traceback", "add_note",
    }
)  # fmt: skip


def snake_case(name: str) -> str:
    """``UserPoolId`` -> ``user_pool_id``, exactly as botocore's ``xform_name``."""
    if "_" in name:
        return name
    plural = _PLURAL_ACRONYM.search(name)
    if plural is not None:
        # "ARNs" -> "_arns", as botocore does.
        matched = plural.group()
        name = f"{name[: -len(matched)]}_{matched.lower()}"
    spaced = _FIRST_CAP.sub(r"\1_\2", name)
    transformed = _END_CAP.sub(r"\1_\2", spaced).lower()
    for old, new in _PARTIAL_RENAMES.items():
        transformed = transformed.replace(old, new)
    return transformed


def python_identifier(name: str) -> str:
    """Append ``_`` to names Python reserves (``from`` -> ``from_``).

    Only hard keywords: soft ones (``match``, ``type``) are valid names, and
    their list changes between Python versions, which would make the output
    depend on the interpreter that generated it.
    """
    return f"{name}_" if keyword.iskeyword(name) else name


def member_name(wire_name: str) -> str:
    """A structure member's attribute and keyword-argument name.

    PEP 8's trailing underscore avoids a clash with a keyword or a name the
    generated class uses (``from`` -> ``from_``, ``self`` -> ``self_``). A leading
    underscore is dropped (attrs would drop it from ``__init__``'s argument) and
    a leading digit gets ``n`` before it.
    """
    name = re.sub(r"\W", "_", snake_case(wire_name)).lstrip("_") or "member"
    if name[0].isdigit():
        name = f"n{name}"
    return f"{name}_" if keyword.iskeyword(name) or name in RESERVED_MEMBER_NAMES else name


def member_names(wire_names: Iterable[str], shadowed: Sequence[Collection[str]] = ()) -> list[str]:
    """``member_name`` of each wire name, unique within one structure.

    Members differing only by case (``Name``, ``name``) map to one name: the
    first, in model order, keeps it; later ones get ``_2``, ``_3``, ...
    ``shadowed[i]`` holds the names the other members' annotations use: the
    i-th member takes a trailing underscore rather than hide one of them
    (``bytes_`` beside a member annotated ``bytes``, which ``bytes`` would hide).
    """
    result: list[str] = []
    for index, wire_name in enumerate(wire_names):
        base = member_name(wire_name)
        if index < len(shadowed) and base in shadowed[index]:
            base = f"{base}_"
        name, number = base, 2
        while name in result:
            name, number = f"{base.rstrip('_')}_{number}", number + 1
        result.append(name)
    return result


def error_property_name(python_name: str) -> str:
    """A modeled error member's property: ``code_`` when ``code`` is ServiceError's own."""
    return f"{python_name}_" if python_name in RESERVED_ERROR_PROPERTIES else python_name


def method_name(operation_name: str) -> str:
    """``UpdateUserPoolDomain`` -> ``update_user_pool_domain``, as boto3 names it.

    An operation named like one of the client's own attributes (``Close``) gets
    PEP 8's trailing underscore.
    """
    name = python_identifier(snake_case(operation_name))
    return f"{name}_" if name in RESERVED_METHOD_NAMES else name


def kebab_case(operation_name: str) -> str:
    """``UpdateUserPoolDomain`` -> ``update-user-pool-domain``, as the AWS CLI names it."""
    return snake_case(operation_name).replace("_", "-")


def class_names(
    shape_names: Iterable[str],
    *,
    reserved: Iterable[str] = (),
    request_shapes: Iterable[str] = (),
) -> Mapping[str, str]:
    """Map each shape name to its class name: the name without its ``Type`` suffix.

    A shape keeps its full name when dropping the suffix would collide with
    another shape (``IdentityProviderTypeType`` vs ``IdentityProviderType``) or
    with a name the package defines itself. A shape whose own name is taken by
    the package (``Credentials``, ``Mapping``, the client's name in
    ``reserved``) gets ``Model`` appended: ``CredentialsModel``. Every class
    also gets a module of its own, so two names spelling one module
    (``ABCRule``, ``AbcRule``) are a clash too, settled the same way.
    Request shapes (``request_shapes``) must also avoid the names the command
    line binds next to them.
    """
    names = sorted(shape_names)
    shape_set = set(names)
    requests = set(request_shapes)
    package_names = RESERVED_CLASS_NAMES | set(reserved)
    shorts = Counter(name.removesuffix(_SHAPE_SUFFIX) for name in names)
    result: dict[str, str] = {}
    used_modules = {model_module(TYPED_DICTS_CLASS)}
    for name in names:
        forbidden = package_names | (
            RESERVED_REQUEST_CLASS_NAMES if name in requests else frozenset[str]()
        )
        short = name.removesuffix(_SHAPE_SUFFIX)
        candidates = [short] if short and short != name and shorts[short] == 1 else []
        candidates += [name, f"{name}{_CLASH_SUFFIX}"]
        candidates += [f"{name}{_CLASH_SUFFIX}{number}" for number in range(2, 100)]
        chosen = next(
            c
            for c in candidates
            if c not in forbidden
            and model_module(c) not in used_modules
            and (c == name or c not in shape_set)
        )
        result[name] = chosen
        used_modules.add(model_module(chosen))
    return result


TYPED_DICTS_CLASS = "TypedDicts"
"""The class name whose module would be ``_typed_dicts``: no model may take it."""


def dict_names(class_names_: Iterable[str]) -> Mapping[str, str]:
    """Map each class name to its TypedDict's name: ``CustomDomainConfigDict``.

    ``Dict`` is appended unless that names another class (shapes ``Foo`` and
    ``FooDict``), then ``TypedDict``, then a number.
    """
    classes = sorted(class_names_)
    taken = set(classes) | RESERVED_CLASS_NAMES
    result: dict[str, str] = {}
    for name in classes:
        candidates = [f"{name}Dict", f"{name}TypedDict"]
        candidates += [f"{name}TypedDict{number}" for number in range(2, 100)]
        chosen = next(c for c in candidates if c not in taken)
        taken.add(chosen)
        result[name] = chosen
    return result


def error_class_names(error_shapes: Iterable[str], *, reserved: Iterable[str]) -> Mapping[str, str]:
    """Map each error shape to its exception class: its own name unless errors.py binds it.

    An error named like a name of ``errors.py`` (``ServiceError``, ``Exceptions``,
    ``Mapping``, the base class in ``reserved``) or of ``client.exceptions``
    (``ClientError``) gets ``Error`` appended; the error code it answers to stays
    the shape's name.
    """
    forbidden = RESERVED_CLASS_NAMES | {"ClientError"} | set(reserved)
    result: dict[str, str] = {}
    for name in sorted(error_shapes):
        candidates = [name, f"{name}Error"] + [f"{name}Error{n}" for n in range(2, 100)]
        chosen = next(c for c in candidates if c not in forbidden and c not in result.values())
        result[name] = chosen
    return result


def service_class_prefix(service_id: str) -> str:
    """``Cognito Identity Provider`` -> ``CognitoIdentityProvider`` (boto3's class naming)."""
    return "".join(
        part[:1].upper() + part[1:] for part in re.split(r"[\s\-_]+", service_id) if part
    )


def env_name(service_id: str) -> str:
    """Suffix of ``AWS_ENDPOINT_URL_<...>``, as botocore derives it from the service id."""
    return re.sub(r"[\s\-]+", "_", service_id.strip()).upper()


def config_key(service_id: str) -> str:
    """Key of the service in a profile's ``[services]`` section."""
    return env_name(service_id).lower()


def package_name(service: str) -> str:
    """``cognito-idp`` -> ``cognito_idp``."""
    return python_identifier(service.replace("-", "_"))


def constant_names(shape_names: Iterable[str]) -> Mapping[str, str]:
    """Map each shape name to its constant in ``_schemas``: ``DomainType`` -> ``DOMAIN_TYPE``.

    Two names that spell the same constant (``FooBar``, ``Foo_Bar``) get a
    numbered suffix, in sorted order, so the result is stable.
    """
    result: dict[str, str] = {}
    taken: set[str] = set()
    for name in sorted(shape_names):
        base = snake_case(name).upper()
        constant, number = base, 2
        while constant in taken:
            constant, number = f"{base}_{number}", number + 1
        taken.add(constant)
        result[name] = constant
    return result


def literal_name(shape_name: str) -> str:
    """``DomainStatusType`` -> ``DomainStatusTypeType``: the ``Literal`` alias of an enum shape.

    The shape's name plus ``Type``, as boto3-stubs names it (``mypy_boto3_<service>.literals``),
    so code moving over from boto3-stubs finds the same names.
    """
    return f"{shape_name}{_SHAPE_SUFFIX}"


def model_module(class_name: str) -> str:
    """Module of the ``models`` subpackage holding a class: ``_custom_domain_config``."""
    return "_" + re.sub(r"\W", "_", snake_case(class_name)).lower()
