"""/docs and /redoc render in a real browser with no internet: assets come from the app.

The server is a real `orewatch serve` process over a migrated, seeded database (as in
tests/test_serve.py); headless Chromium loads the pages with background networking off and
dumps the DOM after its JavaScript ran. Skipped only when chromium is not installed (.ci/run
installs it).
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.dbutil import create_database, drop_database
from tests.frontend.browser import CHROMIUM, CHROMIUM_FLAGS
from tests.processes import prepare_database, serving

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (apt-get install -y chromium)"
)


@pytest.fixture(scope="module")
def served_database(
    base_database_url: str | None, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """One database for the module's server (migrating and seeding take seconds)."""
    url = create_database(base_database_url, tmp_path_factory.mktemp("docs-db"))
    yield url
    drop_database(url)


@pytest.fixture(scope="module")
def served(served_database: str) -> Iterator[str]:
    env = os.environ | {"OREWATCH_DATABASE_URL": served_database}
    prepare_database(env)
    with serving(env, "--no-worker") as (base, _process):
        yield base


def _dump_dom(url: str, profile: Path) -> str:
    assert CHROMIUM is not None
    result = subprocess.run(
        [
            CHROMIUM,
            *CHROMIUM_FLAGS,
            f"--user-data-dir={profile}",
            "--virtual-time-budget=10000",
            "--dump-dom",
            url,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def test_pages_reference_only_local_assets(served: str) -> None:
    for page in ("/docs", "/redoc"):
        html = httpx.get(served + page, timeout=5).text
        assert not re.search(r"(src|href)=[\"']?(https?:)?//", html), html
        for asset in re.findall(r"(/static/[\w.-]+)", html):
            response = httpx.get(served + asset, timeout=10)
            assert response.status_code == 200, asset


def test_swagger_ui_renders_the_operations(served: str, tmp_path: Path) -> None:
    dom = _dump_dom(f"{served}/docs", tmp_path / "profile")
    assert "swagger-ui" in dom
    assert "opblock" in dom, dom[-3000:]
    assert 'data-path="/v1/countries"' in dom
    assert "countries_list" in dom  # displayOperationId: the SDK method names are shown


def test_redoc_renders_the_operations(served: str, tmp_path: Path) -> None:
    dom = _dump_dom(f"{served}/redoc", tmp_path / "profile")
    assert "operation/countries_list" in dom, dom[-3000:]
    assert "List countries" in dom
