"""Every Python name the generator emits is decided here, and only here."""

from __future__ import annotations

import keyword
import re
from collections import Counter
from collections.abc import Iterable, Mapping

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

# Names the generated package defines itself; a shape may not take them.
RESERVED_CLASS_NAMES = frozenset({"Credentials", "Validator"})


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
    """Append ``_`` to names Python reserves (``from`` -> ``from_``)."""
    return f"{name}_" if keyword.iskeyword(name) or keyword.issoftkeyword(name) else name


def member_name(wire_name: str) -> str:
    """A structure member's attribute and keyword-argument name."""
    return python_identifier(snake_case(wire_name))


def method_name(operation_name: str) -> str:
    """``UpdateUserPoolDomain`` -> ``update_user_pool_domain``, as boto3 names it."""
    return python_identifier(snake_case(operation_name))


def kebab_case(operation_name: str) -> str:
    """``UpdateUserPoolDomain`` -> ``update-user-pool-domain``, as the AWS CLI names it."""
    return snake_case(operation_name).replace("_", "-")


def class_names(shape_names: Iterable[str]) -> Mapping[str, str]:
    """Map each shape name to its class name: the name without its ``Type`` suffix.

    A shape keeps its full name when dropping the suffix would collide with
    another shape (``IdentityProviderTypeType`` vs ``IdentityProviderType``) or
    with a name the package defines itself.
    """
    names = sorted(shape_names)
    taken = set(names) | RESERVED_CLASS_NAMES
    shorts = Counter(name.removesuffix(_SHAPE_SUFFIX) for name in names)
    result: dict[str, str] = {}
    for name in names:
        short = name.removesuffix(_SHAPE_SUFFIX)
        clashes = short in taken or shorts[short] > 1
        result[name] = name if short == name or clashes or not short else short
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
    return f"_{snake_case(class_name)}"
