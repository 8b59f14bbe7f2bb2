"""Verdicts, the rich tables, the results JSON and the markdown summary."""

from __future__ import annotations

import json
import os
import platform
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from rich.table import Table

from readbench.endpoints import ENDPOINTS, SCENARIOS, TARGETS_TEXT, WRITES, target_for
from readbench.processes import RESULTS_DIR, console
from readbench.wrk import Load, WrkOptions

BARE = "bare"
DATASETTE = "datasette"
MIN_RATIO_TO_DATASETTE = 10.0
REFERENCES = (BARE, DATASETTE)


@dataclass(slots=True)
class Result:
    engine: str
    scenario: str
    target: str  # an endpoint's name, or a reference: bare, datasette
    kind: str  # list, composite or reference
    domain: str  # statistics, news or reference
    url: str  # the fixed URL, or the first of the distinct ones
    distinct_urls: int
    body_bytes: int
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
    ratio_to_bare: float | None = None
    ratio_to_datasette: float | None = None
    target_text: str = ""
    verdict: str = "baseline"
    failures: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, load: Load, **fields: Any) -> Result:
        return cls(**fields, **asdict(load))


@dataclass(slots=True)
class EngineRun:
    engine: str
    database: str
    results: list[Result] = field(default_factory=list)
    prefill: dict[str, Any] | None = None
    catalogue: dict[str, int] = field(default_factory=dict)
    writes: dict[str, Any] | None = None
    failures: list[str] = field(default_factory=list)  # scenario-level (e.g. the writer)


def judge(run: EngineRun) -> None:
    """Each API result's ratios to the references of its own scenario, and its verdict."""
    endpoints = {endpoint.name: endpoint for endpoint in ENDPOINTS}
    for scenario in SCENARIOS:
        group = [r for r in run.results if r.scenario == scenario]
        refs = {r.target: r for r in group if r.target in REFERENCES}
        bare, datasette = refs.get(BARE), refs.get(DATASETTE)
        for result in group:
            if bare is not None and bare.requests_per_s:
                result.ratio_to_bare = round(result.requests_per_s / bare.requests_per_s, 3)
            if datasette is not None and datasette.requests_per_s and result.target != BARE:
                ratio = result.requests_per_s / datasette.requests_per_s
                result.ratio_to_datasette = round(ratio, 2)
            if result.target in REFERENCES:
                continue
            target = target_for(scenario, endpoints[result.target])
            result.target_text = target.describe()
            failures = []
            if result.requests == 0:
                failures.append("no response completed during the load")
            if result.ratio_to_bare is None:
                failures.append("no bare reference in this scenario")
            elif result.ratio_to_bare < target.min_ratio:
                failures.append(f"{result.ratio_to_bare:.2f}x bare < {target.min_ratio:.2f}x")
            if target.max_p99_ms is not None and result.p99_ms >= target.max_p99_ms:
                failures.append(f"p99 {result.p99_ms:.1f} ms >= {target.max_p99_ms:.0f} ms")
            if (
                result.ratio_to_datasette is not None
                and result.ratio_to_datasette < MIN_RATIO_TO_DATASETTE
            ):
                failures.append(
                    f"{result.ratio_to_datasette:.1f}x Datasette < {MIN_RATIO_TO_DATASETTE:.0f}x"
                )
            if any(result.errors.values()):
                failures.append(f"errors {result.errors}")
            result.failures = failures
            result.verdict = "FAIL" if failures else "pass"


def failed(runs: list[EngineRun]) -> bool:
    return any(run.failures or any(r.verdict == "FAIL" for r in run.results) for run in runs)


# --- console -----------------------------------------------------------------------------


def _ratio(value: float | None, digits: int = 2) -> str:
    return "-" if value is None else f"{value:.{digits}f}x"


def print_scenario(run: EngineRun, scenario: str, options: WrkOptions) -> None:
    rows = [r for r in run.results if r.scenario == scenario]
    if not rows:
        return
    table = Table(
        title=f"{run.engine} / {scenario}: wrk {options.threads} threads, "
        f"{options.connections} connections, {options.duration_s} s per target, "
        f"{os.cpu_count()} CPUs shared with wrk"
    )
    headers = ("target", "URLs", "req/s", "p50 ms", "p99 ms", "vs bare", "target", "errors")
    for header in headers:
        table.add_column(header, justify="left" if header in ("target",) else "right")
    table.add_column("verdict")
    for result in rows:
        style = {"pass": "green", "FAIL": "bold red"}.get(result.verdict, "dim")
        table.add_row(
            result.target,
            str(result.distinct_urls),
            f"{result.requests_per_s:,.0f}",
            f"{result.p50_ms:.2f}",
            f"{result.p99_ms:.2f}",
            _ratio(result.ratio_to_bare),
            result.target_text or "-",
            str(sum(result.errors.values())),
            f"[{style}]{result.verdict}[/]",
        )
    console.print(table)
    for result in rows:
        for failure in result.failures:
            console.print(f"  [red]{result.target}[/]: {failure}")
    if scenario == WRITES and run.writes is not None:
        console.print(f"  writes: {writes_line(run.writes)}")
    console.print(f"  targets ({scenario}): {TARGETS_TEXT[scenario]}, no errors")


