"""Reviewed claims as training examples: a corpus folder in the gold format the confidence
model's training script reads (scripts/train_confidence.py).

One article per pair of files: raw/<id>.txt (a header, a line `---`, the article as it was
ingested) and gold/<id>.json with the confirmed claims under `claims` and the rejected ones
under `rejected`, and `"partial": true`: only reviewed claims are known, so a candidate the
file names neither way is no example at all. A claim counts by its current verdict (the
latest), orphaned verdicts included: the text they judged is the same.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

from sqlmodel import Session

from app.claim_status import ReviewVerdict
from app.models import Article, ClaimReview
from app.repositories import reviews as review_repo
from app.services.claim_identity import ClaimKey, claim_key


@dataclass(frozen=True)
class ExportReport:
    articles: int
    confirmed: int
    rejected: int


def _current_verdicts(
    session: Session, since: date | None
) -> dict[int, dict[ClaimKey, ClaimReview]]:
    """Per article, the latest verdict on each claim identity."""
    start = datetime.combine(since, time(), tzinfo=UTC) if since is not None else None
    latest: dict[int, dict[ClaimKey, ClaimReview]] = {}
    for review in review_repo.reviews_since(session, start):
        latest.setdefault(review.article_id, {})[claim_key(review)] = review
    return latest


def _claim(review: ClaimReview) -> dict[str, Any]:
    return {
        "country": review.country_iso2,
        "mineral": review.mineral_slug,
        "status": review.status,
        "evidence": review.evidence,
        "review_id": review.id,
        "note": review.note,
    }


def _raw(article: Article) -> str:
    header = [
        f"url: {article.url or article.source_url or '(none)'}",
        f"outlet: {article.outlet or '(unknown)'}",
        f"article_id: {article.id}",
        "source: orewatch review export",
    ]
    return "\n".join(header) + "\n---\n" + (article.raw_body or article.clean_text or "")


def export_reviews(session: Session, folder: Path, *, since: date | None) -> ExportReport:
    """Write the reviewed claims of every article with a verdict under `folder`."""
    verdicts = _current_verdicts(session, since)
    (folder / "raw").mkdir(parents=True, exist_ok=True)
    (folder / "gold").mkdir(parents=True, exist_ok=True)
    confirmed = rejected = 0
    written = 0
    for article_id, by_claim in sorted(verdicts.items()):
        article = session.get(Article, article_id)
        if article is None:
            continue  # the article itself was deleted: nothing to train on
        ok = [_claim(r) for r in by_claim.values() if r.verdict == ReviewVerdict.CONFIRMED]
        wrong = [_claim(r) for r in by_claim.values() if r.verdict == ReviewVerdict.REJECTED]
        gold = {
            "id": str(article_id),
            "title": article.title,
            "published": article.published_at.date().isoformat() if article.published_at else None,
            "partial": True,
            "claims": ok,
            "rejected": wrong,
        }
        name = f"{article_id:06d}"
        (folder / "raw" / f"{name}.txt").write_text(_raw(article), encoding="utf-8")
        (folder / "gold" / f"{name}.json").write_text(
            json.dumps(gold, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        confirmed += len(ok)
        rejected += len(wrong)
        written += 1
    return ExportReport(articles=written, confirmed=confirmed, rejected=rejected)
