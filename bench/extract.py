"""Benchmark of the offline extraction pipeline (not a test).

Generates a corpus of synthetic articles from templates (our own wording), runs
app.enrichment.pipeline.extract in-process on one core and prints words per second.

    python bench/extract.py [--articles 1000] [--seed 7] [--repeat 3] [--profile]

Each repeat runs the whole corpus; the best wall-clock and CPU-time rates are printed, so a
busy machine (other processes on the core) disturbs the figure less.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import time

from app.enrichment.gazetteer import Gazetteer
from app.enrichment.pipeline import extract

COUNTRIES = [
    "China",
    "Australia",
    "Chile",
    "Indonesia",
    "Canada",
    "Brazil",
    "Ukraine",
    "the United States",
    "Russia",
    "South Africa",
    "Kazakhstan",
    "Japan",
    "Peru",
    "the Democratic Republic of Congo",
    "Zimbabwe",
    "Vietnam",
    "India",
    "Norway",
]
MINERALS = [
    "lithium",
    "cobalt",
    "nickel",
    "graphite",
    "gallium",
    "germanium",
    "antimony",
    "rare earths",
    "titanium sponge",
    "tungsten",
    "uranium",
    "manganese",
    "copper",
    "palladium",
    "platinum",
    "neodymium",
    "vanadium",
    "tin",
    "zinc",
]
SENTENCES = [
    "{c} is the world's largest producer of {m}, according to industry data.",
    "{c} produced {n},000 tonnes of {m} last year, up {p}% from a year earlier.",
    "Officials in {c2} said the country relies on imports of {m} from {c}.",
    "{c} announced export controls on {m} and {m2} on {d}.",
    "Analysts said {c} could supply more {m} if prices recover.",
    "{c} does not produce {m} and has not done so for decades.",
    "A new {m} refinery is under construction in {c}, with output planned for 2027.",
    "Flooding halted {m} production at two mines in {c} this month.",
    "{c} holds some of the world's largest {m} reserves.",
    "The company's chief executive said demand for {m2} would lead to tighter markets.",
    "Prices of {m} rose {p} per cent in Europe as buyers sought alternatives.",
    "Washington and Brussels have both flagged {m} as a critical mineral.",
    "The mine employs {n}00 people and ships concentrate by rail to the coast.",
    "Investors welcomed the results, sending shares up {p}% in early trading.",
]
CHROME = [
    "share",
    "twitter",
    "facebook",
    "ru",
    "arm",
    "Views: {n}",
    "Read more",
    "Copyright 2025 Example Media. All rights reserved.",
]


def make_article(rng: random.Random) -> str:
    lines = [rng.choice(CHROME).format(n=rng.randint(10, 999)) for _ in range(3)]
    c, m = rng.choice(COUNTRIES), rng.choice(MINERALS)
    lines.append(f"{c.replace('the ', '').capitalize()} tightens grip on {m} supply")
    lines.append(f"{rng.randint(1, 28)} March 2025 10:{rng.randint(10, 59)}")
    for _ in range(rng.randint(4, 8)):
        para = []
        for _ in range(rng.randint(3, 6)):
            t = rng.choice(SENTENCES).format(
                c=rng.choice(COUNTRIES),
                c2=rng.choice(COUNTRIES),
                m=rng.choice(MINERALS),
                m2=rng.choice(MINERALS),
                n=rng.randint(2, 90),
                p=rng.randint(2, 60),
                d=rng.choice(["Monday", "Tuesday", "Friday"]),
            )
            para.append(t[0].upper() + t[1:])
        lines.append("")
        lines.append(" ".join(para))
    lines.append("")
    lines.append("By Jane Example")
    lines.extend(rng.choice(CHROME).format(n=rng.randint(10, 999)) for _ in range(3))
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    corpus = [make_article(rng) for _ in range(args.articles)]
    words = sum(len(t.split()) for t in corpus)
    gaz = Gazetteer.from_refdata()
    extract(corpus[0], gazetteer=gaz)  # warm-up (regex compilation, caches)
    prof = cProfile.Profile() if args.profile else None
    best_wall = best_cpu = float("inf")
    claims = 0
    for _ in range(1 if prof else max(1, args.repeat)):
        claims = 0
        t0, c0 = time.perf_counter(), time.process_time()
        if prof:
            prof.enable()
        for text in corpus:
            claims += len(extract(text, gazetteer=gaz).claims)
        if prof:
            prof.disable()
        best_wall = min(best_wall, time.perf_counter() - t0)
        best_cpu = min(best_cpu, time.process_time() - c0)
    print(
        f"articles {len(corpus)}  words {words}  claims {claims}  best {best_wall:.2f} s  "
        f"{words / best_wall:,.0f} words/s wall  {words / best_cpu:,.0f} words/s cpu"
    )
    if prof:
        pstats.Stats(prof).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()
