"""Run mypy and pyright over the user-code examples; normalised output, one run of each.

The examples (``examples/*.py``) import the committed package as an installed
user would, ``cognito_idp``. The output is normalised to ``file:line: severity:
message`` with paths relative to ``examples/`` and no version or summary lines,
so it only changes when the typing does.

Update the expected output after an intended change:
``python -m tests.typing.checkers --update`` (then review the diff).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
EXAMPLES = HERE / "examples"
EXPECTED = HERE / "expected"
PACKAGES = ROOT / "generated"
"""Where ``cognito_idp`` is found, as if installed."""


def run_mypy() -> str:
    """mypy --strict over every example, one line per message."""
    with tempfile.TemporaryDirectory() as folder:
        config = Path(folder, "mypy.ini")
        config.write_text(f"[mypy]\nstrict = True\npython_version = 3.11\ncache_dir = {folder}\n")
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "mypy",
                "--config-file",
                str(config),
                "--no-error-summary",
                "--hide-error-context",
                "--no-pretty",
                "--no-color-output",
                *_examples(),
            ],
            cwd=EXAMPLES,
            env={**os.environ, "MYPYPATH": str(PACKAGES)},
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    if result.returncode not in (0, 1) or result.stderr:
        raise RuntimeError(f"mypy failed to run:\n{result.stdout}{result.stderr}")
    return _sorted_lines(result.stdout.splitlines())


def run_pyright() -> str:
    """pyright strict over every example, one line per diagnostic."""
    with tempfile.TemporaryDirectory() as folder:
        config = Path(folder, "pyrightconfig.json")
        config.write_text(
            json.dumps(
                {
                    "extraPaths": [str(PACKAGES)],
                    "typeCheckingMode": "strict",
                    "pythonVersion": "3.11",
                    "reportMissingTypeStubs": False,
                }
            )
        )
        result = subprocess.run(
            [
                "pyright",
                "--outputjson",
                "--pythonpath",
                sys.executable,
                "--project",
                str(config),
                *_examples(),
            ],
            cwd=EXAMPLES,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    if result.returncode not in (0, 1):
        raise RuntimeError(f"pyright failed to run:\n{result.stdout}{result.stderr}")
    lines = []
    for diagnostic in json.loads(result.stdout)["generalDiagnostics"]:
        name = Path(diagnostic["file"]).relative_to(EXAMPLES)
        line = diagnostic["range"]["start"]["line"] + 1
        rule = f"  [{diagnostic['rule']}]" if "rule" in diagnostic else ""
        parts = diagnostic["message"].replace("\u00a0", " ").splitlines()
        message = "; ".join(part.strip() for part in parts)
        lines.append(f"{name}:{line}: {diagnostic['severity']}: {message}{rule}")
    return _sorted_lines(lines)


def _examples() -> list[str]:
    return sorted(path.name for path in EXAMPLES.glob("*.py"))


def _sorted_lines(lines: list[str]) -> str:
    """By file, then line number; checkers may list files in any order."""

    def key(line: str) -> tuple[str, int, str]:
        name, number, rest = line.split(":", 2)
        return name, int(number), rest

    return "".join(f"{line}\n" for line in sorted(lines, key=key))


CHECKERS = {"mypy": run_mypy, "pyright": run_pyright}


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.typing.checkers", description=__doc__)
    parser.add_argument("--update", action="store_true", help="write expected/<checker>.txt")
    args = parser.parse_args()
    for name, run in CHECKERS.items():
        output = run()
        if args.update:
            (EXPECTED / f"{name}.txt").write_text(output)
        print(f"== {name}\n{output}", end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
