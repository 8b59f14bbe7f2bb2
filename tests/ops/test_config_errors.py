"""A setting Orewatch cannot use stops every command at once with one plain line naming the
setting and what it expects (exit 2), never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.processes import run_orewatch

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("OREWATCH_CORS_ORIGINS", "not a list", 'as a JSON list, e.g. ["https://app.example.com"]'),
        ("OREWATCH_CORS_ORIGINS", '["ftp://x"]', "bad CORS origin 'ftp://x'"),
        ("OREWATCH_PORT", "eighty", "valid integer"),
        ("OREWATCH_GZIP_MINIMUM_SIZE", "-5", "greater than or equal to 0"),
    ],
)
def test_a_bad_setting_is_one_line_naming_it(
    tmp_path: Path, variable: str, value: str, expected: str
) -> None:
    for command in (["seed"], ["serve", "--no-worker"], ["review", "queue"]):
        out = run_orewatch(
            *command,
            database_url=f"sqlite:///{tmp_path / 'unused.db'}",
            cwd=tmp_path,
            **{variable: value},
        )
        assert out.returncode == 2, (command, out.stderr)
        lines = out.stderr.strip().splitlines()
        assert len(lines) == 1, out.stderr
        assert lines[0].startswith(f"orewatch: invalid configuration: {variable}: ")
        assert expected in lines[0]
        assert "Traceback" not in out.stderr
