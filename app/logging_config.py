"""Logging: a request id on every line, JSON or text, for the app and uvicorn alike.

The request id lives in a contextvar set by the observability middleware for the duration
of a request (and copied into the threads the request runs code in); `RequestIdFilter`
puts it on every record. `log_config()` is a logging.config.dictConfig dictionary, passed
to uvicorn as its `log_config` so its own loggers use the same handler and format.
"""

from __future__ import annotations

import logging
import logging.config
import time
from contextvars import ContextVar
from typing import Any

import orjson

request_id_var: ContextVar[str | None] = ContextVar("orewatch_request_id", default=None)

# Attributes a LogRecord has by itself; anything else came from `extra=` and is emitted.
_STANDARD = frozenset(
    vars(logging.LogRecord("", 0, "", 0, "", None, None)).keys()
    | {"message", "asctime", "request_id", "taskName", "color_message"}
)
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"


class RequestIdFilter(logging.Filter):
    """Sets `record.request_id` from the current request (None outside requests)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "request_id", None) is None:
            record.request_id = request_id_var.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request_id, extras."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": _iso_time(record.created),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None) or request_id_var.get(),
        }
        for name, value in record.__dict__.items():
            if name not in _STANDARD and not name.startswith("_"):
                entry[name] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = record.stack_info
        return orjson.dumps(entry, default=str).decode()


def _iso_time(created: float) -> str:
    seconds = int(created)
    millis = int((created - seconds) * 1000)
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(seconds)) + f".{millis:03d}Z"


def log_config(log_format: str = "text", level: str = "info") -> dict[str, Any]:
    """dictConfig for the app's loggers and uvicorn's (whose access log we replace)."""
    level = level.upper()
    formatter: dict[str, Any] = (
        {"()": "app.logging_config.JsonFormatter"}
        if log_format == "json"
        else {"format": TEXT_FORMAT}
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "app.logging_config.RequestIdFilter"}},
        "formatters": {"default": formatter},
        "handlers": {
            "default": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stderr",
                "formatter": "default",
                "filters": ["request_id"],
            }
        },
        "root": {"handlers": ["default"], "level": level},
        "loggers": {
            # uvicorn's own loggers propagate to the root handler; its access log is off
            # (the middleware writes one line per request with the request id instead).
            "uvicorn": {"handlers": [], "level": level, "propagate": True},
            "uvicorn.error": {"handlers": [], "level": level, "propagate": True},
            "uvicorn.access": {"handlers": [], "level": "WARNING", "propagate": False},
        },
    }


def configure_logging(log_format: str = "text", level: str = "info") -> None:
    logging.config.dictConfig(log_config(log_format, level))
