"""compose.yaml cannot run here (no Docker engine); check its structure instead."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from app.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    document = yaml.safe_load((ROOT / "compose.yaml").read_text())
    assert isinstance(document, dict)
    return document


def test_services_and_replicas(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert {"postgres", "redis", "migrate", "api", "worker"} <= set(services)
    assert services["api"]["deploy"]["replicas"] == 2
    assert services["api"]["command"][:2] == ["orewatch", "serve"]
    assert "--no-worker" in services["api"]["command"]
    assert services["worker"]["command"][:2] == ["orewatch", "worker"]
    assert "pgdata" in compose["volumes"]


def test_every_long_running_service_has_a_healthcheck(compose: dict[str, Any]) -> None:
    for name in ("postgres", "redis", "api", "worker"):
        check = compose["services"][name]["healthcheck"]
        assert check["test"][0] in ("CMD", "CMD-SHELL"), name
        assert "interval" in check, name
    # The one-shot migration must not inherit the image's HTTP healthcheck.
    assert compose["services"]["migrate"]["healthcheck"] == {"disable": True}


def test_start_order(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert services["migrate"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    for name in ("api", "worker"):
        assert (
            services[name]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
        )


def test_environment_names_real_settings(compose: dict[str, Any]) -> None:
    known = {f"OREWATCH_{name.upper()}" for name in Settings.model_fields}
    for name in ("migrate", "api", "worker"):
        env = compose["services"][name]["environment"]
        assert env["OREWATCH_DATABASE_URL"].startswith("postgresql+psycopg://")
        assert env["OREWATCH_REDIS_URL"].startswith("redis://")
        assert set(env) <= known, set(env) - known
        Settings(**{key.removeprefix("OREWATCH_").lower(): value for key, value in env.items()})
