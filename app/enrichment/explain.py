"""`orewatch extract --explain`: every candidate claim of an article, kept or dropped, and why.

Per sentence that had a candidate: the claims kept, with their probability, whether they
reach the status-record threshold and the model weights behind them; and the candidates
the rules dropped, with the rule. So a wrong claim (or a missing one) can be traced to the
feature or rule that made it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.enrichment.confidence import ConfidenceModel, packaged_model
from app.enrichment.gazetteer import Gazetteer
from app.enrichment.noun_claims import Claim
from app.enrichment.pipeline import EXTRACTOR_VERSION, Extraction, extract
from app.enrichment.trace import Dropped, Trace

TOP_WEIGHTS = 6


@dataclass
class _Sentence:
    start: int
    text: str
    kept: list[dict[str, Any]] = field(default_factory=list)
    dropped: list[dict[str, Any]] = field(default_factory=list)


def _kept(claim: Claim, threshold: float, model: ConfidenceModel) -> dict[str, Any]:
    return {
        "country": claim.country,
        "mineral": claim.mineral,
        "status": str(claim.status),
        "confidence": claim.confidence,
        "moves_status_record": claim.confidence >= threshold,
        "features": list(claim.features),
        "weights": [
            {"feature": f, "weight": round(w, 3)}
            for f, w in model.contributions(claim)[:TOP_WEIGHTS]
        ],
    }


def _dropped(d: Dropped) -> dict[str, Any]:
    return {
        "cue": d.cue,
        "status": None if d.status is None else str(d.status),
        "matched": d.matched,
        "rule": str(d.rule),
        "countries": list(d.countries),
        "minerals": list(d.minerals),
    }


def explanation(
    extraction: Extraction, trace: Trace, threshold: float, model: ConfidenceModel | None = None
) -> dict[str, Any]:
    """The JSON shape of one article's explanation."""
    model = model or packaged_model(EXTRACTOR_VERSION)
    sentences: dict[int, _Sentence] = {}
    for claim in extraction.claims:
        entry = sentences.setdefault(claim.start, _Sentence(claim.start, claim.evidence))
        entry.kept.append(_kept(claim, threshold, model))
    for d in trace:
        entry = sentences.setdefault(d.sentence_start, _Sentence(d.sentence_start, d.sentence))
        entry.dropped.append(_dropped(d))
    return {
        "title": extraction.title,
        "published": extraction.published.isoformat() if extraction.published else None,
        "author": extraction.author,
        "threshold": threshold,
        "extractor_version": extraction.extractor_version,
        "sentences": [
            {"start": s.start, "text": s.text, "kept": s.kept, "dropped": s.dropped}
            for s in sorted(sentences.values(), key=lambda s: s.start)
        ],
    }


def explain(
    text: str,
    *,
    content_type: str,
    gazetteer: Gazetteer,
    threshold: float | None,
    model: ConfidenceModel | None = None,
) -> dict[str, Any]:
    """Extract one article with tracing on; `threshold` None means the model's default."""
    model = model or packaged_model(EXTRACTOR_VERSION)
    trace: Trace = []
    extraction = extract(
        text, content_type=content_type, gazetteer=gazetteer, trace=trace, model=model
    )
    if threshold is None:
        threshold = model.default_threshold
    return explanation(extraction, trace, threshold, model)


def _pair(country: str, mineral: str | None) -> str:
    return f"{country} x {mineral or 'minerals'}"


def render(source: str, report: dict[str, Any]) -> str:
    """The explanation as text for a terminal."""
    lines = [
        f"== {source}",
        f"title: {report['title']}  published: {report['published']}  author: {report['author']}",
        f"status records follow claims with confidence >= {report['threshold']:g}",
    ]
    for s in report["sentences"]:
        lines.append("")
        lines.append(f"@{s['start']}  {s['text']}")
        for k in s["kept"]:
            mark = "record" if k["moves_status_record"] else "listed only"
            lines.append(
                f"  KEPT     {k['status']:<17} {_pair(k['country'], k['mineral'])}  "
                f"p={k['confidence']:.3f} ({mark})"
            )
            weights = ", ".join(f"{w['feature']} {w['weight']:+.2f}" for w in k["weights"])
            lines.append(f"           weights: {weights}")
        for d in s["dropped"]:
            pairs = ", ".join(_pair(c, m) for c in d["countries"] for m in d["minerals"])
            matched = f" {d['matched']!r}" if d["matched"] else ""
            lines.append(
                f"  DROPPED  {d['status'] or '-':<17} cue={d['cue']}{matched}  rule={d['rule']}"
                + (f"  ({pairs})" if pairs else "")
            )
    return "\n".join(lines) + "\n"
