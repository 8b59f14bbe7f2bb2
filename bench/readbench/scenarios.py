"""One engine's run: a fresh database, prefill, the URL catalogue, then each scenario.

* warm: cache on (default settings), one fixed URL per endpoint, asked once before load;
* cold: OREWATCH_CACHE_MAX_ENTRIES=0, one fixed URL per endpoint;
* distinct: cache on, a fresh process, each endpoint loaded with its distinct URLs, one
  picked at random per request;
* writes: as distinct, while the writer process POSTs articles at a steady rate and the
  API's embedded worker enriches them.

Every scenario starts its own API process and first loads the bare reference (one
process for the whole engine), so each ratio compares loads of the same few minutes.
"""

from __future__ import annotations

import json
import tempfile
import time
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from readbench import database
from readbench.articles import generator_from_api, job_counts, prefill, wait_drained
from readbench.catalogue import Vocab, build_catalogue, discover, fixed_paths
from readbench.endpoints import COLD, DISTINCT, ENDPOINTS, WARM, WRITES
from readbench.processes import console, fail, http_get, redact, stop
from readbench.report import BARE, DATASETTE, EngineRun, Result, judge, print_scenario
from readbench.servers import (
    DATASETTE_PATH,
    api_env,
    start_api,
    start_bare,
    start_datasette,
    start_writer,
)
from readbench.wrk import WrkOptions, measure, write_script

PAUSE_S = 0.5  # between two loads, so the server drains the previous one


@dataclass(frozen=True, slots=True)
class RunConfig:
    engines: tuple[str, ...]
    database_url: str | None
    wrk: WrkOptions
    scenarios: tuple[str, ...]
    only: tuple[str, ...]
    prefill: int
    urls: int
    write_rate: float
    worker_concurrency: int
    datasette: bool
    seed: int


@dataclass(slots=True)
class Engine:
    """What the scenarios of one engine share."""

    name: str
    config: RunConfig
    wrk: str
    workdir: Path
    database_url: str
    key_path: Path
    vocab_path: Path
    fixed: dict[str, str | None]
    catalogue: dict[str, list[str]]
    bare_url: str
    datasette_url: str | None
    run: EngineRun

    def load(
        self, scenario: str, target: str, base_url: str, paths: list[str], meta: dict[str, str]
    ) -> Result:
        """Ask the first URL once (it must answer 200), then load the target with wrk."""
        status, body = http_get(base_url + paths[0], timeout=60.0)
        if status != 200:
            fail(f"GET {base_url}{paths[0]} answered {status}: {body[:300]!r}")
        script = self.workdir / f"{scenario}-{target}.lua"
        write_script(script, paths if len(paths) > 1 else None, self.config.seed)
        shown = paths[0] if len(paths) == 1 else f"{len(paths)} URLs, e.g. {paths[0]}"
        console.print(f"  {self.name} {scenario:<8} {target:<18} {shown}")
        load = measure(self.wrk, script, base_url + paths[0], self.config.wrk)
        time.sleep(PAUSE_S)
        result = Result.of(
            load,
            engine=self.name,
            scenario=scenario,
            target=target,
            url=paths[0],
            distinct_urls=len(paths),
            body_bytes=len(body),
            **meta,
        )
        self.run.results.append(result)
        return result

    def references(self, scenario: str) -> None:
        reference = {"kind": "reference", "domain": "reference"}
        self.load(scenario, BARE, self.bare_url, ["/bare"], reference)
        if scenario == WARM and self.datasette_url is not None:
            self.load(scenario, DATASETTE, self.datasette_url, [DATASETTE_PATH], reference)

    def endpoints(self, scenario: str, base_url: str) -> None:
        for endpoint in ENDPOINTS:
            if endpoint.name not in self.config.only:
                continue
            if scenario in (WARM, COLD):
                fixed = self.fixed.get(endpoint.name)
                paths = [fixed] if fixed else []
            else:
                paths = self.catalogue.get(endpoint.name, [])
            if not paths:
                console.print(f"  [yellow]{scenario} {endpoint.name}: no URL (no data)[/]")
                self.run.failures.append(f"{scenario} {endpoint.name}: no URL to load")
                continue
            meta: dict[str, str] = {"kind": endpoint.kind, "domain": endpoint.domain}
            self.load(scenario, endpoint.name, base_url, paths, meta)


def scenario_env(engine: Engine, scenario: str) -> dict[str, str]:
    extra = {}
    if scenario == COLD:
        extra["OREWATCH_CACHE_MAX_ENTRIES"] = "0"
    if scenario == WRITES:
        extra["OREWATCH_WORKER_CONCURRENCY"] = str(engine.config.worker_concurrency)
    return api_env(engine.database_url, **extra)


