"""Developer tasks: ``nox -s tests``, ``nox -s lint``, ``nox -s typecheck``."""

from __future__ import annotations

import nox

nox.options.sessions = ["tests", "lint", "typecheck"]
nox.options.default_venv_backend = "venv"


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite (the same command as the README and CI)."""
    session.install("-e", ".[test]")
    session.run("python", "-m", "pytest", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """Check style and likely bugs with ruff."""
    session.install("ruff")
    paths = ("netgraph", "tests", "benchmarks", "noxfile.py", "tools")
    session.run("ruff", "check", *paths)
    session.run("ruff", "format", "--check", *paths)


@nox.session
def typecheck(session: nox.Session) -> None:
    """Check types with mypy (strict on the package)."""
    session.install("-e", ".[test]", "mypy")
    session.run("mypy")


@nox.session
def fuzz(session: nox.Session) -> None:
    """The import fuzz suite at length: ``nox -s fuzz`` (2,000 examples per test; CI runs 150).

    ``nox -s fuzz -- 10000`` runs more.
    """
    session.install("-e", ".[test]")
    examples = session.posargs[0] if session.posargs else "2000"
    session.run(
        "python",
        "-m",
        "pytest",
        "tests/test_fuzz_imports.py",
        "-q",
        env={"NETGRAPH_FUZZ_EXAMPLES": examples},
    )


@nox.session
def bench(session: nox.Session) -> None:
    """Benchmarks at scale with baselines: ``nox -s bench -- --size M`` (S, M or L).

    Generates the files of a pooled network, imports them through the CLI and measures
    queries, rank, maps, memory and disk (``benchmarks/bench.py``; ``-- --help`` for options).
    """
    session.install("-e", ".[test]")
    session.run("python", "benchmarks/bench.py", *session.posargs)
