"""The command line of bench/read.py."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from readbench.database import check_loopback
from readbench.endpoints import ENDPOINT_NAMES, SCENARIOS
from readbench.processes import REPO, console, exit_on_sigterm, require_wrk
from readbench.report import failed, markdown, print_summary, timestamp, write_json
from readbench.scenarios import RunConfig, run_engine
from readbench.servers import require_datasette
from readbench.wrk import WrkOptions

ENGINES = ("sqlite", "postgresql")
DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/ow_bench"


def _names(
    parser: argparse.ArgumentParser, option: str, value: str, known: Sequence[str]
) -> tuple[str, ...]:
    names = tuple(dict.fromkeys(name.strip() for name in value.split(",") if name.strip()))
    unknown = sorted(set(names) - set(known))
    if unknown or not names:
        parser.error(
            f"{option}: unknown or no name(s) {', '.join(unknown)}; choose among {', '.join(known)}"
        )
    return names


def parse_args(argv: Sequence[str] | None = None) -> tuple[RunConfig, Path | None]:
    parser = argparse.ArgumentParser(
        prog="bench/read.py",
        description="Read-path benchmark of the API: warm, cold, distinct and writes scenarios, "
        "each endpoint compared with a bare FastAPI endpoint loaded in the same scenario.",
    )
    parser.add_argument("--engine", choices=(*ENGINES, "both"), default="both")
    parser.add_argument(
        "--database-url",
        default=DEFAULT_PG,
        help="PostgreSQL database for --engine postgresql/both, on 127.0.0.1; it is DROPPED "
        f"and created again (default {DEFAULT_PG})",
    )
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per target")
    parser.add_argument("--connections", type=int, default=32, help="concurrent connections")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument(
        "--scenarios",
        default=",".join(SCENARIOS),
        help="comma-separated, among " + ", ".join(SCENARIOS),
    )
    parser.add_argument(
        "--only",
        default=",".join(ENDPOINT_NAMES),
        help="comma-separated endpoints, among " + ", ".join(ENDPOINT_NAMES),
    )
    parser.add_argument(
        "--prefill",
        type=int,
        default=300,
        help="generated articles posted and enriched before the scenarios",
    )
    parser.add_argument(
        "--urls", type=int, default=200, help="distinct URLs drawn per endpoint (distinct, writes)"
    )
    parser.add_argument(
        "--write-rate", type=float, default=4.0, help="articles/s posted in the writes scenario"
    )
    parser.add_argument(
        "--worker-concurrency",
        type=int,
        default=1,
        help="embedded worker threads in the writes scenario",
    )
    parser.add_argument(
        "--datasette",
        action="store_true",
        help="also load Datasette in the warm scenario (needs the bench extra)",
    )
    parser.add_argument(
        "--seed", type=int, default=1, help="seed of the URL draws and the article texts"
    )
    parser.add_argument(
        "--markdown", type=Path, default=None, help="also write the markdown summary to this file"
    )
    args = parser.parse_args(argv)
    if args.duration < 1 or args.connections < 1 or args.threads < 1:
        parser.error("--duration, --connections and --threads must be positive")
    if args.threads > args.connections:
        parser.error("--threads cannot exceed --connections (wrk needs a connection per thread)")
    if args.prefill < 0 or args.urls < 1 or args.write_rate <= 0 or args.worker_concurrency < 1:
        parser.error("--prefill >= 0, --urls >= 1, --write-rate > 0, --worker-concurrency >= 1")
    engines = ENGINES if args.engine == "both" else (args.engine,)
    if "postgresql" in engines:
        check_loopback(args.database_url)
    config = RunConfig(
        engines=engines,
        database_url=args.database_url if "postgresql" in engines else None,
        wrk=WrkOptions(args.duration, args.connections, args.threads),
        scenarios=_names(parser, "--scenarios", args.scenarios, SCENARIOS),
        only=_names(parser, "--only", args.only, ENDPOINT_NAMES),
        prefill=args.prefill,
        urls=args.urls,
        write_rate=args.write_rate,
        worker_concurrency=args.worker_concurrency,
        datasette=args.datasette,
        seed=args.seed,
    )
    return config, args.markdown


def main(argv: Sequence[str] | None = None) -> int:
    config, markdown_path = parse_args(argv)
    exit_on_sigterm()
    wrk = require_wrk()
    if config.datasette:
        require_datasette()
    stamp = timestamp()
    runs = [run_engine(engine, config, wrk) for engine in config.engines]
    print_summary(runs)
    settings = {
        "engines": list(config.engines),
        "scenarios": list(config.scenarios),
        "prefill": config.prefill,
        "distinct_urls_per_endpoint": config.urls,
        "write_rate_per_s": config.write_rate,
        "worker_concurrency_writes": config.worker_concurrency,
        "seed": config.seed,
    }
    path = write_json(runs, config.wrk, settings, stamp)
    shown = path.relative_to(REPO)
    text = markdown(runs, config.wrk, stamp, shown)
    if markdown_path is not None:
        markdown_path.write_text(text, encoding="utf-8")
        console.print(f"markdown summary written to {markdown_path}")
    console.print(f"results written to {shown}")
    if failed(runs):
        console.print("[bold red]some targets were missed[/]")
        return 1
    return 0
