"""`orewatch extract` and `orewatch ingest` take the same files and refuse the same ones,
with the same plain message each, and exit 1 when any is refused."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from app.services.migrations import upgrade_to_head

ROOT = Path(__file__).resolve().parents[1]
REFUSED = {
    "empty.txt": "empty",
    "scan.pdf": "not a .txt, .text, .html or .htm file",
    "latin1.txt": "not UTF-8 text",
    "missing.txt": "no such file or folder",
}


def _files(folder: Path) -> list[str]:
    (folder / "empty.txt").write_text("  \n", encoding="utf-8")
    (folder / "scan.pdf").write_bytes(b"%PDF-1.7")
    (folder / "latin1.txt").write_bytes("Côte d'Ivoire exporte du manganèse.".encode("latin-1"))
    (folder / "ok.txt").write_text("Chile mines lithium in the Atacama.\n", encoding="utf-8")
    return ["empty.txt", "scan.pdf", "latin1.txt", "missing.txt", "ok.txt"]


def _run(folder: Path, database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *args],
        env=os.environ | {"OREWATCH_DATABASE_URL": database_url},
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _refusals(stderr: str) -> dict[str, str]:
    found = {}
    for line in stderr.splitlines():
        for name, reason in REFUSED.items():
            if f"{name}: {reason}" in line:
                found[name] = reason
    return found


def test_extract_and_ingest_refuse_the_same_files_the_same_way(
    tmp_path: Path, tmp_database: str
) -> None:
    upgrade_to_head(tmp_database)
    names = _files(tmp_path)
    extract = _run(tmp_path, tmp_database, "extract", *names)
    ingest = _run(tmp_path, tmp_database, "ingest", *names)
    for result in (extract, ingest):
        assert result.returncode == 1
        assert _refusals(result.stderr) == REFUSED
        assert "Errno" not in result.stderr
        assert "Traceback" not in result.stderr
    assert '"source":"ok.txt"' in extract.stdout.replace(" ", "")
    assert "created: 1" in ingest.stdout


def test_a_folder_gives_its_article_files_and_passes_over_the_rest(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    (folder / "deep").mkdir(parents=True)
    (folder / "deep" / "a.html").write_text("<p>Peru mines zinc.</p>", encoding="utf-8")
    (folder / "b.txt").write_text("Bolivia mines tin.\n", encoding="utf-8")
    (folder / "notes.pdf").write_bytes(b"%PDF")
    result = _run(tmp_path, "sqlite:///unused.db", "extract", "news")
    assert result.returncode == 0, result.stderr
    sources = [line for line in result.stdout.splitlines() if line.strip()]
    assert len(sources) == 2
    assert "notes.pdf" not in result.stdout + result.stderr


def test_ingest_into_an_unmigrated_database_says_what_to_do(tmp_path: Path) -> None:
    (tmp_path / "ok.txt").write_text("Chile mines lithium.\n", encoding="utf-8")
    result = _run(tmp_path, f"sqlite:///{tmp_path / 'new.db'}", "ingest", "ok.txt")
    assert result.returncode == 1
    assert "has no tables yet: run `orewatch migrate` first" in result.stderr
    assert "Traceback" not in result.stderr
