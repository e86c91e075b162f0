"""Project tasks. `nox` runs the default sessions: the README's test command.

Sessions that need requirements/test.txt do not each build a virtualenv: the
`test_env` session builds one (`.nox/test_env`, on the minimum Python) and
they run its tools, declared with `@_in_test_env` (`requires=["test_env"]`,
no virtualenv of their own). Independent sessions run in parallel, one per
core (`nox.options.parallel`), each one's output printed when it ends.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

import nox

nox.options.default_venv_backend = "uv|virtualenv"
nox.options.reuse_existing_virtualenvs = True
nox.options.error_on_missing_interpreters = True
nox.options.parallel = os.cpu_count() or 1
nox.options.sessions = [
    "lint",
    "check_generated",
    "test_env",
    "typecheck",
    "tests",
    "contract",
    "services",
    "protocol_typecheck",
    "typecheck_lowest",
    "pythons",
]

MIN_PYTHON = "3.11"
"""The oldest Python the package claims (pyproject's requires-python)."""
NEWER_PYTHONS = ("3.12", "3.13")
"""Every newer Python the package claims, up to the newest available: `nox -s pythons`."""

SERVICE = "cognito-idp"
# The committed client is the mission. The demo generates the operations it needs
# to make state at run time (tests/setup_client.py).
OPERATIONS = ("UpdateUserPoolDomain",)
PACKAGE_DIR = Path("generated") / "cognito_idp"
CONTRACT_SUITE = Path("tests") / "contract"
# The contract suites committed as examples (tests/contract_examples/); nox -s record records them.
CONTRACT_EXAMPLES = ("dynamodb", "sqs", "secretsmanager")
CONSTRAINTS = ("-c", "requirements/constraints.txt")


def _install(session: nox.Session, *requirement_files: str) -> None:
    args: list[str] = []
    for name in requirement_files:
        args += ["-r", f"requirements/{name}.txt"]
    session.install(*args, *CONSTRAINTS)


def _generate(session: nox.Session, out: Path, *extra: str) -> None:
    session.run(
        "python", "-m", "codegen",
        "--service", SERVICE,
        "--operations", ",".join(OPERATIONS),
        "--out", str(out),
        "--with-cli",
        *extra,
    )  # fmt: skip


_SessionFunction = Callable[[nox.Session], None]


def _in_test_env(function: _SessionFunction) -> _SessionFunction:
    """A session that runs the tools of `test_env`'s virtualenv instead of building its own."""
    return nox.session(venv_backend="none", requires=["test_env"], allow_parallel=True)(function)


def _test_env_bin(session: nox.Session) -> Path:
    """The scripts folder of the virtualenv the `test_env` session made.

    Nox's folder is relative to this file's, where sessions start: not to the
    folder a session may have changed to since.
    """
    envdir = Path(__file__).resolve().parent / session.cache_dir.parent
    return envdir / "test_env" / "bin"


def _run_in_test_env(session: nox.Session, tool: str, *args: str) -> None:
    """Run ``tool`` from test_env, its folder first on PATH (as in an activated virtualenv)."""
    scripts = _test_env_bin(session)
    environment = {
        "PATH": os.pathsep.join([str(scripts), os.environ.get("PATH", "")]),
        "VIRTUAL_ENV": str(scripts.parent),
    }
    session.run(str(scripts / tool), *args, env=environment, external=True)


@nox.session(python=MIN_PYTHON, allow_parallel=True)
def test_env(session: nox.Session) -> None:
    """Build the one virtualenv of requirements/test.txt the test and typing sessions share."""
    _install(session, "test")


@nox.session(allow_parallel=True)
def lint(session: nox.Session) -> None:
    """ruff check and ruff format --check over everything."""
    session.install("ruff", *CONSTRAINTS)
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@_in_test_env
def typecheck(session: nox.Session) -> None:
    """mypy --strict over codegen/, generated/ and tests/; pyright strict over the first two."""
    _run_in_test_env(session, "mypy", "codegen", "generated", "tests")
    _run_in_test_env(session, "pyright", "codegen", "generated")


@_in_test_env
def protocol_typecheck(session: nox.Session) -> None:
    """mypy --strict and pyright strict over the client of every protocol-vector model (~1 min)."""
    with tempfile.TemporaryDirectory() as folder:
        _run_in_test_env(session, "python", "-m", "tests.protocol.generate_all", folder)
        names = (Path(folder) / "packages.txt").read_text().split()
        (Path(folder) / "pyrightconfig.json").write_text('{"typeCheckingMode": "strict"}')
        session.chdir(folder)
        _run_in_test_env(session, "mypy", "--strict", *names)
        _run_in_test_env(session, "pyright", ".")


def _floors(requirement_file: str) -> list[str]:
    """``name==version`` for each ``name>=version`` of a requirements file: its lowest versions."""
    pins: list[str] = []
    for line in Path(f"requirements/{requirement_file}.txt").read_text().splitlines():
        name, separator, version = line.partition(">=")
        if separator and not line.startswith("#"):
            pins.append(f"{name.strip()}=={version.strip()}")
    return pins


@nox.session(python=MIN_PYTHON, requires=["test_env"], allow_parallel=True)
def typecheck_lowest(session: nox.Session) -> None:
    """mypy --strict and pyright strict over generated packages as a vendoring project has them.

    The virtualenv holds the runtime requirements at their lowest versions and the
    two checkers, nothing else: no types-requests, no types-PyYAML, no PyYAML.
    Checked: the committed package, and dynamodb and sqs generated whole with the
    command line (by test_env's Python, which has the generator's requirements).
    """
    session.install(
        *_floors("runtime"),
        f"mypy=={_pinned_version('mypy')}",
        f"pyright[nodejs]=={_pinned_version('pyright')}",
    )
    with tempfile.TemporaryDirectory() as folder:
        for service in ("dynamodb", "sqs"):
            _run_in_test_env(
                session, "python", "-m", "codegen", "--service", service,
                "--out", folder, "--with-cli",
            )  # fmt: skip
        ignore = shutil.ignore_patterns("__pycache__")
        shutil.copytree(PACKAGE_DIR, Path(folder) / PACKAGE_DIR.name, ignore=ignore)
        (Path(folder) / "pyrightconfig.json").write_text('{"typeCheckingMode": "strict"}')
        session.chdir(folder)
        packages = ("cognito_idp", "dynamodb", "sqs")
        session.run("mypy", "--strict", *(f"--package={name}" for name in packages))
        session.run("pyright", "--pythonpath", str(Path(session.bin) / "python"), ".")


@nox.session
def generate(session: nox.Session) -> None:
    """Regenerate generated/, its contract suite (tests/contract/) and the example suites."""
    _install(session, "codegen")
    _generate(session, Path("generated"), "--with-contract-tests", str(CONTRACT_SUITE), "--force")
    with tempfile.TemporaryDirectory() as clients:
        # The example suites' clients are not committed: generated here, thrown away.
        session.run("python", "-m", "tests.contract_examples.generate", clients, "--suites")


@nox.session(allow_parallel=True)
def check_generated(session: nox.Session) -> None:
    """Regenerate into a temporary folder and fail on any difference with generated/."""
    _install(session, "codegen")
    with tempfile.TemporaryDirectory() as tmp:
        _generate(session, Path(tmp))
        session.run(
            "diff",
            "-r",
            "-u",
            "--exclude=__pycache__",
            str(PACKAGE_DIR),
            str(Path(tmp) / PACKAGE_DIR.name),
            external=True,
        )


def _pinned_version(package: str) -> str:
    """The version ``requirements/constraints.txt`` pins for ``package``."""
    for line in Path("requirements/constraints.txt").read_text().splitlines():
        name, _, version = line.partition("==")
        if name.strip().lower() == package:
            return version.strip()
    raise ValueError(f"{package} is not pinned in requirements/constraints.txt")


def _split_botocore_option(args: Sequence[str]) -> tuple[str, list[str]]:
    """Take ``--botocore VERSION`` (or ``--botocore=VERSION``) out of ``args``."""
    version, rest = _pinned_version("botocore"), list(args)
    for index, arg in enumerate(rest):
        if arg == "--botocore" and index + 1 < len(rest):
            version = rest[index + 1]
            del rest[index : index + 2]
            break
        if arg.startswith("--botocore="):
            version = arg.partition("=")[2]
            del rest[index]
            break
    return version, rest


@nox.session
def update_specs(session: nox.Session) -> None:
    """Re-pin specs/ from botocore and print what changed, service by service.

    `nox -s update_specs -- [--botocore VERSION] [SERVICE ...]`: the version defaults to the
    one constraints.txt pins, the services to every one pinned under specs/. Then run
    `nox -s generate` and review the diff, as the session says when it ends.
    """
    version, args = _split_botocore_option(session.posargs)
    session.install(f"botocore=={version}", "jinja2", "attrs")
    session.run("python", "-m", "codegen.update_specs", *args)


@_in_test_env
def tests(session: nox.Session) -> None:
    """Unit and integration tests (offline; local servers only)."""
    _run_in_test_env(
        session,
        "pytest",
        "--ignore=tests/contract",
        "--ignore=tests/contract_examples",
        "--ignore=tests/services",
        *session.posargs,
    )


@_in_test_env
def services(session: nox.Session) -> None:
    """14 services whole, each operation vs botocore; all 15 pinned with and without the CLI."""
    _run_in_test_env(session, "pytest", "tests/services", *session.posargs)


@_in_test_env
def contract(session: nox.Session) -> None:
    """Contract tests: replay every committed suite's cassettes, and the mutation test (offline)."""
    _run_in_test_env(
        session, "pytest", "tests/contract", "tests/contract_examples", *session.posargs
    )


@nox.session(python=NEWER_PYTHONS, allow_parallel=True)
def pythons(session: nox.Session) -> None:
    """The runtime's tests and a whole-service client (sqs) on each newer Python.

    The minimum Python runs everything (test_env); these virtualenvs hold
    requirements/test-runtime.txt only (no type checkers).
    """
    _install(session, "test-runtime")
    session.run("pytest", "tests/runtime", *session.posargs)
    session.run("pytest", "tests/services", "-k", "sqs", *session.posargs)


@nox.session
def aws_cli_oracle(session: nox.Session) -> None:
    """The command line's pagination and waiters against AWS CLI v1 itself (151 MB: not default)."""
    _install(session, "test")
    session.install("awscli", *CONSTRAINTS)
    session.run(
        "pytest",
        "tests/pagination/test_aws_cli_oracle.py",
        "tests/waiters/test_aws_cli_oracle.py",
        *session.posargs,
    )


@nox.session
def record(session: nox.Session) -> None:
    """Re-record every contract suite's cassettes (moto's server, the fault server).

    `nox -s record -- SUITE [ARGS]` records one suite (`tests.contract`, or
    `tests.contract_examples.dynamodb`, ...) with its recorder's arguments:
    `--operation`, `--case`, `--live` (real AWS, never in CI).
    """
    _install(session, "test")
    suites = [str(CONTRACT_SUITE).replace("/", ".")]
    suites += [f"tests.contract_examples.{name}" for name in CONTRACT_EXAMPLES]
    args = list(session.posargs)
    if args and not args[0].startswith("-"):
        suites = [args.pop(0)]
    with tempfile.TemporaryDirectory() as clients:
        # The example suites' clients are generated here, not committed.
        session.run("python", "-m", "tests.contract_examples.generate", clients)
        for suite in suites:
            session.run("python", "-m", f"{suite}.record", *args, env={"PYTHONPATH": clients})


@nox.session
def demo(session: nox.Session) -> None:
    """Run the demo against moto's server on 127.0.0.1 (no AWS account needed)."""
    _install(session, "runtime", "codegen")
    session.install("moto[server]", *CONSTRAINTS)
    session.run("python", "-m", "tests.demo", *session.posargs)


@nox.session
def bench(session: nox.Session) -> None:
    """Benchmarks against boto3 and a raw http.client floor; `-- --quick` for tiny counts.

    Not a default session. Writes benchmarks/results.{md,json,svg}; see docs/BENCHMARKS.md.
    """
    _install(session, "bench")
    session.run("python", "-m", "benchmarks.run", *session.posargs)
