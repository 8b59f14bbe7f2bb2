"""A broken install is not ready: /readyz answers 503 and `orewatch worker` refuses to start.

The failure is real, not mocked: a subprocess hides `lxml_html_clean` from the import system
(what an older pip left out), so trafilatura really fails to import, as it did in the field.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.api.main import create_app
from app.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
HIDE_LXML_HTML_CLEAN = """
import sys

class Hide:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] == "lxml_html_clean":
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None

sys.meta_path.insert(0, Hide())
try:
    import trafilatura  # noqa: F401
except ImportError:
    pass
else:
    raise SystemExit("trafilatura imported although lxml_html_clean is hidden")
"""
PROBE_READYZ = """
import json
from fastapi.testclient import TestClient
from app.api.main import create_app
from app.settings import Settings

app = create_app(Settings(database_url=sys.argv[1], rate_limit_enabled=False))
with TestClient(app, raise_server_exceptions=False) as client:
    ready = client.get("/readyz")
    live = client.get("/healthz")
print(json.dumps({
    "status": ready.status_code,
    "content_type": ready.headers["content-type"],
    "cache_control": ready.headers.get("cache-control"),
    "problem": ready.json(),
    "live": live.status_code,
}))
"""
RUN_WORKER = """
from app.cli import main
sys.argv = ["orewatch", "worker", "--concurrency", "1"]
main()
"""


def _python(code: str, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        env=os.environ | env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.timeout(180)
def test_readyz_is_a_503_problem_when_trafilatura_cannot_import(database_url: str) -> None:
    done = _python(HIDE_LXML_HTML_CLEAN + PROBE_READYZ, database_url)
    assert done.returncode == 0, done.stderr[-2000:]
    answer = json.loads(done.stdout.strip().splitlines()[-1])
    assert answer["status"] == 503
    assert answer["content_type"] == "application/problem+json"
    assert answer["cache_control"] == "no-store"
    problem = answer["problem"]
    assert problem["status"] == 503
    assert problem["type"].endswith("/enrichment-unavailable")
    assert "lxml_html_clean" in problem["detail"]
    assert answer["live"] == 200  # the process is up; it is just not ready
    assert "cannot import lxml_html_clean" in done.stderr  # logged at start-up


@pytest.mark.timeout(180)
def test_the_same_probe_is_ready_with_the_full_install(database_url: str) -> None:
    done = _python("import sys\n" + PROBE_READYZ, database_url)
    assert done.returncode == 0, done.stderr[-2000:]
    answer = json.loads(done.stdout.strip().splitlines()[-1])
    assert (answer["status"], answer["problem"]) == (200, {"status": "ok"})


@pytest.mark.timeout(180)
def test_a_worker_refuses_to_start_without_its_pipeline(database_url: str) -> None:
    done = _python(HIDE_LXML_HTML_CLEAN + RUN_WORKER, OREWATCH_DATABASE_URL=database_url)
    assert done.returncode == 1, (done.stdout, done.stderr[-2000:])
    assert "not starting" in done.stderr
    assert "lxml_html_clean" in done.stderr
    assert "ready" not in done.stdout


def test_readyz_is_ok_in_this_process(settings: Settings) -> None:
    with TestClient(create_app(settings)) as client:
        response = client.get("/readyz")
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
