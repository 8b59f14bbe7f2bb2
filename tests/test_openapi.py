"""The OpenAPI document: readable operation ids, declared problems, printed by the CLI."""

from __future__ import annotations

import json
import subprocess
import sys

from app.api.main import create_app
from app.settings import Settings


def _document() -> dict:
    return create_app(Settings(database_url="sqlite:///:memory:")).openapi()


def test_operation_ids_are_unique_and_readable() -> None:
    ids = [op["operationId"] for path in _document()["paths"].values() for op in path.values()]
    assert len(ids) == len(set(ids))
    assert all(i.replace("_", "").isalnum() and "__" not in i for i in ids)
    assert {"countries_list", "countries_get", "minerals_get", "minerals_producers"} <= set(ids)


def test_schema_names_are_plain_and_errors_use_problem() -> None:
    document = _document()
    names = set(document["components"]["schemas"])
    assert not any("__" in n or n.endswith(("-Input", "-Output")) for n in names)
    assert "HTTPValidationError" not in names
    for path in document["paths"].values():
        for operation in path.values():
            assert operation.get("description")
            for status, response in operation["responses"].items():
                if status.startswith(("4", "5")):
                    assert "application/problem+json" in response["content"]


def test_cli_prints_the_document() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "app.cli", "openapi"],
        capture_output=True,
        text=True,
        check=True,
        env={"OREWATCH_DATABASE_URL": "sqlite:///:memory:", "PATH": ""},
    )
    assert json.loads(out.stdout)["info"]["title"] == "Orewatch"
