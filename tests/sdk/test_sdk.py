"""SDKs from the OpenAPI document: lint it, generate a Python client and TypeScript types, and
use both (the Python client against `orewatch serve` over loopback).

The tools live in sdk/ (`make sdk-deps`: npm ci, and a virtualenv for openapi-python-client).
These tests do not depend on the database engine: they run in the SQLite pass only.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.api.main import create_app
from app.settings import Settings
from tests.dbutil import TEST_URL_VARIABLE
from tests.processes import create_key, prepare_database, serving

ROOT = Path(__file__).resolve().parents[2]
SDK = ROOT / "sdk"
BIN = SDK / "node_modules" / ".bin"
SDK_PYTHON = SDK / ".venv" / "bin" / "python"
MYPY = SDK / ".venv" / "bin" / "mypy"
TOOL_ENV = {"REDOCLY_TELEMETRY": "off", "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true", "NO_COLOR": "1"}

pytestmark = [
    pytest.mark.sdk,
    pytest.mark.skipif(
        bool(os.environ.get(TEST_URL_VARIABLE)),
        reason="engine-independent: already ran in the SQLite pass",
    ),
]


def _require(path: Path, what: str) -> None:
    if not path.exists():
        message = f"{what} missing ({path}): run `make sdk-deps`"
        if os.environ.get("CI"):
            pytest.fail(message)  # CI installs them: never skip there
        pytest.skip(message)


def _run(args: list[str | Path], cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env=os.environ | TOOL_ENV | (env or {}),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, f"{args[0]} failed:\n{done.stdout[-4000:]}\n{done.stderr[-4000:]}"
    return done.stdout


@pytest.fixture(scope="module")
def document(tmp_path_factory: pytest.TempPathFactory) -> Path:
    app = create_app(Settings(database_url="sqlite:///:memory:"), embedded_worker=False)
    path = tmp_path_factory.mktemp("sdk") / "openapi.json"
    path.write_text(json.dumps(app.openapi(), indent=2))
    return path


def test_document_passes_the_linter(document: Path) -> None:
    _require(BIN / "redocly", "@redocly/cli")
    # Exits non-zero on any problem: recommended-strict makes every warning an error.
    _run([BIN / "redocly", "lint", "--config", SDK / "redocly.yaml", document], SDK)


def test_typescript_types_type_check(document: Path, tmp_path: Path) -> None:
    _require(BIN / "tsc", "typescript")
    types = tmp_path / "orewatch.d.ts"
    _run([BIN / "openapi-typescript", document, "--output", types], SDK)
    shutil.copy(SDK / "usage.ts", tmp_path / "usage.ts")
    (tmp_path / "node_modules").symlink_to(SDK / "node_modules")  # openapi-fetch
    _run(
        [
            BIN / "tsc",
            "--strict",
            "--noEmit",
            "--target",
            "ES2022",
            "--module",
            "ES2022",
            "--moduleResolution",
            "bundler",
            "--lib",
            "ES2022,DOM",
            tmp_path / "usage.ts",
        ],
        tmp_path,
    )


@pytest.fixture
def served(tmp_database: str) -> Iterator[tuple[str, str]]:
    env = os.environ | {"OREWATCH_DATABASE_URL": tmp_database}
    prepare_database(env)
    key = create_key(env, "ingest", name="sdk")
    with serving(env) as (base, _process):
        yield base, key


def test_generated_python_client_works(
    document: Path, tmp_path: Path, served: tuple[str, str]
) -> None:
    _require(SDK_PYTHON, "the openapi-python-client virtualenv")
    out_dir = tmp_path / "client"
    # The generator formats its output with the ruff of its own virtualenv.
    path = f"{SDK_PYTHON.parent}{os.pathsep}{os.environ.get('PATH', '')}"
    _run(
        [
            SDK_PYTHON.parent / "openapi-python-client",
            "generate",
            "--path",
            document,
            "--output-path",
            out_dir,
            "--fail-on-warning",
        ],
        tmp_path,
        {"PATH": path},
    )
    # Typed use: reads with a plain Client must type-check (mypy --strict), not only run.
    _run(
        [MYPY, "--strict", "--no-incremental", "--follow-imports=silent", SDK / "usage.py"],
        tmp_path,
        {"MYPYPATH": str(out_dir)},
    )
    base, key = served
    out = _run([SDK_PYTHON, SDK / "usage.py", base, key], tmp_path, {"PYTHONPATH": str(out_dir)})
    read = json.loads(out.strip().splitlines()[-1])
    assert read["countries"] == sorted(read["countries"])
    assert len(read["countries"]) == 5
    assert read["total"] > 200
    assert read["mineral"] == "gallium"
    assert read["forms"]
    assert read["has_statistics"] is True
    assert read["default_form_years"] == [2023, 2024]
    assert "germanium" in read["without_statistics"]
    assert "gallium" not in read["without_statistics"]
    assert read["germanium_known"] is False
    assert "germanium" in read["germanium_detail"]
    assert read["importer"] == "US"
    assert read["article_created"] is True
    assert read["job_state"] == "queued"
