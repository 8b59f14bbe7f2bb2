"""`orewatch keys ...` and `orewatch ingest ...` as real processes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx
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


KAZAKH_BAN = (
    "Kazakhstan banned exports of tungsten concentrate this week, the trade ministry said. "
    "The ban covers every licensed exporter of the metal.\n"
)


def test_ingest_wait_enriches_locally_and_names_the_file_as_source(
    live_url: str, factory: sessionmaker[Session], tmp_path: Path
) -> None:
    with transaction(factory) as session:
        session.execute(delete(Article))
    _ore(live_url, "seed")  # the countries and minerals claims name
    news = tmp_path / "desk" / "kz-ban.txt"
    news.parent.mkdir()
    news.write_text(KAZAKH_BAN, encoding="utf-8")
    result = _ore(live_url, "ingest", "--wait", str(news))
    with factory() as session:
        (article,) = session.exec(select(Article)).all()
    assert f"created article {article.id}: {news}" in result.stdout
    assert f"article {article.id}: enriched, 1 claim(s)" in result.stdout
    assert "enriched: 1 (1 claims), enrichment failed: 0, still pending: 0" in result.stdout
    assert article.enrichment_state == "enriched"
    assert article.source_name == str(news)
    again = _ore(live_url, "ingest", str(news))
    assert f"duplicate of article {article.id} (same text): {news}" in again.stdout


def test_ingest_stops_at_a_refused_key_and_waits_on_a_server(
    live_url: str, live_settings: Settings, tmp_path: Path
) -> None:
    files = []
    for n in range(3):
        path = tmp_path / f"note-{n}.txt"
        path.write_text(f"{KAZAKH_BAN}Note {n} of the desk.\n", encoding="utf-8")
        files.append(str(path))
    secret = _ore(live_url, "keys", "create", "--scope", "ingest").stdout.strip()
    settings = live_settings.model_copy(update={"worker_concurrency": 1})
    with serve(create_app(settings)) as base:
        refused = _ore(
            live_url,
            "ingest",
            *files,
            "--api",
            base,
            "--key",
            "ow_bad",
            "--concurrency",
            "1",
            check=False,
        )
        assert refused.returncode == 1
        assert "error: the server refused the key: 401" in refused.stderr
        assert "2 item(s) not sent" in refused.stderr
        assert refused.stderr.count("401") == 1  # one refusal, not one per file

        waited = _ore(live_url, "ingest", "--wait", files[0], "--api", base, "--key", secret)
        assert "enriched: 1 (1 claims)" in waited.stdout, waited.stderr
        citations = httpx.get(f"{base}/v1/citations", params={"country": "KZ"}).json()
        assert citations["items"][0]["article"]["source_name"] == files[0]
