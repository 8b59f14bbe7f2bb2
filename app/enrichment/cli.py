"""The `orewatch extract` command: offline extraction to JSON / JSON Lines (no database)."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import orjson
import typer

from app.article_files import ArticleFile, ArticleFileError, expand, read


class OutputFormat(StrEnum):
    json = "json"
    jsonl = "jsonl"
    text = "text"


def parse_min_confidence(value: str | None) -> float | None:
    """`--min-confidence`: a probability in [0, 1], or "default" (the model's threshold)."""
    if value is None:
        return None
    if value.strip().lower() == "default":
        from app.enrichment.confidence import packaged_model
        from app.enrichment.pipeline import EXTRACTOR_VERSION

        return packaged_model(EXTRACTOR_VERSION).default_threshold
    try:
        number = float(value)
    except ValueError:
        number = -1.0
    if not 0.0 <= number <= 1.0:
        raise typer.BadParameter(f"{value!r} is neither a number from 0 to 1 nor 'default'")
    return number


def register(cli: typer.Typer) -> None:
    """Add the `extract` command to the `orewatch` application."""

    @cli.command()
    def extract(
        paths: Annotated[
            list[Path], typer.Argument(help="Files (.txt, .html, .htm) or folders (recursive).")
        ],
        output_format: Annotated[
            OutputFormat | None,
            typer.Option(
                "--format",
                help="jsonl: one object a line (the default); json: an array; text: for "
                "reading (the default with --explain).",
            ),
        ] = None,
        min_confidence: Annotated[
            str | None,
            typer.Option(
                "--min-confidence",
                help="Print only claims of at least this confidence (0-1), or 'default': the "
                "threshold status records follow.",
            ),
        ] = None,
        explain: Annotated[
            bool,
            typer.Option(
                "--explain",
                help="Show every candidate claim: kept (confidence, model weights, whether "
                "status records follow it) or dropped (the rule that dropped it).",
            ),
        ] = False,
    ) -> None:
        """Extract metadata, mentions and claims from text/HTML files (no database)."""
        threshold = parse_min_confidence(min_confidence)
        fmt = output_format or (OutputFormat.text if explain else OutputFormat.jsonl)
        from app.enrichment.gazetteer import Gazetteer
        from app.enrichment.pipeline import ExtractionError

        gazetteer = Gazetteer.from_refdata()
        files, refused = expand(paths)
        for refusal in refused:
            sys.stderr.write(f"orewatch extract: {refusal.target}: {refusal.reason}\n")
        failed = bool(refused)
        results: list[dict[str, object]] = []
        out = sys.stdout.buffer
        for file in files:
            try:
                obj = _one(file, read(file), gazetteer, threshold, explain)
            except (ArticleFileError, ExtractionError) as exc:
                failed = True
                sys.stderr.write(f"orewatch extract: {file.path}: {exc}\n")
                continue
            if fmt is OutputFormat.text:
                out.write(_text(str(file.path), obj, explain).encode())
                out.flush()
            elif fmt is OutputFormat.jsonl:
                out.write(orjson.dumps(obj) + b"\n")
                out.flush()
            else:
                results.append(obj)
        if fmt is OutputFormat.json:
            out.write(orjson.dumps(results, option=orjson.OPT_INDENT_2) + b"\n")
            out.flush()
        if failed:
            raise typer.Exit(code=1)


def _one(
    file: ArticleFile, data: str, gazetteer: Any, threshold: float | None, explain: bool
) -> dict[str, Any]:
    """One file's output object: the extraction, or with `explain` its explanation."""
    path, content_type = file.path, file.content_type
    if explain:
        from app.enrichment.explain import explain as run_explain

        report = run_explain(
            data, content_type=content_type, gazetteer=gazetteer, threshold=threshold
        )
        return {"source": str(path), **report}
    from app.enrichment.pipeline import extract as run_extract

    result = run_extract(data, content_type=content_type, gazetteer=gazetteer)
    return result.to_dict(source=str(path), min_confidence=threshold)


def _text(source: str, obj: dict[str, Any], explain: bool) -> str:
    from app.enrichment.explain import render

    if explain:
        return render(source, obj)
    lines = [f"== {source}", f"title: {obj['title']}  published: {obj['published']}"]
    lines += [
        f"  {c['status']:<17} {c['country']} x {c['mineral'] or 'minerals'}  "
        f"p={c['confidence']:.3f}  {c['evidence']}"
        for c in obj["claims"]
    ]
    return "\n".join(lines) + "\n"
