"""Process settings, read once from OREWATCH_* environment variables (and .env)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_SQLITE_PATH = Path("var") / "orewatch.db"
SUPPORTED_SCHEMES = ("sqlite", "sqlite+pysqlite", "postgresql+psycopg")


class Settings(BaseSettings):
    """Every tunable of the service; invalid values stop the process at start-up."""

    model_config = SettingsConfigDict(
        env_prefix="OREWATCH_", env_file=".env", extra="ignore", frozen=True
    )

    database_url: str = Field(
        default=f"sqlite:///{DEFAULT_SQLITE_PATH}",
        description="SQLAlchemy URL: sqlite:///path or postgresql+psycopg://user@host/db.",
    )
    sqlite_busy_timeout_ms: Annotated[int, Field(ge=0, le=600_000)] = Field(
        default=5_000, description="How long a SQLite writer waits for a lock, in ms."
    )
    host: str = Field(default="127.0.0.1", description="Address `orewatch serve` binds to.")
    port: Annotated[int, Field(ge=1, le=65_535)] = Field(
        default=8000, description="Port `orewatch serve` listens on."
    )
    cache_control: str = Field(
        default="public, max-age=30",
        description="Cache-Control header of read responses (they also carry an ETag).",
    )
    cache_max_entries: Annotated[int, Field(ge=0, le=1_000_000)] = Field(
        default=4096, description="Rendered read responses kept in memory (0 disables)."
    )
    data_version_ttl_s: Annotated[float, Field(ge=0, le=60)] = Field(
        default=1.0,
        description=(
            "How long a process trusts its last reading of the data version before "
            "asking the database again; bounds how stale a cached read can be when "
            "another process writes."
        ),
    )
    log_level: str = Field(default="info", description="Log level of the server.")

    @field_validator("database_url")
    @classmethod
    def _known_driver(cls, value: str) -> str:
        scheme = value.split("://", 1)[0]
        if "://" not in value or scheme not in SUPPORTED_SCHEMES:
            raise ValueError(
                f"unsupported database URL scheme {scheme!r}; use one of {SUPPORTED_SCHEMES}"
            )
        return value

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
