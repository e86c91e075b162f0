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


def command(service: str, out: Path, *, suite: bool, cwd: Path = ROOT) -> list[str]:
    """The documented command for one example; the suite's folder is relative to ``cwd``."""
    argv = [
        sys.executable, "-m", "codegen",
        "--service", service,
        "--operations", ",".join(EXAMPLES[service]),
        "--out", str(out),
        "--specs", str(ROOT / "specs"),
        "--force",
    ]  # fmt: skip
    if suite:
        argv += ["--with-contract-tests", f"tests/contract_examples/{service.replace('-', '_')}"]
    return argv


def generate(out: Path, *, suites: bool = False, cwd: Path = ROOT) -> None:
    """The example clients into ``out``; with ``suites``, the suites below ``cwd`` as well."""
    for service in EXAMPLES:
        if suites:
            subprocess.run(
                command(service, out, suite=True, cwd=cwd), cwd=cwd, check=True, capture_output=True
            )
        else:
            render_package(
                build_package(load_spec(ROOT / "specs", service), EXAMPLES[service]), out
            )


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    suites = "--suites" in args
    [folder] = [arg for arg in args if arg != "--suites"]
    generate(Path(folder), suites=suites)
    return 0


if __name__ == "__main__":
    sys.exit(main())
