"""`orewatch review`: the queue as a table, verdicts, plain errors, locally and with --api;
and the export the training script reads (rejected claims as negatives)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from app.db import create_db_engine, make_session_factory, transaction
from app.services.migrations import upgrade_to_head
from app.services.seed import seed_reference_data
from app.settings import Settings
from scripts.train_confidence import collect
from tests.articles import store_and_enrich
from tests.ingest.conftest import LiveApi
from tests.processes import run_orewatch
from tests.review.conftest import ClaimSpec, store_article

ROOT = Path(__file__).resolve().parents[2]
TEXT = (
    "Kazakhstan banned exports of tungsten concentrate this week, the trade ministry said. "
    "The ban covers every licensed exporter of the metal.\n\n"
    "Kazakhstan mines tungsten at two deposits in the east of the country, officials said.\n"
)


def _cli(database_url: str | None, *args: str) -> subprocess.CompletedProcess[str]:
    return run_orewatch("review", *args, database_url=database_url)


def _seeded(url: str) -> Settings:
    upgrade_to_head(url)
    settings = Settings(database_url=url)
    engine = create_db_engine(settings)
    with transaction(make_session_factory(engine)) as session:
        seed_reference_data(session)
    engine.dispose()
    return settings


def test_local_queue_verdicts_and_export_feed_the_training_script(
    tmp_database: str, tmp_path: Path
) -> None:
    settings = _seeded(tmp_database)
    engine = create_db_engine(settings)
    factory = make_session_factory(engine)
    try:
        store_and_enrich(factory, TEXT, published=datetime(2025, 3, 1, tzinfo=UTC))
    finally:
        engine.dispose()

    queue = _cli(tmp_database, "queue")
    assert queue.returncode == 0, queue.stderr
    assert "Review queue" in queue.stdout
    assert "Kazakhstan banned exports" in queue.stdout
    page = json.loads(
        subprocess.run(
            [sys.executable, "-c", _QUEUE_IDS],
            env=os.environ | {"OREWATCH_DATABASE_URL": tmp_database},
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    ban, output = page["export_restricted"], page["producing"]

    rejected = _cli(tmp_database, "reject", str(ban), "--note", "only a plan")
    assert rejected.returncode == 0, rejected.stderr
    assert f"claim {ban} rejected" in rejected.stdout
    assert "no status record follows it" in rejected.stdout
    assert _cli(tmp_database, "confirm", str(output)).returncode == 0
    missing = _cli(tmp_database, "confirm", "999999")
    assert missing.returncode == 1
    assert missing.stderr.strip() == "error: No claim 999999."
    assert "Traceback" not in missing.stderr

    folder = tmp_path / "reviewed"
    exported = _cli(tmp_database, "export", str(folder))
    assert exported.returncode == 0, exported.stderr
    assert "1 confirmed, 1 rejected" in exported.stdout
    (gold_file,) = (folder / "gold").glob("*.json")
    gold = json.loads(gold_file.read_text("utf-8"))
    assert gold["partial"] is True
    assert [(c["country"], c["status"]) for c in gold["claims"]] == [("KZ", "producing")]
    assert [(c["country"], c["status"]) for c in gold["rejected"]] == [("KZ", "export_restricted")]
    assert gold["rejected"][0]["note"] == "only a plan"
    assert _cli(tmp_database, "export", str(folder), "--since", "yesterday").returncode == 1

    # The training script reads the export: the rejected claim is a negative, the confirmed
    # one a positive, and the article's unreviewed candidates are no examples at all.
    examples = collect([folder])
    assert sorted(examples.labels) == [0, 1]


_QUEUE_IDS = """
import json
from app.db import create_db_engine, make_session_factory
from app.models import Claim
from app.settings import get_settings
from sqlmodel import select
factory = make_session_factory(create_db_engine(get_settings()))
with factory() as session:
    claims = session.exec(select(Claim).where(Claim.mineral_slug == "tungsten")).all()
    print(json.dumps({str(c.status): c.id for c in claims}))
"""


def test_api_mode_reviews_through_the_server(live_api: LiveApi) -> None:
    spec = ClaimSpec("PE", "silver", "disrupted", 0.95, "A strike halts a Peruvian silver mine.")
    _article, (claim_id,) = store_article(live_api.factory, [spec])
    base = str(live_api.http.base_url)
    queue = _cli(None, "queue", "--country", "PE", "--api", base)
    assert queue.returncode == 0, queue.stderr
    assert "Peruvian silver mine" in queue.stdout

    refused = _cli(None, "reject", str(claim_id), "--api", base, "--key", live_api.keys["ingest"])
    assert refused.returncode == 1
    assert "403" in refused.stderr
    assert "lacks the scope 'review'" in refused.stderr
    done = _cli(None, "reject", str(claim_id), "--api", base, "--key", live_api.keys["review"])
    assert done.returncode == 0, done.stderr
    assert f"claim {claim_id} rejected" in done.stdout
    facet = live_api.http.get("/v1/countries/PE/minerals/silver").json()["facets"]["disrupted"]
    assert facet["value"] is None
