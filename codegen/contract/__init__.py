"""The contract-test suite of a generated client: ``--with-contract-tests DIR``.

Writes, into ``DIR`` (a Python package):

* ``suite.py``: the operations, the cases derived from the model (:mod:`.cases`) with the
  fault server's replies, and where the cassettes live;
* ``model.json``: the operations' part of the pinned model, botocore's oracle;
* ``_contract.py``: the shared machinery (this package's ``support.py``, copied);
* ``test_contract.py``, ``conftest.py``, ``record.py``: the replay tests and the recorder;
* ``prepare.py``: the per-service hook that makes the emulator's state. Written once
  (from ``prepare/<service>.py`` when shipped) and never overwritten: it is the user's.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, cast

from ..ir import Package
from ..ir.shapes import reachable_shapes
from ..load import ServiceSpec
from .cases import (
    BAD_GATEWAY_PAGE,
    SERVICE_UNAVAILABLE_PAGE,
    ContractCase,
    WireReply,
    derive_cases,
)

__all__ = ["planned_options", "record_command", "suite_refusal", "write_suite"]

HERE = Path(__file__).resolve().parent
FILES = HERE / "files"
PREPARE_HOOKS = HERE / "prepare"
MARKER = ".contract.json"
GENERATED = (
    "__init__.py",
    "_contract.py",
    "conftest.py",
    "model.json",
    "record.py",
    "suite.py",
    "test_cli_replay.py",
    "test_contract.py",
    "test_recorder.py",
)
NAMED_PAGES = {
    BAD_GATEWAY_PAGE: "BAD_GATEWAY_PAGE",
    SERVICE_UNAVAILABLE_PAGE: "SERVICE_UNAVAILABLE_PAGE",
}


def planned_options(
    package: Package, out: Path, suite_dir: Path, cwd: Path | None = None
) -> dict[str, object]:
    """What the suite records in its marker: refused over a suite of other options."""
    cwd = cwd or Path.cwd()
    cassettes = (cwd / "cassettes" / package.name).resolve()
    return {
        "service": package.name,
        "operations": [op.name for op in package.operations],
        "client_package": client_import_name(out, package, cwd),
        "cassette_dir": Path(os.path.relpath(cassettes, suite_dir.resolve())).as_posix(),
        "with_cli": package.with_cli,
    }


def record_command(suite_dir: Path, cwd: Path | None = None) -> str:
    """``python -m <suite module>.record``, the suite's module named from the current folder."""
    cwd = cwd or Path.cwd()
    try:
        parts = suite_dir.resolve().relative_to(cwd.resolve()).parts
    except ValueError:
        parts = (suite_dir.name,)
    return f"python -m {'.'.join(parts)}.record"


def suite_refusal(suite_dir: Path, options: Mapping[str, object]) -> str | None:
    """Why ``suite_dir`` must not be written without ``--force``; None when it may be."""
    if not suite_dir.exists() or not any(suite_dir.iterdir()):
        return None
    marker = suite_dir / MARKER
    if not marker.is_file():
        clashing = sorted(name for name in GENERATED if (suite_dir / name).exists())
        if not clashing:
            return None
        return (
            f"{suite_dir} holds {', '.join(clashing)}, not written by codegen (no {MARKER});"
            " choose another folder for --with-contract-tests, or pass --force to replace them"
        )
    recorded = json.loads(marker.read_text())
    if recorded == dict(options):
        return None
    return (
        f"{suite_dir} holds the contract suite of {recorded.get('service')}"
        f" ({', '.join(map(str, recorded.get('operations', [])))}), not of"
        f" {options['service']} ({', '.join(map(str, options['operations']))});"  # type: ignore[call-overload]
        " choose another folder, or pass --force to replace it"
    )


def client_import_name(out: Path, package: Package, cwd: Path) -> str:
    """The dotted name the suite imports the client by: from the current folder when below it."""
    try:
        parts = (out.resolve() / package.package).relative_to(cwd.resolve()).parts
    except ValueError:
        return package.package
    return ".".join(parts) if all(part.isidentifier() for part in parts) else package.package


