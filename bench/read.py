"""Benchmark of the HTTP read path (not a test): see bench/README.md.

Scenarios warm, cold, distinct and writes, on SQLite and PostgreSQL, each API endpoint
compared with a bare FastAPI endpoint loaded in the same scenario; the parts live in
bench/readbench/. Results: a table per scenario, bench/results/read-<timestamp>.json and
(with --markdown PATH) a markdown summary.

    python bench/read.py [--engine sqlite|postgresql|both] [--duration 10]
                         [--scenarios warm,cold,distinct,writes] [--only countries-list,...]
                         [--prefill 300] [--markdown PATH] ...

bench/scale.py imports this module for its server and wrk helpers (re-exported below).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from readbench.cli import main
from readbench.processes import (
    HOST,
    RESULTS_DIR,
    console,
    exit_on_sigterm,
    fail,
    free_port,
    http_get,
    require_wrk,
    run_checked,
    server,
    uvicorn_args,
    venv_tool,
    wait_ready,
)
from readbench.wrk import WRK_SCRIPT, WrkOptions, run_wrk

__all__ = [
    "HOST",
    "RESULTS_DIR",
    "WRK_SCRIPT",
    "WrkOptions",
    "console",
    "exit_on_sigterm",
    "fail",
    "free_port",
    "http_get",
    "main",
    "require_wrk",
    "run_checked",
    "run_wrk",
    "server",
    "uvicorn_args",
    "venv_tool",
    "wait_ready",
]

if __name__ == "__main__":
    sys.exit(main())
