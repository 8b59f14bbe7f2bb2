"""The `orewatch extract` command (Typer CliRunner, no database)."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from typer.testing import CliRunner

from app.enrichment.cli import register

TEXT = "Chile mines lithium.\n\nChile is the world's second-largest lithium producer.\n"


def _app() -> typer.Typer:
    app = typer.Typer()
    register(app)

    @app.command()
    def noop() -> None:  # a second command keeps Typer in multi-command mode
        """Nothing."""

    return app


def test_jsonl_folder(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "b" / "c.html").write_text(
        "<html><body><article><p>Peru is a major copper producer and exports copper "
        "concentrate to many smelters around the world every single year.</p></article>"
        "</body></html>",
        encoding="utf-8",
    )
    (tmp_path / "ignored.csv").write_text("x", encoding="utf-8")
    result = CliRunner().invoke(_app(), ["extract", "--format", "jsonl", str(tmp_path)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert [Path(r["source"]).name for r in rows] == ["a.txt", "c.html"]
    first = rows[0]
    assert {"title", "published", "author", "outlet", "countries", "minerals", "claims"} <= set(
        first
    )
    assert first["countries"][0]["iso2"] == "CL"
    assert first["minerals"][0]["slug"] == "lithium"
    # Guideline resolution 6: a rank below first is producing, not dominant.
    assert ("CL", "lithium", "producing") in {
        (c["country"], c["mineral"], c["status"]) for c in first["claims"]
    }


def test_json_array_and_unreadable_file(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(TEXT, encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00\x81 not utf-8")
    missing = tmp_path / "missing.txt"
    result = CliRunner().invoke(
        _app(), ["extract", "--format", "json", str(good), str(bad), str(missing)]
    )
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert isinstance(data, list)
    assert [Path(r["source"]).name for r in data] == ["good.txt"]
    assert "bad.txt" in result.stderr
    assert "missing.txt" in result.stderr
