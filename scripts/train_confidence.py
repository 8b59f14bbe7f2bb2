"""Train the claim confidence model and report k-fold cross-validated figures.

    .venv/bin/python scripts/train_confidence.py CORPUS [CORPUS ...] [--folds 5]
        [--precision 0.85] [--out app/enrichment/models/confidence.json]

A corpus is a folder in the gold format: raw/NNN.txt (header, a line '---', the text) and
gold/NNN.json (claims with country, mineral, status). Every claim the rules make is an
example, labelled right when its (country, mineral, status) is among its article's gold
triples. A gold file marked `"partial": true` (analysts' verdicts, written by `orewatch
review export`) lists confirmed claims under `claims` and rejected ones under `rejected`:
there a candidate is an example only when it is one or the other. Folds are grouped by
article, so no article is both trained and scored on.

Printed and stored with the weights: the cross-validated precision, recall and F1 of all
claims and of the claims at or above each threshold on the first corpus (the others only add
training examples; recall counts every gold claim, the ones the rules never proposed too),
the emission threshold: precision first, the one (at most 0.5) with the best cross-validated
F1 among those whose precision reaches --emit-precision (0.75), below which a candidate is
not a claim at all (in texts at least as long as the shortest training
article, stored as min_article_words; shorter ones keep every candidate); and the default
threshold: the lowest at which that
cross-validated precision reaches --precision, for status records. Both are chosen on the
same out-of-fold scores they are reported on, so those two figures are slightly optimistic;
train on part of a corpus and score the rest with score.py for a held-out figure. The model
written is fitted on all examples of all corpora.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from app.enrichment.confidence import ConfidenceModel, expand
from app.enrichment.errors import ExtractionError
from app.enrichment.pipeline import EXTRACTOR_VERSION, extract

DEFAULT_OUT = Path(__file__).resolve().parents[1] / "app/enrichment/models/confidence.json"
THRESHOLDS = [round(0.05 * i, 2) for i in range(20)]
# A candidate as likely to be wrong as right stays a claim: the emission threshold is only
# there to drop the clearly unlikely ones.
MAX_EMIT_THRESHOLD = 0.5
Triple = tuple[str, str | None, str]


@dataclass
class Examples:
    features: list[dict[str, float]]
    labels: list[int]
    groups: list[str]
    corpora: list[str]
    gold_totals: dict[str, int]
    article_words: list[int]


def _body(raw: str) -> str:
    _head, sep, body = raw.partition("\n---\n")
    return body if sep else raw


def _triples(claims: list[dict[str, object]]) -> set[Triple]:
    return {
        (
            str(c["country"]).upper(),
            str(c["mineral"]) if c.get("mineral") else None,
            str(c["status"]),
        )
        for c in claims
    }


@dataclass(frozen=True)
class Gold:
    right: set[Triple]
    wrong: set[Triple] | None
    """With a partial file (reviews exported by `orewatch review export`), the triples
    known to be wrong; a candidate in neither set is no example. None: every candidate not
    right is wrong (a fully annotated article)."""

    def label(self, triple: Triple) -> int | None:
        if triple in self.right:
            return 1
        if self.wrong is None or triple in self.wrong:
            return 0
        return None


def _gold(path: Path) -> Gold:
    data = json.loads(path.read_text("utf-8"))
    right = _triples(data.get("claims", []))
    if data.get("partial"):
        return Gold(right, _triples(data.get("rejected", [])) - right)
    return Gold(right, None)


def collect(corpora: list[Path]) -> Examples:
    examples = Examples([], [], [], [], {}, [])
    for corpus in corpora:
        examples.gold_totals[corpus.name] = 0
        for raw_path in sorted((corpus / "raw").glob("*.txt")):
            gold_path = corpus / "gold" / f"{raw_path.stem}.json"
            if not gold_path.exists():
                continue
            gold = _gold(gold_path)
            examples.gold_totals[corpus.name] += len(gold.right)
            try:
                extraction = extract(_body(raw_path.read_text("utf-8")), scored=False)
            except ExtractionError as exc:
                print(f"skipped {raw_path}: {exc}", file=sys.stderr)
                continue
            examples.article_words.append(len(extraction.clean_text.split()))
            for claim in extraction.claims:
                label = gold.label((claim.country, claim.mineral, str(claim.status)))
                if label is None:
                    continue  # a reviewed article's unreviewed candidate: unknown
                examples.features.append(dict.fromkeys(expand(claim), 1.0))
                examples.labels.append(label)
                examples.groups.append(f"{corpus.name}/{raw_path.stem}")
                examples.corpora.append(corpus.name)
    return examples


def _figures(labels: np.ndarray, kept: np.ndarray, gold_total: int) -> dict[str, float]:
    tp = int(labels[kept].sum())
    predicted = int(kept.sum())
    precision = tp / predicted if predicted else 0.0
    recall = tp / gold_total if gold_total else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "claims": predicted,
        "precision": round(precision, 3),
        "recall": round(recall, 3),
        "f1": round(f1, 3),
    }


# Inverse L2 strength: a few hundred examples and a thousand sparse features need a firm
# prior; --c lets a larger corpus loosen it.
REGULARISATION_C = 0.1


def _classifier(c: float = REGULARISATION_C) -> LogisticRegression:
    return LogisticRegression(C=c, max_iter=2000)


def cross_validate(examples: Examples, folds: int, c: float) -> np.ndarray:
    """Out-of-fold probabilities: each article scored by a model that never saw it."""
    labels = np.array(examples.labels)
    proba = np.zeros(len(labels))
    for train, test in GroupKFold(n_splits=folds).split(labels, labels, examples.groups):
        vectorizer = DictVectorizer()
        x_train = vectorizer.fit_transform([examples.features[i] for i in train])
        model = _classifier(c).fit(x_train, labels[train])
        x_test = vectorizer.transform([examples.features[i] for i in test])
        proba[test] = model.predict_proba(x_test)[:, 1]
    return proba


def fit(examples: Examples, c: float) -> tuple[float, dict[str, float]]:
    vectorizer = DictVectorizer()
    x = vectorizer.fit_transform(examples.features)
    model = _classifier(c).fit(x, np.array(examples.labels))
    names = vectorizer.get_feature_names_out()
    weights = {str(n): round(float(w), 4) for n, w in zip(names, model.coef_[0], strict=True)}
    return round(float(model.intercept_[0]), 4), {k: v for k, v in weights.items() if v}


def calibration(labels: np.ndarray, proba: np.ndarray) -> list[dict[str, float]]:
    bins = []
    for low in (0.0, 0.2, 0.4, 0.6, 0.8):
        inside = (proba >= low) & (proba < low + 0.2 + (1e-9 if low == 0.8 else 0))
        if inside.any():
            bins.append(
                {
                    "bin": f"{low:.1f}-{low + 0.2:.1f}",
                    "claims": int(inside.sum()),
                    "mean_confidence": round(float(proba[inside].mean()), 3),
                    "share_right": round(float(labels[inside].mean()), 3),
                }
            )
    return bins


def emission_threshold(by_threshold: dict[str, dict[str, float]], precision: float) -> float:
    """Precision first: the threshold (at most MAX_EMIT_THRESHOLD) with the best
    cross-validated F1 among those whose precision reaches `precision`; when none does, the
    one with the best F1."""
    candidates = [t for t in THRESHOLDS if t <= MAX_EMIT_THRESHOLD]
    precise = [t for t in candidates if by_threshold[f"{t:.2f}"]["precision"] >= precision]
    # F1 ties (figures are rounded to 3 places) go to the more precise threshold
    return max(
        precise or candidates,
        key=lambda t: (by_threshold[f"{t:.2f}"]["f1"], by_threshold[f"{t:.2f}"]["precision"]),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpora", nargs="+", type=Path)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--precision", type=float, default=0.85)
    parser.add_argument(
        "--emit-precision",
        type=float,
        default=0.75,
        help="precision the emission threshold should keep (the best F1 among those)",
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--c", type=float, default=REGULARISATION_C, help="inverse L2 strength")
    args = parser.parse_args(argv)

    examples = collect(args.corpora)
    labels = np.array(examples.labels)
    proba = cross_validate(examples, args.folds, args.c)
    # Figures and the threshold come from the first corpus (the measured one); the others
    # only add training examples.
    measured = args.corpora[0].name
    mask = np.array([c == measured for c in examples.corpora])
    gold_total = examples.gold_totals[measured]
    by_threshold = {
        f"{t:.2f}": _figures(labels[mask], proba[mask] >= t, gold_total) for t in THRESHOLDS
    }
    reaching = [t for t in THRESHOLDS if by_threshold[f"{t:.2f}"]["precision"] >= args.precision]
    default = reaching[0] if reaching else THRESHOLDS[-1]
    emit = emission_threshold(by_threshold, args.emit_precision)
    summary = {
        "measured_on": measured,
        "articles": len({g for g, m in zip(examples.groups, mask, strict=True) if m}),
        "gold_claims": gold_total,
        "training_articles": len(set(examples.groups)),
        "candidate_claims": int(mask.sum()),
        "folds": args.folds,
        "grouped_by": "article",
        "all_candidates": by_threshold["0.00"],
        "emit_threshold": emit,
        "all_claims": by_threshold[f"{emit:.2f}"],
        "at_default_threshold": by_threshold[f"{default:.2f}"],
        "brier": round(float(np.mean((proba[mask] - labels[mask]) ** 2)), 4),
        "calibration": calibration(labels[mask], proba[mask]),
        "by_threshold": by_threshold,
    }
    intercept, weights = fit(examples, args.c)
    shortest = min(examples.article_words, default=0)
    model = ConfidenceModel(
        EXTRACTOR_VERSION, intercept, weights, default, summary, emit, min_article_words=shortest
    )
    args.out.write_text(json.dumps(model.to_json(), indent=1) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in summary.items() if k != "by_threshold"}, indent=1))
    print(
        f"emission threshold {emit:.2f} (articles of {shortest}+ words), "
        f"default threshold {default:.2f}; wrote {args.out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
