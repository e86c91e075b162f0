"""Generate the example clients (and, with ``--suites``, their contract suites) from specs/.

    python -m tests.contract_examples.generate DIR            # the clients, into DIR
    python -m tests.contract_examples.generate DIR --suites   # and the suites, in place

``nox -s record`` runs it before recording the examples.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from codegen.ir import build_package
from codegen.load import load_spec
from codegen.render import render_package

from . import EXAMPLES

ROOT = Path(__file__).resolve().parents[2]


def suite_command(service: str, out: Path) -> list[str]:
    """The documented command for one example: its client into ``out``, its suite in place."""
    return [
        sys.executable, "-m", "codegen",
        "--service", service,
        "--operations", ",".join(EXAMPLES[service]),
        "--out", str(out),
        "--specs", str(ROOT / "specs"),
        "--with-contract-tests", f"tests/contract_examples/{service.replace('-', '_')}",
        "--force",
    ]  # fmt: skip


def generate(out: Path, *, suites: bool = False) -> None:
    """The example clients into ``out``; with ``suites``, their suites in place as well."""
    for service in EXAMPLES:
        if suites:
            subprocess.run(suite_command(service, out), cwd=ROOT, check=True, capture_output=True)
        else:
            spec = load_spec(ROOT / "specs", service)
            render_package(build_package(spec, EXAMPLES[service]), out)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    suites = "--suites" in args
    [folder] = [arg for arg in args if arg != "--suites"]
    generate(Path(folder), suites=suites)
    return 0


if __name__ == "__main__":
    sys.exit(main())
