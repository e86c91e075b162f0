"""The one IR of a generated package, and the single entry point that builds it.

``build_package`` turns the loaded spec and the generation options into a
``Package``: shapes, operations, errors, the schema table, the compiled
endpoint rules and, when asked for, the command line. The render layer reads
nothing else.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from .. import __version__, naming
from ..docs import html_to_text
from ..load import ServiceSpec
from . import customizations
from .cli import CliService, build_cli_model
from .endpoints import EndpointModel, build_endpoint_source, service_bindings
from .extras import ServiceExtra, service_extras
from .paginators import Pagination, build_pagination
from .schema import SchemaTable, build_schema_table
from .shapes import (
    ErrorShape,
    Kind,
    Member,
    ModelError,
    ShapeTable,
    Structure,
    TypeRef,
    literal_imports,
)
from .waiters import Waiter, build_waiter

NO_AUTH = "smithy.api#noAuth"
CLI_PACKAGE = "cli"
"""The subpackage of the command line: its templated modules and ``runtime/cli``'s."""
TYPED_DICTS_MODULE = "_typed_dicts"
PAGINATORS_MODULE = "_paginators"
WAITERS_MODULE = "_waiters"
LITERALS_MODULE = "literals"
TESTING_MODULE = "testing"
"""The stubber for unit tests of user code; imported by no other module."""
MIN_PYTHON = (3, 11)
"""The oldest Python the generated code runs on; its root refuses older ones with a clear error."""


@attrs.frozen
class Operation:
    """One operation: becomes a client method."""

    name: str
    method_name: str
    cli_name: str
    documentation: str
    input: Structure
    output: Structure | None
    errors: tuple[ErrorShape, ...]
    signed: bool
    compressed: bool = False
    """The ``requestcompression`` trait lists gzip: large bodies are sent gzipped."""
    method_alias: str | None = None
    """A second name of the method, as boto3 has one (``get_otel_enrichment``)."""
    pagination: Pagination | None = None
    """How the operation paginates, when ``paginators-1.json`` says it does."""
    pagination_problem: str | None = None
    """Why its paginator cannot be followed (no ``paginate_*`` method), if it cannot."""

    @property
    def example_call(self) -> str:
        """``client.method(required=...)``, for docstrings."""
        required = ", ".join(f"{m.python_name}=..." for m in self.input.required_members)
        return f"client.{self.method_name}({required})"

    @property
    def arguments(self) -> tuple[Member, ...]:
        """Keyword arguments of the client method: required ones first, in model order."""
        return self.input.required_members + self.input.optional_members

    @property
    def request_values(self) -> tuple[tuple[str, str], ...]:
        """(member, expression) building the request model from the method's arguments.

        An idempotency token the caller leaves out is filled with a new uuid4,
        as botocore does, before validation.
        """
        return tuple(
            (
                m.python_name,
                f"{m.python_name} if {m.python_name} is not None else new_idempotency_token()"
                if m.idempotency_token
                else m.python_name,
            )
            for m in self.arguments
        )

    @property
    def token_arguments(self) -> tuple[str, ...]:
        """Arguments the method fills with a new idempotency token when left out."""
        return tuple(m.python_name for m in self.arguments if m.idempotency_token)

    @property
    def runtime_classes(self) -> tuple[str, ...]:
        """Model classes the method imports when called: its request and response."""
        names = [self.input.class_name]
        if self.output is not None:
            names.append(self.output.class_name)
        return tuple(sorted(names, key=isort_key))


@attrs.frozen
class LiteralAlias:
    """The ``Literal`` type of an enum shape, defined in the package's ``literals.py``."""

    name: str
    shape_name: str
    values: tuple[str, ...]

    @property
    def annotation(self) -> str:
        """``Literal["A", "B"]``, each value a Python string literal."""
        return f"Literal[{', '.join(json.dumps(value) for value in self.values)}]"


@attrs.frozen
class GeneratedFile:
    """One output file: the template that lays it out and, for a model, its structure."""

    path: str
    """Relative to the package folder: ``models/_custom_domain_config.py``."""
    template: str
    structure: Structure | None = None