def writes_line(writes: dict[str, Any]) -> str:
    posts = writes["posts"]
    return (
        f"{posts['sent']} posts sent ({posts.get('posts_per_s', 0):.1f}/s), "
        f"{posts['accepted']} accepted, {posts['rejected']} rejected; "
        f"{writes['jobs_done']} enrichment jobs done during the scenario, "
        f"{writes['jobs_after']['queued'] + writes['jobs_after']['running']} left queued"
    )


def print_summary(runs: list[EngineRun]) -> None:
    for run in runs:
        table = Table(title=f"{run.engine}: requests/s as a ratio of bare's (p99)")
        scenarios = [s for s in SCENARIOS if any(r.scenario == s for r in run.results)]
        table.add_column("endpoint")
        for scenario in scenarios:
            table.add_column(scenario, justify="right")
        for name in _targets(run):
            cells = []
            for scenario in scenarios:
                result = _find(run, scenario, name)
                cells.append("-" if result is None else _cell(result, rich=True))
            table.add_row(name, *cells)
        console.print(table)
        console.print(f"  {bare_line(run, scenarios)}")
        for failure in run.failures:
            console.print(f"  [red]{failure}[/]")


# --- files -------------------------------------------------------------------------------


def _targets(run: EngineRun) -> list[str]:
    names = [r.target for r in run.results if r.target not in REFERENCES]
    ordered = list(dict.fromkeys(names))
    return ordered + [DATASETTE] * any(r.target == DATASETTE for r in run.results)


def _find(run: EngineRun, scenario: str, target: str) -> Result | None:
    return next((r for r in run.results if r.scenario == scenario and r.target == target), None)


def _cell(result: Result, rich: bool = False) -> str:
    text = f"{_ratio(result.ratio_to_bare).rstrip('x')} (p99 {result.p99_ms:.0f} ms)"
    if result.requests == 0:
        text = "0 (no response)"
    if result.verdict == "FAIL":
        return f"[red]{text} ✗[/]" if rich else f"{text} ✗"
    return text


def bare_line(run: EngineRun, scenarios: list[str]) -> str:
    bare = [(s, _find(run, s, BARE)) for s in scenarios]
    rates = ", ".join(f"{s} {r.requests_per_s:,.0f}" for s, r in bare if r is not None)
    loads = [r.load_1m_before for r in run.results]
    load = f"{min(loads):.1f}-{max(loads):.1f}" if loads else "-"
    return f"bare req/s: {rates}; 1-minute load average before each load {load}"


def markdown(runs: list[EngineRun], options: WrkOptions, stamp: str, json_path: Path) -> str:
    lines = [
        f"Read benchmark, {stamp}: wrk {options.threads} threads, {options.connections} "
        f"connections, {options.duration_s} s per target, {os.cpu_count()} CPUs shared by "
        "wrk and the servers. Cells: requests/s as a ratio of the bare endpoint's in the same "
        f"scenario (p99 latency); ✗ marks a missed target. Results: `{json_path}`.",
    ]
    for run in runs:
        scenarios = [s for s in SCENARIOS if any(r.scenario == s for r in run.results)]
        lines += ["", f"**{run.engine}** ({run.database})", ""]
        lines.append("| endpoint | " + " | ".join(scenarios) + " |")
        lines.append("|---|" + "---:|" * len(scenarios))
        for name in _targets(run):
            cells = [(_cell(r) if (r := _find(run, s, name)) else "-") for s in scenarios]
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
        lines += ["", bare_line(run, scenarios) + "."]
        if run.writes is not None:
            lines.append(f"writes: {writes_line(run.writes)}.")
        if run.prefill is not None:
            lines.append(
                f"prefill: {run.prefill['posts']['accepted']} articles accepted, jobs "
                f"{run.prefill['jobs']}."
            )
    lines += ["", "Targets:"]
    lines += [f"- {scenario}: {text}, no errors." for scenario, text in TARGETS_TEXT.items()]
    return "\n".join(lines) + "\n"


def write_json(
    runs: list[EngineRun], options: WrkOptions, settings: dict[str, Any], stamp: str
) -> Path:
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = RESULTS_DIR / f"read-{stamp}.json"
    document = {
        "benchmark": "read",
        "load_generator": "wrk",
        "started_at": stamp,
        "config": {
            "duration_s": options.duration_s,
            "connections": options.connections,
            "threads": options.threads,
            "uvicorn": "one worker, --log-level warning --no-access-log",
            **settings,
        },
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "targets": TARGETS_TEXT,
        "engines": [asdict(run) for run in runs],
    }
    path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    return path


def timestamp() -> str:
    from datetime import UTC

    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