def run_scenario(engine: Engine, scenario: str) -> None:
    console.rule(f"{engine.name}: {scenario}")
    with ExitStack() as stack:
        base_url = start_api(stack, scenario_env(engine, scenario), engine.workdir, scenario)
        engine.references(scenario)
        if scenario != WRITES:
            engine.endpoints(scenario, base_url)
            return
        before = job_counts(base_url)
        writer, stats_path = start_writer(
            stack,
            base_url,
            engine.key_path,
            engine.vocab_path,
            engine.config.write_rate,
            f"writes-{engine.name}-{int(time.time())}",
            engine.workdir,
        )
        time.sleep(1.0)
        engine.endpoints(scenario, base_url)
        stop(writer)
        after = job_counts(base_url)
        posts: dict[str, Any] = (
            json.loads(stats_path.read_text(encoding="utf-8")) if stats_path.exists() else {}
        )
    record_writes(engine, posts, before, after)


def record_writes(
    engine: Engine, posts: dict[str, Any], before: dict[str, int], after: dict[str, int]
) -> None:
    if not posts:
        engine.run.failures.append("writes: the writer wrote no counts")
        posts = {"sent": 0, "accepted": 0, "rejected": 0, "created": 0}
    engine.run.writes = {
        "rate_per_s": engine.config.write_rate,
        "worker_concurrency": engine.config.worker_concurrency,
        "posts": posts,
        "jobs_before": before,
        "jobs_after": after,
        "jobs_done": after["succeeded"] - before["succeeded"],
        "jobs_failed": after["failed"] + after["dead"] - before["failed"] - before["dead"],
    }
    if posts["sent"] == 0:
        engine.run.failures.append("writes: no post was sent")
    if posts["rejected"]:
        engine.run.failures.append(f"writes: {posts['rejected']} posts not accepted {posts}")


def prepare_data(engine_name: str, config: RunConfig, database_url: str, workdir: Path) -> Any:
    """Prefill (through a throwaway API process with its worker), then read the vocabulary
    and build the catalogue from the data as the scenarios will find it."""
    key = database.ingest_key(database_url, workdir / "ingest-key")
    with ExitStack() as stack:
        base_url = start_api(stack, api_env(database_url), workdir, "prepare")
        prefilled = None
        if config.prefill:
            generator = generator_from_api(base_url, f"prefill-{engine_name}", config.seed)
            console.print(f"prefilling {config.prefill} generated articles")
            counts = prefill(base_url, key, generator, config.prefill)
            jobs = wait_drained(base_url, 60.0 + config.prefill)
            prefilled = {"posts": counts.as_dict(), "jobs": jobs}
            console.print(f"  {prefilled}")
            if counts.accepted != config.prefill:
                fail(f"prefill: {config.prefill - counts.accepted} posts not accepted: {counts}")
        vocab = discover(base_url)
        catalogue: dict[str, list[str]] = {}
        if DISTINCT in config.scenarios or WRITES in config.scenarios:
            console.print(f"catalogue: up to {config.urls} distinct URLs per endpoint")
            catalogue = build_catalogue(
                base_url, vocab, list(config.only), config.urls, config.seed
            )
        status, bare_body = http_get(base_url + "/v1/countries?limit=50")
        if status != 200:
            fail(f"could not fetch the countries list for the bare body: {status}")
    return prefilled, vocab, catalogue, bare_body


def write_vocab(vocab: Vocab, path: Path) -> Path:
    names = {
        "countries": sorted(vocab.countries.values()),
        "minerals": [m.name for m in vocab.minerals],
    }
    path.write_text(json.dumps(names), encoding="utf-8")
    return path


def run_engine(name: str, config: RunConfig, wrk: str) -> EngineRun:
    with ExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix=f"ow-read-{name}-")))
        url = database.prepare(name, config.database_url, workdir)
        shown = redact(url) if name == "postgresql" else "fresh SQLite file (temp dir)"
        run = EngineRun(name, shown)
        prefilled, vocab, catalogue, bare_body = prepare_data(name, config, url, workdir)
        run.prefill = prefilled
        run.catalogue = {endpoint: len(paths) for endpoint, paths in catalogue.items()}
        bare_url = start_bare(stack, bare_body, workdir)
        datasette_url = None
        if config.datasette and WARM in config.scenarios:
            datasette_url = start_datasette(stack, url, workdir)
        engine = Engine(
            name=name,
            config=config,
            wrk=wrk,
            workdir=workdir,
            database_url=url,
            key_path=workdir / "ingest-key",
            vocab_path=write_vocab(vocab, workdir / "vocab.json"),
            fixed=fixed_paths(vocab),
            catalogue=catalogue,
            bare_url=bare_url,
            datasette_url=datasette_url,
            run=run,
        )
        for scenario in config.scenarios:
            run_scenario(engine, scenario)
            judge(run)
            print_scenario(run, scenario, config.wrk)
        return run
