"""wrk, the load generator: its Lua scripts, one run and its JSON summary.

Every script ends with the same `done()` hook, which prints requests, latency percentiles
and errors as one JSON line after a marker; `request()` is either wrk's own (one fixed
URL) or picks a random path of a list per request (the distinct URLs of an endpoint).
"""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from readbench.processes import fail

WRK_MARKER = "WRKJSON "

WRK_SCRIPT = f"""
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{WRK_MARKER}{{"requests":%d,"duration_us":%d,"bytes":%d,'
    .. '"p50_us":%.1f,"p90_us":%.1f,"p99_us":%.1f,"max_us":%.1f,"mean_us":%.1f,'
    .. '"errors":{{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}}}}\\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, latency.mean,
    e.connect, e.read, e.write, e.status, e.timeout))
end
"""

# `setup` runs in wrk's main Lua state, once per thread; `init` in each thread's own state.
RANDOM_PATHS = """
local paths = {%s}
local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
init = function(args)
  math.randomseed(%d + 7919 * (wrk.thread:get("tid") or 0))
end
request = function()
  return wrk.format("GET", paths[math.random(#paths)])
end
"""


@dataclass(frozen=True, slots=True)
class WrkOptions:
    duration_s: int
    connections: int
    threads: int


@dataclass(frozen=True, slots=True)
class Load:
    """What wrk measured on one target."""

    requests: int
    duration_s: float
    requests_per_s: float
    bytes_per_response: int
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    errors: dict[str, int]
    load_1m_before: float


def write_script(path: Path, paths: list[str] | None = None, seed: int = 1) -> Path:
    """The `done()` hook alone, or preceded by a `request()` picking among `paths`."""
    text = WRK_SCRIPT
    if paths:
        quoted = ", ".join(json.dumps(p) for p in paths)
        text = RANDOM_PATHS % (quoted, seed) + WRK_SCRIPT
    path.write_text(text, encoding="utf-8")
    return path


def run_wrk(wrk: str, script: Path, url: str, options: Any) -> dict[str, Any]:
    """One wrk run against `url`; `options` has duration_s, connections and threads."""
    args = [
        wrk,
        f"--threads={options.threads}",
        f"--connections={options.connections}",
        f"--duration={options.duration_s}s",
        "--timeout=2s",
        f"--script={script}",
        url,
    ]
    completed = subprocess.run(args, capture_output=True, text=True)
    lines = [line for line in completed.stdout.splitlines() if line.startswith(WRK_MARKER)]
    if not lines:
        output = f"{completed.stdout}\n{completed.stderr}".strip()
        fail(f"wrk gave no summary (exit {completed.returncode}):\n{output}")
    summary: dict[str, Any] = json.loads(lines[-1].removeprefix(WRK_MARKER))
    return summary


def measure(wrk: str, script: Path, url: str, options: WrkOptions) -> Load:
    """Load `url` for the configured time; records the load average seen just before."""
    load_1m = os.getloadavg()[0]
    summary = run_wrk(wrk, script, url, options)
    duration_s = summary["duration_us"] / 1e6
    requests = int(summary["requests"])
    return Load(
        requests=requests,
        duration_s=round(duration_s, 3),
        requests_per_s=round(requests / duration_s, 1) if duration_s else 0.0,
        bytes_per_response=int(summary["bytes"] / requests) if requests else 0,
        p50_ms=round(summary["p50_us"] / 1000, 2),
        p90_ms=round(summary["p90_us"] / 1000, 2),
        p99_ms=round(summary["p99_us"] / 1000, 2),
        max_ms=round(summary["max_us"] / 1000, 2),
        errors={key: int(value) for key, value in summary["errors"].items()},
        load_1m_before=round(load_1m, 2),
    )
