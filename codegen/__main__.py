"""``python -m codegen --service cognito-idp --operations A,B --out generated/ [--with-cli]``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from .ir import ModelError, build_package
from .load import SpecError, load_spec
from .render import render_package


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m codegen", description=__doc__)
    parser.add_argument("--service", required=True, help="service name, e.g. cognito-idp")
    parser.add_argument(
        "--operations",
        help="comma-separated operation names (default: every operation of the service)",
    )
    parser.add_argument("--out", type=Path, required=True, help="folder to write the package in")
    parser.add_argument("--specs", type=Path, default=Path("specs"), help="pinned specs folder")
    parser.add_argument(
        "--with-cli",
        action="store_true",
        help="also generate the command line: the cli/ subpackage and __main__.py (off by default)",
    )
    parser.add_argument(
        "--package-name",
        help="name of the generated package (default: the service's, e.g. cognito_idp)",
    )
    args = parser.parse_args(argv)
    if args.package_name is not None and not args.package_name.isidentifier():
        parser.error(f"--package-name: {args.package_name!r} is not a Python identifier")
    operations = [name.strip() for name in args.operations.split(",")] if args.operations else None
    try:
        spec = load_spec(args.specs, args.service)
        package = build_package(
            spec, operations, with_cli=args.with_cli, package_name=args.package_name
        )
    except (SpecError, ModelError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    package_dir = render_package(package, args.out)
    for name, why in package.left_out:
        print(f"left out {name}: {why}", file=sys.stderr)
    print(
        f"wrote {package_dir} ({len(package.operations)} operations, "
        f"{len(package.structures)} models)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