def write_suite(
    spec: ServiceSpec, package: Package, suite_dir: Path, out: Path, *, cwd: Path | None = None
) -> Path:
    """Write the contract suite of ``package`` into ``suite_dir`` and return it.

    Cassettes go to ``cassettes/<service>/`` below the current folder, one folder per operation.
    """
    cwd = cwd or Path.cwd()
    suite_dir.mkdir(parents=True, exist_ok=True)
    options = planned_options(package, out, suite_dir, cwd)
    client_package, cassette_path = str(options["client_package"]), str(options["cassette_dir"])
    command = record_command(suite_dir, cwd)
    files = {
        "__init__.py": f'"""Contract tests of the {package.service_id} client."""\n',
        "_contract.py": _generated_header(package) + (HERE / "support.py").read_text(),
        "conftest.py": _generated_header(package) + (FILES / "conftest.py").read_text(),
        "record.py": _generated_header(package) + (FILES / "record.py").read_text(),
        "test_contract.py": _generated_header(package) + (FILES / "test_contract.py").read_text(),
        "test_recorder.py": _generated_header(package) + (FILES / "test_recorder.py").read_text(),
        "model.json": json.dumps(_trimmed_model(spec, package), indent=1, sort_keys=True) + "\n",
        "suite.py": _suite_module(spec, package, client_package, cassette_path, command),
    }
    if package.with_cli:
        cli_tests = (FILES / "test_cli_replay.py").read_text()
        files["test_cli_replay.py"] = _generated_header(package) + cli_tests
    else:
        (suite_dir / "test_cli_replay.py").unlink(missing_ok=True)
    for name, text in files.items():
        (suite_dir / name).write_text(text)
    prepare = suite_dir / "prepare.py"
    if not prepare.exists():
        shipped = PREPARE_HOOKS / f"{package.name.replace('-', '_')}.py"
        source = shipped if shipped.is_file() else FILES / "default_prepare.py"
        prepare.write_text(source.read_text())
    (suite_dir / MARKER).write_text(json.dumps(options, indent=2) + "\n")
    return suite_dir


def _generated_header(package: Package) -> str:
    return (
        f"# Contract suite generated by codegen (--with-contract-tests) from specs/{package.name}\n"
        f"# (botocore {package.botocore_version}). Do not edit: regenerate.\n"
    )


# --- the model's part the suite needs ---------------------------------------------------------


def _trimmed_model(spec: ServiceSpec, package: Package) -> dict[str, Any]:
    """The chosen operations, the shapes they reach and the metadata; documentation dropped."""
    model = spec.model
    names = [op.name for op in package.operations]
    raw: Mapping[str, Any] = model["operations"]
    roots = [
        ref["shape"]
        for name in names
        for ref in (raw[name].get("input"), raw[name].get("output"), *raw[name].get("errors", ()))
        if ref
    ]
    operations = {name: _undocumented(raw[name]) for name in names}
    shapes = {
        name: _undocumented(model["shapes"][name])
        for name in reachable_shapes(model["shapes"], roots)
    }
    return {
        "version": model.get("version", "2.0"),
        "metadata": model["metadata"],
        "operations": operations,
        "shapes": shapes,
        "documentation": f"The part of specs/{spec.name}/service-2.json the contract suite needs.",
    }


def _undocumented(value: object) -> object:
    """``value`` without its ``documentation`` and ``examples`` keys, at any depth."""
    if isinstance(value, dict):
        mapping = cast("dict[str, object]", value)
        return {
            key: _undocumented(item)
            for key, item in mapping.items()
            if key not in ("documentation", "examples")
        }
    if isinstance(value, list):
        return [_undocumented(item) for item in cast("list[object]", value)]
    return value


# --- suite.py ---------------------------------------------------------------------------------