@attrs.frozen
class Package:
    """Everything one generated package holds."""

    name: str
    """The service's name in botocore: ``cognito-idp``."""
    package: str
    service_id: str
    client_name: str
    base_error_name: str
    api_version: str
    target_prefix: str
    json_version: str
    signing_name: str
    env_name: str
    config_key: str
    documentation: str
    operations: tuple[Operation, ...]
    structures: tuple[Structure, ...]
    """Every model class, sorted by class name."""
    errors: tuple[ErrorShape, ...]
    literals: tuple[LiteralAlias, ...]
    """Every enum shape the models and methods use, sorted by alias name."""
    schema: SchemaTable
    endpoints: EndpointModel
    with_cli: bool
    spec_sha256: str
    botocore_version: str
    version: str = __version__
    cli: CliService | None = None
    """The command line, when generated with it."""
    left_out: tuple[tuple[str, str], ...] = ()
    """(operation, why) for each operation of the service this package does not offer."""
    min_python: tuple[int, int] = MIN_PYTHON
    query_compatible: bool = False
    """``awsQueryCompatible``: requests say ``x-amzn-query-mode: true``."""
    api_version_operations: tuple[str, ...] = ()
    """Operations sent with a signed ``x-amz-api-version`` header: the endpoint-discovery
    operation (``endpointoperation``), as botocore's ``inject_api_version_header_if_needed``."""
    error_class_from_type: bool = False
    """The exception class is looked up by the body's ``__type`` while ``code`` stays the
    query code, as botocore's ``_handle_sqs_compatible_error`` does (SQS alone)."""
    extras: tuple[ServiceExtra, ...] = ()
    """The service's hand-written extra modules (``extras.py``) this package holds."""
    waiters: tuple[Waiter, ...] = ()
    """The waiters of ``waiters-2.json`` whose operation is generated, by name."""

    @property
    def min_python_text(self) -> str:
        return ".".join(map(str, self.min_python))

    @property
    def header(self) -> str:
        return (
            f"# Generated by codegen {self.version} from specs/{self.name} "
            f"(botocore {self.botocore_version}, sha256 {self.spec_sha256[:16]}). Do not edit."
        )

    @property
    def user_agent_name(self) -> str:
        return f"{self.name}-lite"

    @property
    def files(self) -> tuple[GeneratedFile, ...]:
        """Every templated file of the package, the runtime modules aside."""
        files = [
            GeneratedFile("__init__.py", "__init__.py.jinja"),
            GeneratedFile("client.py", "client.py.jinja"),
            GeneratedFile("errors.py", "errors.py.jinja"),
            GeneratedFile("endpoints.py", "endpoints.py.jinja"),
            GeneratedFile("_schemas.py", "_schemas.py.jinja"),
            GeneratedFile("models/__init__.py", "models/__init__.py.jinja"),
            GeneratedFile(f"models/{TYPED_DICTS_MODULE}.py", "models/_typed_dicts.py.jinja"),
        ]
        if self.literals:
            files.append(GeneratedFile(f"{LITERALS_MODULE}.py", "literals.py.jinja"))
        if self.paginations:
            files.append(GeneratedFile(f"{PAGINATORS_MODULE}.py", "_paginators.py.jinja"))
        if self.waiters:
            files.append(GeneratedFile(f"{WAITERS_MODULE}.py", "_waiters.py.jinja"))
        files += [
            GeneratedFile(f"models/{s.module}.py", "models/_model.py.jinja", s)
            for s in self.structures
        ]
        files.append(GeneratedFile(f"{TESTING_MODULE}.py", "testing.py.jinja"))
        files += [GeneratedFile(extra.path, extra.template) for extra in self.extras]
        if self.with_cli:
            files += [
                GeneratedFile(f"{CLI_PACKAGE}/__init__.py", "cli/__init__.py.jinja"),
                GeneratedFile(f"{CLI_PACKAGE}/_commands.py", "cli/_commands.py.jinja"),
                GeneratedFile(f"{CLI_PACKAGE}/_docs.py", "cli/_docs.py.jinja"),
                GeneratedFile("__main__.py", "__main__.py.jinja"),
            ]
        return tuple(files)

    @property
    def typed_dicts_module(self) -> str:
        return TYPED_DICTS_MODULE

    @property
    def root_own_exports(self) -> tuple[tuple[str, str], ...]:
        """(name, module) of the root's exports that are not models: the client, ``Credentials``."""
        return (("Credentials", "._config"), (self.client_name, ".client"))

    @property
    def root_exports(self) -> tuple[tuple[str, str], ...]:
        """(name, module) the package root re-exports lazily, in import-sorting order."""
        pairs = [*self.root_own_exports]
        pairs += [(name, ".models") for name, _ in self.model_exports]
        return tuple(sorted(pairs, key=lambda pair: isort_key(pair[0])))

    @property
    def root_imports(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """``root_exports`` as import statements for type checkers: (module, names)."""
        return _by_module(self.root_exports)

    @property
    def model_imports(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """``model_exports`` as import statements for type checkers: (module, names)."""
        return _by_module((name, f".{module}") for name, module in self.model_exports)

    @property
    def model_exports(self) -> tuple[tuple[str, str], ...]:
        """(name, module of ``models``) for every class and TypedDict, in import-sorting order."""
        pairs = [(s.class_name, s.module) for s in self.structures]
        pairs += [(s.dict_name, TYPED_DICTS_MODULE) for s in self.structures]
        return tuple(sorted(pairs, key=lambda pair: isort_key(pair[0])))

    @property
    def uses_idempotency_tokens(self) -> bool:
        return any(m.idempotency_token for op in self.operations for m in op.arguments)

    @property
    def uses_wire_module(self) -> bool:
        """Whether a model writes a blob or text timestamp, or the client fills a token."""
        return self.uses_idempotency_tokens or any(s.uses_wire for s in self.structures)

    @property
    def omitted_runtime_modules(self) -> frozenset[str]:
        """Runtime modules this package does not need, left out of it."""
        omitted = set[str]()
        if not self.endpoints.extra_functions:
            omitted.add("_rules_extra.py")
        if not self.compresses_requests:
            omitted.add("_compression.py")
        if not self.uses_wire_module:
            omitted.add("_wire.py")
        if not self.paginations:
            omitted.add("_paginate.py")
        if not self.waiters:
            omitted.add("_waiter.py")
        return frozenset(omitted)

    @property
    def compresses_requests(self) -> bool:
        """Whether an operation may gzip its body (the client then takes the settings)."""
        return any(op.compressed for op in self.operations)

    @property
    def paginations(self) -> tuple[Pagination, ...]:
        """The paginated operations' paginators, in operation order."""
        return tuple(op.pagination for op in self.operations if op.pagination is not None)

    @property
    def paginators_use_schemas(self) -> bool:
        """Whether a ``PaginatorSpec`` names token shapes (``_paginators`` then imports them)."""
        return any(pagination.token_schemas for pagination in self.paginations)

    @property
    def waiter_helpers(self) -> tuple[str, ...]:
        """The runtime's JMESPath helpers the ``_waiters`` module imports."""
        return tuple(sorted({name for waiter in self.waiters for name in waiter.helpers}))

    @property
    def errors_have_members(self) -> bool:
        return any(error.members for error in self.errors)

    @property
    def client_annotation_imports(self) -> tuple[str, ...]:
        """Model classes the client's signatures name: arguments and responses."""
        names: set[str] = set()
        for op in self.operations:
            if op.output is not None:
                names.add(op.output.class_name)
            names.update(n for m in op.arguments if (n := m.type.innermost.class_name))
        for pagination in self.paginations:
            names.add(pagination.page_class)
            if (item := pagination.item_type.innermost.class_name) is not None:
                names.add(item)
        return tuple(sorted(names, key=isort_key))

    @property
    def client_literal_imports(self) -> tuple[str, ...]:
        """``Literal`` aliases the client's signatures name (paginators' items included)."""
        types = [m.type for op in self.operations for m in op.arguments]
        types += [pagination.item_type for pagination in self.paginations]
        return literal_imports(types)

    @property
    def typed_dicts_literal_imports(self) -> tuple[str, ...]:
        return literal_imports(m.type for s in self.structures for m in s.members)

    @property
    def error_literal_imports(self) -> tuple[str, ...]:
        """``Literal`` aliases that error properties return."""
        return literal_imports(m.type for e in self.errors for m in e.members)

    @property
    def error_annotation_imports(self) -> tuple[str, ...]:
        """Model classes that error properties return."""
        names = {
            name for e in self.errors for m in e.members if (name := m.type.innermost.class_name)
        }
        return tuple(sorted(names, key=isort_key))

    @property
    def client_uses_timestamps(self) -> bool:
        """Whether a client method takes a timestamp argument (needs ``datetime``)."""
        return any(m.type.uses(Kind.TIMESTAMP) for op in self.operations for m in op.arguments)

    @property
    def client_uses_documents(self) -> bool:
        """Whether a client method takes a document-typed argument (needs ``JsonValue``)."""
        return any(m.type.uses(Kind.DOCUMENT) for op in self.operations for m in op.arguments)

    @property
    def typed_dicts_use_not_required(self) -> bool:
        """Whether a TypedDict has an optional key (a structure's optional member)."""
        return any(s.optional_members for s in self.structures)

    @property
    def typed_dicts_use_documents(self) -> bool:
        return any(s.uses_documents for s in self.structures)

    @property
    def typed_dicts_stdlib_imports(self) -> tuple[str, ...]:
        return tuple(sorted({m for s in self.structures for m in s.stdlib_imports}))


def _by_module(pairs: Iterable[tuple[str, str]]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(name, module) pairs grouped into one sorted import per module, as isort writes them."""
    modules: dict[str, list[str]] = {}
    for name, module in pairs:
        modules.setdefault(module, []).append(name)
    return tuple(
        (module, tuple(sorted(names, key=isort_key)))
        for module, names in sorted(modules.items(), key=lambda item: item[0].lower())
    )


def isort_key(name: str) -> tuple[str, str]:
    """isort's (and ruff's) default order within a section: case-insensitive."""
    return (name.lower(), name)


def build_package(
    spec: ServiceSpec,
    operation_names: Sequence[str] | None = None,
    *,
    with_cli: bool = False,
    package_name: str | None = None,
) -> Package:
    """The IR of the package for ``operation_names`` (all operations when ``None``).

    The package is named after the service (``cognito_idp``) unless ``package_name`` is given.
    """
    metadata = spec.model["metadata"]
    chosen = sorted(spec.model["operations"]) if operation_names is None else list(operation_names)
    unknown = [name for name in chosen if name not in spec.model["operations"]]
    if unknown:
        raise ModelError(f"unknown operation(s) for {spec.name}: {', '.join(unknown)}")
    if len(set(chosen)) != len(chosen):
        raise ModelError("an operation is listed twice")
    model = _with_empty_inputs(spec.model, chosen)
    all_operations: Mapping[str, Any] = model["operations"]

    service_id: str = metadata["serviceId"]
    prefix = naming.service_class_prefix(service_id)
    client_name, base_error_name = f"{prefix}Client", f"{prefix}Error"
    table = ShapeTable(model, reserved=(client_name, base_error_name))
    left_out = {
        name: reason
        for name in chosen
        if (reason := unsupported_reason(model, all_operations[name])) is not None
    }
    if operation_names is not None and left_out:
        raise ModelError("; ".join(f"{name}: {why}" for name, why in sorted(left_out.items())))
    raw_operations = [all_operations[name] for name in sorted(chosen) if name not in left_out]
    if not raw_operations:
        raise ModelError(
            f"{spec.name}: no operation left to generate ("
            + "; ".join(f"{name}: {why}" for name, why in sorted(left_out.items()))
            + ")"
        )
    for op in raw_operations:
        if op.get("endpointdiscovery", {}).get("required"):
            raise ModelError(
                f"operation {op['name']} requires endpoint discovery, which is not supported"
            )
    shape_names = table.reachable(_roots(raw_operations, model["shapes"]))
    structures = [table.structure(n) for n in shape_names if n in table.class_names]
    _check_modules(structures)
    # Errors' members are typed too (an enum member's Literal), though errors are no models,
    # and have schemas (a property reading one names a mismatch by it).
    error_held = [
        ref["shape"]
        for name in sorted({e["shape"] for op in raw_operations for e in op.get("errors", ())})
        for ref in model["shapes"][name].get("members", {}).values()
    ]
    typed_shapes = sorted(set(shape_names) | set(table.reachable(error_held)))
    literals = _literals(table.type_ref(n) for n in typed_shapes)
    _check_literal_names(literals, structures)
    paginators = spec.paginators
    operations = tuple(
        _operation(table, op, paginators.get(op["name"]), service_id) for op in raw_operations
    )
    # A paginator we cannot follow costs its paginate_* method, not the operation.
    left_out |= {
        f"{op.name} paginator": op.pagination_problem
        for op in operations
        if op.pagination_problem is not None
    }
    waiters, waiter_problems = _waiters(spec.waiters, operations)
    left_out |= waiter_problems
    errors = {e.name: e for op in operations for e in op.errors}
    package = Package(
        name=spec.name,
        package=package_name or naming.package_name(spec.name),
        service_id=service_id,
        client_name=client_name,
        base_error_name=base_error_name,
        api_version=metadata["apiVersion"],
        target_prefix=metadata["targetPrefix"],
        json_version=metadata["jsonVersion"],
        signing_name=metadata.get("signingName", metadata["endpointPrefix"]),
        env_name=naming.env_name(service_id),
        config_key=naming.config_key(service_id),
        documentation=html_to_text(model.get("documentation", "")),
        operations=operations,
        structures=tuple(sorted(structures, key=lambda s: isort_key(s.class_name))),
        errors=tuple(errors[name] for name in sorted(errors)),
        literals=literals,
        schema=build_schema_table(table, typed_shapes, {s.name for s in structures}),
        endpoints=build_endpoint_source(
            spec.endpoint_rules,
            spec.partitions,
            service_bindings(model, [name for name in chosen if name not in left_out]),
        ),
        with_cli=with_cli,
        spec_sha256=spec.sha256,
        botocore_version=spec.provenance["botocore_version"],
        left_out=tuple(sorted(left_out.items())),
        query_compatible="awsQueryCompatible" in metadata,
        error_class_from_type=customizations.error_class_from_type(service_id),
        api_version_operations=tuple(
            op["name"] for op in raw_operations if op.get("endpointoperation")
        ),
        extras=service_extras(spec.name, {s.class_name for s in structures}),
        waiters=waiters,
    )
    return attrs.evolve(package, cli=build_cli_model(package)) if with_cli else package


def unsupported_reason(model: Mapping[str, Any], op: Mapping[str, Any]) -> str | None:
    """Why ``op`` cannot be generated, or ``None``: an event stream in its input or output.

    Event streams (Kinesis ``SubscribeToShard``, CloudWatch Logs ``StartLiveTail``)
    are a binary framing over a long-lived response that this client does not read.
    """
    shapes: Mapping[str, Any] = model["shapes"]
    for part in ("input", "output"):
        if part not in op:
            continue
        for ref in shapes[op[part]["shape"]].get("members", {}).values():
            if shapes[ref["shape"]].get("eventstream"):
                return f"its {part} is an event stream, which this client does not support"
    return None


def _with_empty_inputs(model: Mapping[str, Any], chosen: Iterable[str]) -> Mapping[str, Any]:
    """``model`` where each chosen operation without an input shape has an empty one.

    Such an operation (ACM's ``ListCertificates`` in older models) takes no
    arguments and sends ``{}``, as botocore does; an empty request model lets
    every layer treat it like any other operation.
    """
    operations = dict(model["operations"])
    shapes = dict(model["shapes"])
    for name in chosen:
        if "input" in operations[name]:
            continue
        shape_name = f"{name}Input"
        while shape_name in shapes:
            shape_name += "_"
        shapes[shape_name] = {
            "type": "structure",
            "members": {},
            "documentation": f"<p>{name} takes no parameters.</p>",
        }
        operations[name] = {**operations[name], "input": {"shape": shape_name}}
    return {**model, "operations": operations, "shapes": shapes}


def _roots(operations: Iterable[Mapping[str, Any]], shapes: Mapping[str, Any]) -> list[str]:
    """The request and response shapes of ``operations``, and what their errors hold.

    Errors are not models themselves, but a member of one (``ComplexError.Nested``)
    may be a structure, parsed into its model class.
    """
    roots = [op[part]["shape"] for op in operations for part in ("input", "output") if part in op]
    errors = {error["shape"] for op in operations for error in op.get("errors", ())}
    held = (ref["shape"] for name in sorted(errors) for ref in shapes[name]["members"].values())
    roots += [shape for shape in held if shapes[shape]["type"] in ("structure", "list", "map")]
    return roots


def _check_modules(structures: Sequence[Structure]) -> None:
    modules = [s.module for s in structures] + [TYPED_DICTS_MODULE]
    if len(set(modules)) != len(modules):
        raise ModelError("two model classes map to the same module name")


def _literals(refs: Iterable[TypeRef]) -> tuple[LiteralAlias, ...]:
    aliases = [
        LiteralAlias(ref.literal, ref.shape_name, ref.constraints.enum)
        for ref in refs
        if ref.literal is not None
    ]
    return tuple(sorted(aliases, key=lambda alias: isort_key(alias.name)))


def _check_literal_names(literals: Sequence[LiteralAlias], structures: Sequence[Structure]) -> None:
    taken = {s.class_name for s in structures} | {s.dict_name for s in structures}
    clashes = sorted(alias.name for alias in literals if alias.name in taken)
    if clashes:
        raise ModelError(f"Literal alias(es) {clashes} clash with model class names")


def _waiters(
    configs: Mapping[str, Any], operations: Sequence[Operation]
) -> tuple[tuple[Waiter, ...], dict[str, str]]:
    """The waiters of the generated operations, and why any of them cannot be followed.

    A waiter on an operation the package leaves out is not offered, as the
    operation is not; one whose entry this generator cannot follow costs its
    ``wait_until_*`` method, named in ``left_out``.
    """
    by_name = {op.name: op for op in operations}
    waiters: list[Waiter] = []
    problems: dict[str, str] = {}
    for name, config in sorted(configs.items()):
        operation = by_name.get(config.get("operation", ""))
        if operation is None:
            continue
        try:
            if operation.output is None:
                raise ModelError(f"waiter {name}: {operation.name} has no output to match")
            waiters.append(
                build_waiter(
                    name,
                    config,
                    operation_method=operation.method_name,
                    arguments=operation.arguments,
                )
            )
        except ModelError as exc:
            problems[f"{name} waiter"] = str(exc)
    return tuple(waiters), problems


def _operation(
    table: ShapeTable,
    op: Mapping[str, Any],
    paginator: Mapping[str, Any] | None,
    service_id: str,
) -> Operation:
    name: str = op["name"]
    auth: Iterable[str] = op.get("auth", ())
    method_name = naming.method_name(name)
    operation = Operation(
        name=name,
        method_name=method_name,
        cli_name=naming.kebab_case(name),
        documentation=html_to_text(op.get("documentation", "")),
        input=table.structure(op["input"]["shape"]),
        output=table.structure(op["output"]["shape"]) if "output" in op else None,
        errors=tuple(table.error(e["shape"]) for e in op.get("errors", ())),
        signed=NO_AUTH not in auth and op.get("authtype") != "none",
        compressed="gzip" in op.get("requestcompression", {}).get("encodings", ()),
        method_alias=customizations.method_alias(service_id, method_name),
    )
    if paginator is None:
        return operation
    try:
        pagination = build_pagination(
            table,
            paginator,
            operation=name,
            request=operation.input,
            response=operation.output,
            arguments=operation.arguments,
            request_values=operation.request_values,
        )
    except ModelError as exc:
        return attrs.evolve(operation, pagination_problem=str(exc))
    return attrs.evolve(operation, pagination=pagination)
