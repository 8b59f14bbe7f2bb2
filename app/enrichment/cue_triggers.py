"""Substrings that every match of a cue contains: a speed filter for cues.active_cues().

A cue whose trigger words are all absent from a (lowercased) sentence is not tried. A cue
without an entry is always tried. Keep each tuple in step with the cue's pattern
(supply_cues.py, change_cues.py).
"""

from __future__ import annotations

# Substrings one of which every match of the cue contains (a speed filter only).
# fmt: off
TRIGGERS: dict[str, tuple[str, ...]] = {
    "neg_produce": ("not", "n't", "n\u2019t", "never", "no longer"),
    "ceased": ("stopped", "ceased", "ended", "abandoned"),
    "no_production": ("has no", "not a", "produc", "yet to", "mined no", "no ", "domestic",
        "ceased", "stopped", "ended", "nor "),
    "dominance": ("domina", "hegemon"),
    "monopoly": ("monopol", "stranglehold", "chokehold", "share", "grip"),
    "control": ("control",),
    "superlative": ("world", "global", "planet"),
    "share": ("%", "cent", "pc", "half", "third", "quarter", "fifth", "tenth"),
    "supplies_share": ("%", "cent", "pc", "half", "third", "quarter", "fifth", "tenth"),
    "majority": ("majority", "bulk", "most"),
    "mostly_mined": ("most", "mainly", "largely", "primarily", "predominantly", "chiefly"),
    "ranked_producer": ("largest", "biggest", "top", "leading", "main", "principal", "only"),
    "produce_verb": ("produc", "mine", "extract", "refin", "smelt", "recover", "make", "begun",
        "began", "started", "commenced"),
    "operating": ("operat", "continu", "still in", "hosts", "home to", "runs", "running",
        "first", "product"),
    "comes_from": ("from",),
    "production_noun": ("production", "output", "producer", "quota", "refiner", "processor",
        "miner"),
    "minor_super": ("producer", "processor", "refiner", "supplier", "source", "miner",
        "exporter"),
    "accounts": ("account",),
    "reserves": ("reserve", "deposit", "mineral", "rich", "endowed", "untapped", "resources"),
    "holds_resources": ("resources",),
    "disrupted": ("inaccessible", "disrupt", "halt", "suspend", "stop", "paus", "shut", "clos",
        "force", "strike", "maintenance", "mothball", "cutting off", "taken control",
        "seized control", "flood", "occup", "blockade", "sanction", "cut off", "control",
        "seized", "idl", "closure", "curtail", "outage", "stoppage", "collaps", "held up",
        "stranded", "froze", "frozen", "freez", "kept", "remain", "stay", "cut", "block"),
    "collapse": ("collaps",),
    "export_measure": ("export",),
    "restrict_exports": ("export", "permit", "licen"),
    "definite": ("curbs", "restrictions", "controls", "ban", "measure", "requirements", "quotas",
        "permits"),
    "dependence": ("depend", "relian", "rely", "relies", "relied", "relying"),
    "wean": ("wean", "dependence", "reliance", "import"),
    "project": ("approv", "mine", "refiner", "plant", "facilit", "factor", "smelter", "project",
        "processing", "separation", "capacity", "capability", "hub", "operation", "deposit",
        "construction", "feasibility", "production", "producing", "mining", "way", "output",
        "online", "on line", "stream", "pipeline"),
    "imports_from": ("import", "sources", "get", "obtain", "buy", "receive"),
    "importer_named": ("imported into", "imports"),
    "import_ban": ("ban", "prohibit", "embargo"),
    "second_after": ("after",),
    "leader": ("leader", "lead", "cornered"),
    "has_mineral": ("has", "have", "possess", "home to"),
    "project_stage": ("developed", "built", "constructed", "commissioned", "expanded",
        "restarted", "reopened", "financed", "ramped", "start", "begin", "commence", "open",
        "enter", "resume", "advanc", "stage", "phase", "investment decision"),
}
# fmt: on
