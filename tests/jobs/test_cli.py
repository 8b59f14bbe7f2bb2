"""`orewatch keys ...` and `orewatch ingest ...` as real processes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import delete
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session, select

from app.api.main import create_app
from app.db import transaction
from app.models import ApiKey, Article
from app.services.keys import hash_secret
from app.settings import Settings
from tests.jobs.live import ROOT, serve


def _ore(url: str, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = os.environ | {"OREWATCH_DATABASE_URL": url}
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=check,
        timeout=60,
    )


def test_keys_create_list_revoke(live_url: str, factory: sessionmaker[Session]) -> None:
    created = _ore(
        live_url, "keys", "create", "--scope", "ingest", "--scope", "read", "--name", "ci"
    )
    secret = created.stdout.strip()
    assert secret.startswith("ow_")
    with factory() as session:
        key = session.exec(select(ApiKey).where(ApiKey.secret_hash == hash_secret(secret))).one()
    assert key.scopes == ["ingest", "read"]
    assert secret not in str(key.model_dump())  # only the hash is stored
    listing = _ore(live_url, "keys", "list").stdout
    assert key.prefix in listing
    assert secret not in listing
    _ore(live_url, "keys", "revoke", key.prefix)
    assert "\t" + "ci\t" in _ore(live_url, "keys", "list").stdout
    with factory() as session:
        assert session.get(ApiKey, key.id).revoked_at is not None  # type: ignore[union-attr]
    bad = _ore(live_url, "keys", "create", "--scope", "root", check=False)
    assert bad.returncode == 2
    assert "scopes must be among" in bad.stderr
    assert _ore(live_url, "keys", "revoke", "nope", check=False).returncode == 1


def test_bootstrap_creates_a_first_key_only_once(
    live_url: str, factory: sessionmaker[Session], tmp_path: Path
) -> None:
    with transaction(factory) as session:
        session.execute(delete(ApiKey))
    target = tmp_path / "api-key"
    first = _ore(live_url, "keys", "bootstrap", "--file", str(target))
    secret = target.read_text().strip()
    assert secret in first.stdout
    assert oct(target.stat().st_mode & 0o777) == "0o600"
    second = _ore(live_url, "keys", "bootstrap", "--file", str(tmp_path / "other"))
    assert "already exists" in second.stderr
    assert not (tmp_path / "other").exists()


def _corpus(folder: Path) -> None:
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text("Chile and Australia mine most of the world's lithium.")
    (folder / "sub" / "b.html").write_text(
        "<html><body><article><p>Congo supplies cobalt to refiners in China.</p>"
        "</article></body></html>"
    )
    (folder / "sub" / "copy.txt").write_text(
        "Chile and  Australia mine most of the world's LITHIUM."
    )
    (folder / "sub" / "notes.pdf").write_bytes(b"%PDF-1.4")  # ignored inside folders
    (folder / "broken.txt").write_bytes(b"\xff\xfe\xfa\x00 not utf-8")


def test_ingest_folder_into_the_local_database(
    live_url: str, factory: sessionmaker[Session], tmp_path: Path
) -> None:
    _corpus(tmp_path / "corpus")
    result = _ore(live_url, "ingest", str(tmp_path / "corpus"), "--outlet", "Files", check=False)
    assert result.returncode == 1  # one item failed
    assert "created: 2, duplicate: 1, failed: 1" in result.stdout
    assert "broken.txt" in result.stderr
    with factory() as session:
        rows = session.exec(select(Article)).all()
    assert sorted(a.content_type for a in rows) == ["text/html", "text/plain"]
    assert {a.outlet for a in rows} == {"Files"}
    missing = _ore(live_url, "ingest", str(tmp_path / "nope.txt"), check=False)
    assert "failed: 1" in missing.stdout


def test_ingest_against_a_remote_server(
    live_url: str, live_settings: Settings, factory: sessionmaker[Session], tmp_path: Path
) -> None:
    _corpus(tmp_path / "corpus")
    secret = _ore(live_url, "keys", "create", "--scope", "ingest").stdout.strip()
    settings = live_settings.model_copy(update={"worker_concurrency": 0})
    with serve(create_app(settings)) as base:
        result = _ore(
            live_url,
            "ingest",
            str(tmp_path / "corpus"),
            "--api",
            base,
            "--key",
            secret,
            check=False,
        )
        assert "created: 2, duplicate: 1, failed: 1" in result.stdout, result.stderr
        again = _ore(
            live_url, "ingest", str(tmp_path / "corpus" / "a.txt"), "--api", base, "--key", secret
        )
        assert "created: 0, duplicate: 1, failed: 0" in again.stdout
        wrong = _ore(
            live_url,
            "ingest",
            str(tmp_path / "corpus" / "a.txt"),
            "--api",
            base,
            "--key",
            "ow_bad",
            check=False,
        )
        assert "401" in wrong.stderr