def _suite_module(
    spec: ServiceSpec,
    package: Package,
    client_package: str,
    cassette_path: str,
    record_command: str,
) -> str:
    cases = [
        case
        for op in package.operations
        for case in derive_cases(spec.model, op.name, spec.paginators.get(op.name))
    ]
    operations = "\n".join(_operation_entry(op) for op in package.operations)
    full_sha = spec.provenance["files"]["service-2.json"]["sha256"]
    lines = [
        _generated_header(package).rstrip("\n"),
        f'"""The contract suite of {package.client_name}: its operations, cases and cassettes.',
        "",
        "Cases are derived from the model: the fault server answers them with the replies below,",
        "synthesized in the service's wire format. The emulator's cases are in ``prepare.py``.",
        f'Record every cassette again: ``{record_command}``."""',
        "",
        "from __future__ import annotations",
        "",
        "from pathlib import Path",
        "",
        "from . import prepare",
        "from ._contract import Case, Operation, Reply, Suite",
        "",
        "HERE = Path(__file__).resolve().parent",
        *_page_constants(cases),
        "",
        "OPERATIONS = {",
        operations,
        "}",
        "",
        "CASES = (",
        *(_case_entry(case) for case in cases),
        ")",
        "",
        "SUITE = Suite(",
        f"    service={spec.name!r},",
        f"    signing_name={package.signing_name!r},",
        f"    client_package={client_package!r},",
        f"    client_class={package.client_name!r},",
        f"    base_error={package.base_error_name!r},",
        '    model_file=HERE / "model.json",',
        f"    model_sha256={full_sha!r},",
        f"    model_botocore={package.botocore_version!r},",
        "    operations=OPERATIONS,",
        "    cases=CASES + prepare.CASES,",
        f"    cassette_dir=(HERE / {cassette_path!r}).resolve(),",
        "    prepare=prepare.prepare,",
        f"    record_command={record_command!r},",
        ")",
        "",
    ]
    return "\n".join(lines)


def _page_constants(cases: Iterable[ContractCase]) -> list[str]:
    used = {reply.body for case in cases for reply in case.replies} & set(NAMED_PAGES)
    lines: list[str] = []
    for page in sorted(used, key=NAMED_PAGES.__getitem__):
        lines += ["", f"{NAMED_PAGES[page]} = ("]
        lines += [f"    {line!r}" for line in page.splitlines(keepends=True)]
        lines.append(")")
    return lines


def _operation_entry(op: Any) -> str:
    fields = [
        f"name={op.name!r}",
        f"method={op.method_name!r}",
        f"request_class={op.input.class_name!r}",
        f"cli_name={op.cli_name!r}",
    ]
    pagination = op.pagination
    if pagination is not None and op.pagination_problem is None:
        fields += [
            f"paginate_method={pagination.method_name!r}",
            f"input_tokens={tuple(pagination.input_tokens)!r}",
            f"output_tokens={tuple(pagination.output_tokens)!r}",
            f"token_arguments={_token_arguments(op, pagination.input_tokens)!r}",
        ]
    return f"    {op.name!r}: Operation({', '.join(fields)}),"


def _token_arguments(op: Any, tokens: Iterable[str]) -> tuple[str, ...]:
    by_wire = {member.wire_name: member.python_name for member in op.input.members}
    return tuple(by_wire[token] for token in tokens if token in by_wire)


def _reply(reply: WireReply) -> str:
    body = NAMED_PAGES.get(reply.body) or repr(json.loads(reply.body))
    return f"Reply(status={reply.status}, headers={dict(reply.headers)!r}, body={body})"


def _case_entry(case: ContractCase) -> str:
    fields = [
        f"operation={case.operation!r}",
        f"name={case.name!r}",
        f"summary={case.summary!r}",
        f"parameters={dict(case.parameters)!r}",
        f"expected={case.expected!r}",
        f"replies=({', '.join(_reply(reply) for reply in case.replies)},)",
    ]
    if case.max_attempts != 1:
        fields.append(f"max_attempts={case.max_attempts}")
    if case.paginate:
        fields.append("paginate=True")
    return f"    Case({', '.join(fields)}),"


def model_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
