"""Refresh ``specs/<service>/`` from the installed botocore and report what changed.

This is the only part of the generator that imports botocore: it locates the
model files, writes them uncompressed next to a provenance file, and prints the
changes that matter for the operations we generate (members, constraints,
errors). Generation itself only ever reads the pinned copies.
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import hashlib
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from .load import (
    OPTIONAL_FILES,
    PROVENANCE_FILE,
    SPEC_FILES,
    WAITERS_FILE,
    load_service_json,
)

CONSTRAINT_KEYS = ("type", "min", "max", "pattern", "enum", "box")


def botocore_data_files(service: str) -> dict[str, Path]:
    """Return the installed botocore's files for ``service`` keyed by our spec file name.

    The newest API version holding a ``service-2.json`` wins, as botocore's
    loader picks it (dynamodb also ships a 2011 folder with rules only).
    """
    data = _botocore_data()
    folder = data / service
    versions = (
        sorted(v for v in folder.iterdir() if _compressed_or_plain(v / "service-2.json").exists())
        if folder.is_dir()
        else []
    )
    if not versions:
        raise SystemExit(f"botocore has no model for {service!r}")
    latest = versions[-1]
    files = {
        "service-2.json": _compressed_or_plain(latest / "service-2.json"),
        "endpoint-rule-set-1.json": _compressed_or_plain(latest / "endpoint-rule-set-1.json"),
        "partitions.json": _compressed_or_plain(data / "partitions.json"),
    }
    for name in OPTIONAL_FILES:
        optional = _compressed_or_plain(latest / name)
        if optional.exists():
            files[name] = optional
    return files


def _botocore_data() -> Path:
    import botocore  # noqa: PLC0415 - only this refresh step needs botocore

    return Path(botocore.__file__).parent / "data"


def _compressed_or_plain(path: Path) -> Path:
    gz = path.with_name(path.name + ".gz")
    return gz if gz.exists() else path


def _read(path: Path) -> bytes:
    raw = path.read_bytes()
    return gzip.decompress(raw) if path.suffix == ".gz" else raw


def _normalise(raw: bytes) -> bytes:
    """Pretty-print so that diffs of the pinned model stay reviewable."""
    return (json.dumps(json.loads(raw), indent=2, sort_keys=False) + "\n").encode()


def _member_summary(model: Mapping[str, Any], shape_name: str, seen: set[str]) -> dict[str, Any]:
    """Flatten the shape tree below ``shape_name`` into {path: constraints}."""
    out: dict[str, Any] = {}
    shape = model["shapes"][shape_name]
    if shape_name in seen:
        return out
    seen = seen | {shape_name}
    for name, member in shape.get("members", {}).items():
        target = model["shapes"][member["shape"]]
        info = {k: target[k] for k in CONSTRAINT_KEYS if k in target}
        info["required"] = name in shape.get("required", [])
        out[name] = info
        for sub, sub_info in _member_summary(model, member["shape"], seen).items():
            out[f"{name}.{sub}"] = sub_info
    for key in ("member", "key", "value"):
        if key in shape:
            for sub, sub_info in _member_summary(model, shape[key]["shape"], seen).items():
                out[f"{key}.{sub}"] = sub_info
    return out


def describe_changes(
    old: Mapping[str, Any], new: Mapping[str, Any], operations: Sequence[str]
) -> list[str]:
    """Human-readable lines for each change affecting ``operations``."""
    lines: list[str] = []
    for op_name in operations:
        old_op = old["operations"].get(op_name)
        new_op = new["operations"].get(op_name)
        if old_op is None or new_op is None:
            if old_op != new_op:
                lines.append(f"{op_name}: operation {'added' if old_op is None else 'removed'}")
            continue
        for direction in ("input", "output"):
            old_members = (
                _member_summary(old, old_op[direction]["shape"], set())
                if direction in old_op
                else {}
            )
            new_members = (
                _member_summary(new, new_op[direction]["shape"], set())
                if direction in new_op
                else {}
            )
            for path in sorted(old_members.keys() | new_members.keys()):
                before, after = old_members.get(path), new_members.get(path)
                if before == after:
                    continue
                if before is None:
                    lines.append(f"{op_name} {direction}: member {path} added {after}")
                elif after is None:
                    lines.append(f"{op_name} {direction}: member {path} removed")
                else:
                    lines.append(f"{op_name} {direction}: member {path} {before} -> {after}")
        old_errors = {e["shape"] for e in old_op.get("errors", [])}
        new_errors = {e["shape"] for e in new_op.get("errors", [])}
        lines.extend(f"{op_name}: error {e} added" for e in sorted(new_errors - old_errors))
        lines.extend(f"{op_name}: error {e} removed" for e in sorted(old_errors - new_errors))
    return lines


def pinned_services(specs_dir: Path) -> list[str]:
    """The services pinned under ``specs_dir``: every folder with a provenance file."""
    return sorted(p.parent.name for p in specs_dir.glob(f"*/{PROVENANCE_FILE}"))


def update_specs(
    service: str, specs_dir: Path, operations: Sequence[str] | None = None
) -> list[str]:
    """Copy botocore's model into ``specs_dir/service`` and return the change report.

    The report covers ``operations``, or every operation of the service when ``None``.
    """
    import botocore  # noqa: PLC0415

    target = specs_dir / service
    target.mkdir(parents=True, exist_ok=True)
    empty: dict[str, Any] = {"operations": {}, "shapes": {}}
    pinned = target / "service-2.json"
    old_model = load_service_json(pinned) if pinned.exists() else empty
    old_waiters = _pinned_waiters(target)
    old_provenance_path = target / PROVENANCE_FILE
    old_provenance = load_service_json(old_provenance_path) if old_provenance_path.exists() else {}
    files: dict[str, dict[str, str]] = {}
    for name, source in botocore_data_files(service).items():
        content = _normalise(_read(source))
        (target / name).write_bytes(content)
        files[name] = {
            "source": "botocore/" + source.relative_to(_botocore_data().parent).as_posix(),
            "sha256": hashlib.sha256(content).hexdigest(),
        }
    assert set(files) - set(OPTIONAL_FILES) == set(SPEC_FILES)
    for name in set(OPTIONAL_FILES) - set(files):
        # botocore dropped the file: so does the pin (and the digest).
        (target / name).unlink(missing_ok=True)
    unchanged = (
        old_provenance.get("files") == files
        and old_provenance.get("botocore_version") == botocore.__version__
    )
    provenance = {
        "service": service,
        "botocore_version": botocore.__version__,
        # A refresh that changes nothing keeps the date, so it leaves no diff.
        "retrieved": old_provenance["retrieved"]
        if unchanged
        else datetime.date.today().isoformat(),
        "files": files,
    }
    (target / PROVENANCE_FILE).write_text(json.dumps(provenance, indent=2) + "\n")
    new_model = load_service_json(target / "service-2.json")
    if operations is None:
        operations = sorted(old_model["operations"].keys() | new_model["operations"].keys())
    changes = describe_changes(old_model, new_model, operations)
    return changes + describe_waiter_changes(old_waiters, _pinned_waiters(target))


def _pinned_waiters(folder: Path) -> dict[str, Any]:
    path = folder / WAITERS_FILE
    if not path.exists():
        return {}
    waiters: dict[str, Any] = load_service_json(path)["waiters"]
    return waiters


def describe_waiter_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    """One line per waiter of ``waiters-2.json`` added, removed or changed."""
    lines = [f"waiter {name} added" for name in sorted(new.keys() - old.keys())]
    lines += [f"waiter {name} removed" for name in sorted(old.keys() - new.keys())]
    lines += [
        f"waiter {name} changed (operation, delay, attempts or acceptors)"
        for name in sorted(old.keys() & new.keys())
        if old[name] != new[name]
    ]
    return lines


NEXT_STEPS = """\
Next: run `nox -s generate` to regenerate generated/ from the refreshed specs, then
review `git diff specs/ generated/` and commit both together (`nox -s check_generated`
fails until generated/ matches specs/)."""


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "services",
        nargs="*",
        help="botocore service names, e.g. dynamodb sqs (default: every service pinned in --specs)",
    )
    parser.add_argument("--specs", type=Path, default=Path("specs"))
    parser.add_argument(
        "--operations",
        help="comma-separated operation names to report changes for (default: all)",
    )
    args = parser.parse_args(argv)
    services = args.services or pinned_services(args.specs)
    if not services:
        parser.error(f"no service given and none pinned in {args.specs}")
    operations = args.operations.split(",") if args.operations else None
    for service in services:
        changes = update_specs(service, args.specs, operations)
        print(f"== {service}")
        print("\n".join(changes) if changes else "No changes.")
    print(NEXT_STEPS)


if __name__ == "__main__":
    main()
