"""Process settings, read once from OREWATCH_* environment variables (and .env)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict, SettingsError

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
    read_threads: Annotated[int, Field(ge=1, le=64)] = Field(
        default=2,
        description="Threads that run read queries, each on a connection it keeps open. More "
        "than the CPU count mostly adds contention for the interpreter lock.",
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

    # Ingestion, jobs and API keys (issue 3).
    max_request_bytes: Annotated[int, Field(ge=1_024, le=100_000_000)] = Field(
        default=2_000_000, description="Largest request body accepted (413 beyond)."
    )
    reads_require_key: bool = Field(
        default=False, description="When true, reads need an API key with scope `read`."
    )
    api_key_cache_s: Annotated[float, Field(ge=0, le=300)] = Field(
        default=5.0,
        description="How long a process trusts a key it has verified; bounds how long a "
        "revoked key keeps working (0: look every key up on every request).",
    )
    worker_concurrency: Annotated[int, Field(ge=0, le=64)] = Field(
        default=1,
        description="Threads of the worker embedded in `orewatch serve` (0 switches it off).",
    )
    worker_shutdown_grace_s: Annotated[float, Field(ge=0, le=3_600)] = Field(
        default=20.0,
        description="On shutdown, how long a worker may finish its current jobs before it "
        "gives back the ones it can.",
    )
    worker_claim_batch: Annotated[int, Field(ge=1, le=100)] = Field(
        default=4,
        description="Due jobs a worker thread claims at once (one statement), then runs in "
        "turn; unstarted ones are given back on shutdown.",
    )
    worker_poll_interval_s: Annotated[float, Field(gt=0, le=60)] = Field(
        default=0.5, description="How often an idle worker looks for due jobs."
    )
    job_lease_s: Annotated[float, Field(gt=0, le=86_400)] = Field(
        default=120.0,
        description="How long a claimed job stays locked; an expired lease frees the job "
        "for another worker. Must exceed the longest handler run.",
    )
    job_max_attempts: Annotated[int, Field(ge=1, le=100)] = Field(
        default=5, description="Attempts before a job is dead."
    )
    job_backoff_base_s: Annotated[float, Field(ge=0, le=3_600)] = Field(
        default=2.0, description="First retry delay; doubled per attempt, with jitter."
    )
    job_backoff_max_s: Annotated[float, Field(ge=0, le=86_400)] = Field(
        default=600.0, description="Longest retry delay."
    )
    job_handler_modules: list[str] = Field(
        default_factory=list,
        description="Extra modules a worker imports at start so they can register handlers.",
    )
    fetch_connect_timeout_s: Annotated[float, Field(gt=0, le=120)] = Field(
        default=5.0, description="URL ingestion: connect timeout."
    )
    fetch_read_timeout_s: Annotated[float, Field(gt=0, le=300)] = Field(
        default=10.0, description="URL ingestion: timeout between two reads."
    )
    fetch_total_timeout_s: Annotated[float, Field(gt=0, le=600)] = Field(
        default=30.0, description="URL ingestion: deadline for a whole fetch."
    )
    fetch_max_bytes: Annotated[int, Field(ge=1_024, le=100_000_000)] = Field(
        default=5_000_000, description="URL ingestion: largest response body accepted."
    )
    fetch_max_redirects: Annotated[int, Field(ge=0, le=20)] = Field(
        default=5, description="URL ingestion: redirects followed."
    )
    fetch_allow_loopback: bool = Field(
        default=False,
        description="URL ingestion may reach loopback addresses. For tests only.",
    )

    status_min_confidence: Annotated[float | None, Field(ge=0, le=1)] = Field(
        default=None,
        description="Confidence a claim needs before a status record follows it (claims "
        "below it are still stored and listed as citations). Unset: the packaged model's "
        "threshold, where its cross-validated precision reached 0.85. Applies to records "
        "recomputed afterwards (`orewatch reenrich --all`).",
    )

    enrichment_time_limit_s: Annotated[float, Field(gt=0, le=300)] = Field(
        default=4.0,
        description="Longest extraction of one article before its job fails. Kept below "
        "the SQLite busy timeout, as the job holds the write lock while it runs.",
    )

    # Feed sources (issue 6).
    feed_max_entries_per_poll: Annotated[int, Field(ge=1, le=1_000)] = Field(
        default=100,
        description="Newest entries of a feed one poll considers; older ones beyond it are "
        "skipped (they were seen by earlier polls of a regularly polled feed).",
    )

    # Operations (issue 6): rate limits, logs, metrics, shutdown.
    rate_limit_enabled: bool = Field(
        default=True,
        description="Token-bucket rate limits per API key and per client address (429 with "
        "Retry-After beyond them). /healthz, /readyz and /metrics are never limited.",
    )
    rate_limit_anonymous_per_s: Annotated[float, Field(gt=0, le=1_000_000)] = Field(
        default=50.0,
        description="Requests per second refilled for each client address without a verified "
        "API key.",
    )
    rate_limit_anonymous_burst: Annotated[int, Field(ge=1, le=1_000_000)] = Field(
        default=200, description="Bucket size (largest burst) per client address."
    )
    rate_limit_keyed_per_s: Annotated[float, Field(gt=0, le=1_000_000)] = Field(
        default=500.0,
        description="Requests per second refilled for each valid API key, on reads and "
        "writes alike (requests without one count as anonymous, per address).",
    )
    rate_limit_keyed_burst: Annotated[int, Field(ge=1, le=1_000_000)] = Field(
        default=2_000, description="Bucket size (largest burst) per API key."
    )
    redis_url: str | None = Field(
        default=None,
        description="redis://host:port/db: when set, rate-limit buckets live in Redis so all "
        "replicas enforce one limit. If Redis is unreachable, each process falls back to its "
        "own in-memory buckets (fail-open, logged) and retries Redis after a few seconds.",
    )
    rate_limit_redis_prefix: str = Field(
        default="orewatch:rl:", description="Prefix of the rate-limit keys in Redis."
    )
    log_format: Literal["text", "json"] = Field(
        default="text",
        description="`json`: one JSON object per log line (time, level, logger, message, "
        "request_id; access lines add method, path, status, duration_ms); `text`: readable "
        "lines.",
    )
    access_log: bool = Field(
        default=True,
        description="Log one line per request (level info, logger `orewatch.access`).",
    )
    metrics_enabled: bool = Field(
        default=True,
        description="Serve Prometheus metrics at /metrics (keep it on an internal network).",
    )
    worker_metrics_port: Annotated[int, Field(ge=0, le=65_535)] = Field(
        default=0,
        description="`orewatch worker` serves Prometheus metrics on this port (0: off).",
    )
    shutdown_timeout_s: Annotated[float, Field(gt=0, le=3_600)] = Field(
        default=10.0,
        description="On SIGTERM, how long `orewatch serve` waits for open requests before "
        "closing connections (the embedded worker then gets worker_shutdown_grace_s).",
    )

    # Frontend friendliness (issue 5): CORS, compression.
    cors_origins: list[str] = Field(
        default_factory=list,
        description="Origins allowed to call the API from a browser, as a JSON list, e.g. "
        '["https://app.example.com"] ("*" allows any origin). Empty: no CORS headers at all.',
    )
    gzip_minimum_size: Annotated[int, Field(ge=0, le=100_000_000)] = Field(
        default=1_024,
        description="Responses of at least this many bytes are gzip-compressed for clients "
        "that accept it (0 switches compression off).",
    )

    @field_validator("database_url")
    @classmethod
    def _known_driver(cls, value: str) -> str:
        scheme = value.split("://", 1)[0]
        if "://" not in value or scheme not in SUPPORTED_SCHEMES:
            raise ValueError(
                f"unsupported database URL scheme {scheme!r}; use one of {SUPPORTED_SCHEMES}"
            )
        return value

    @field_validator("cors_origins")
    @classmethod
    def _origins(cls, value: list[str]) -> list[str]:
        for origin in value:
            scheme, sep, rest = origin.partition("://")
            if origin != "*" and (
                not sep or scheme not in ("http", "https") or not rest or "/" in rest
            ):
                raise ValueError(
                    f"bad CORS origin {origin!r}: use scheme://host[:port] without a path, or *"
                )
        return value

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


class ConfigurationError(Exception):
    """A setting has a value Orewatch cannot use; the message names it and the fix."""


def _env_name(field: str) -> str:
    return f"OREWATCH_{field.upper()}"


def _plain(error: ValidationError | SettingsError) -> str:
    if isinstance(error, SettingsError):
        # pydantic-settings names the field in quotes: 'error parsing value for field "x"'.
        field = str(error).split('"')[1] if '"' in str(error) else "?"
        hint = Settings.model_fields[field].description if field in Settings.model_fields else ""
        return f"{_env_name(field)}: not a valid value. {hint or ''}".strip()
    lines = []
    for item in error.errors():
        field = str(item["loc"][0]) if item["loc"] else "?"
        message = str(item["msg"]).removeprefix("Value error, ")
        lines.append(f"{_env_name(field)}: {message}")
    return "; ".join(lines)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings from the environment (and .env); ConfigurationError when one is unusable,
    so a process fails at once with one line naming the setting, not a traceback."""
    try:
        return Settings()
    except (ValidationError, SettingsError) as exc:
        raise ConfigurationError(_plain(exc)) from None
