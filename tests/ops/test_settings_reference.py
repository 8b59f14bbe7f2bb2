"""README's configuration table is generated from the Settings class and kept in sync."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from app import config_reference
from app.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


def test_every_setting_is_described() -> None:
    missing = [name for name, field in Settings.model_fields.items() if not field.description]
    assert not missing


def test_readme_table_matches_the_settings_class() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert config_reference.START in readme
    assert config_reference.current_block(readme) == config_reference.markdown_table(), (
        "README's configuration table is stale: run `orewatch config-reference --write README.md`"
    )


def test_table_lists_every_variable_once() -> None:
    table = config_reference.markdown_table()
    for name in Settings.model_fields:
        assert table.count(f"| `OREWATCH_{name.upper()}` |") == 1
    assert "| `OREWATCH_RATE_LIMIT_ENABLED` | `true` |" in table
    assert "| `OREWATCH_REDIS_URL` | `(unset)` |" in table


def test_cli_prints_and_rewrites_the_table(tmp_path: Path) -> None:
    printed = subprocess.run(
        [sys.executable, "-m", "app.cli", "config-reference"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert printed == config_reference.markdown_table()
    doc = tmp_path / "doc.md"
    doc.write_text(f"intro\n{config_reference.START}\nold\n{config_reference.END}\nafter\n")
    assert config_reference.write(doc) is True
    assert config_reference.write(doc) is False
    text = doc.read_text()
    assert text.startswith("intro\n")
    assert text.endswith(f"{config_reference.END}\nafter\n")
    assert config_reference.current_block(text) == printed
