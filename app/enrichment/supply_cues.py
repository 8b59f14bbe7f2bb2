"""Cues for what a country has and makes: not_producing, dominant, producing, reserves
(not_producing first: overlapping producing cues are dropped)."""

from __future__ import annotations

from app.claim_status import ClaimStatus
from app.enrichment.cue_patterns import PCT, PRODUCER_NOUN, SUPER, Cue, cue

SUPPLY_CUES: tuple[Cue, ...] = (
    # -- not_producing (checked before producing; overlapping producing cues are dropped)
    cue(
        ClaimStatus.NOT_PRODUCING,
        "neg_produce",
        r"\b(?:(?:does|do|did)\s+not|doesn['\u2019]t|don['\u2019]t|didn['\u2019]t|"
        r"no\s+longer|never|has\s+not|have\s+not|hasn['\u2019]t|haven['\u2019]t)\s+"
        r"(?:currently\s+|yet\s+|itself\s+)?(?:been\s+)?"
        r"(?:produc(?:e|es|ed|ing)|mine[sd]?|extract(?:s|ed)?|refine[sd]?)\b",
    ),
    cue(
        ClaimStatus.NOT_PRODUCING,
        "ceased",
        r"\b(?:stopped|ceased|ended|abandoned)\s+(?:all\s+)?"
        r"(?:producing|production|mining|extraction|output)\b",
    ),
    cue(
        ClaimStatus.NOT_PRODUCING,
        "no_production",
        r"\bhas\s+no\s+(?:[\w-]+\s+){0,3}?(?:production|output|mines?)\b"
        r"|\bnot\s+an?\s+(?:\w+\s+)?producer\b|\bproduc(?:e|es|ed)\s+(?:no|none)\b"
        r"|\bmined\s+(?:no|none)\b|\b(?:is|are|has|have)\s+yet\s+to\s+(?:produce|mine|start\s+"
        r"(?:producing|production|mining)|begin\s+(?:producing|production|mining))\b"
        r"|\bno\s+(?:\w+\s+){0,2}?(?:mines?|deposits?|projects?)\s+(?:\w+\s+){0,2}?(?:has|have|is|are)"
        r"\s+(?:yet\s+)?(?:reached|entered|gone\s+into|in)\s+(?:commercial\s+|full\s+)?production\b"
        # "no rare earths are being processed in Canada", "there is no domestic mined supply"
        r"|\bno\s+(?:[\w-]+\s+){0,2}?(?:is|are|was|were)\s+(?:currently\s+)?(?:being\s+)?"
        r"(?:produced|processed|mined|refined)\b"
        r"|\bthere\s+(?:is|are|was)\s+no\s+(?:[\w.-]+\s+){0,2}?(?:production|output|supply)\b"
        # "no functioning zinc mine", "no company has refined rare earths", "without any
        # domestic antimony mines", "production has ceased"
        r"|\bno\s+(?:functioning|operating|active|working|producing)\s+(?:[\w-]+\s+){0,2}?"
        r"(?:mines?|smelters?|refiner(?:y|ies)|plants?)\b"
        r"|\bno\s+(?:company|firm|one|miner|producer)\s+(?:has|have|had)\s+(?:\w+\s+)?"
        r"(?:produced|mined|refined|processed)\b"
        r"|\b(?:no|without\s+any|lack(?:s|ing)?(?:\s+of)?|absence\s+of)\s+domestic\s+"
        r"(?:[\w-]+\s+){0,2}?(?:production|mines?|mining|capabilit(?:y|ies)|output|refining|"
        r"processing|sources?|supply)\b"
        r"|\b(?:production|output|mining)\s+(?:has|have|had)\s+(?:\w+\s+)?(?:ceased|stopped|ended)\b"
        # "Neither Japan nor Korea produces rare earths"
        r"|(?<=\bnor\s)(?:(?!\b(?:which|that|who)\b)[^.;,]){1,40}?\b(?:produc(?:e|es|ed)|mines?|"
        r"mined|refines?|refined)\b",
    ),
    # -- dominant
    cue(ClaimStatus.DOMINANT, "dominance", r"\bdomina(?:nce|nt|tes?|ted|ting|tion)\b|\bhegemony\b"),
    cue(
        ClaimStatus.DOMINANT,
        "monopoly",
        r"\b(?:near[- ])?monopol(?:y|ies|ise|ize|ises|izes)\b"
        r"|\bstranglehold\b|\bchokehold\b|\blion['\u2019]s share\b"
        r"|\bgrip\s+on\b(?!\s+(?:the\s+)?(?:[\w-]+\s+)?(?:mines?|sites?|deposits?|mining\s+areas?|"
        r"country|power|region|territory)\b)",
    ),
    cue(
        ClaimStatus.DOMINANT,
        "control",
        r"\b(?<!export )(?<!price )(?<!arms )(?<!quality )(?<!taken )(?<!took )(?<!seized )"
        r"(?<!gained )(?<!take )(?<!seize )controls?\b"
        r"(?!\s+on\b)(?!\s+over\s+exports)",
        nominal_control=True,
    ),
    cue(
        ClaimStatus.DOMINANT,
        "superlative",
        rf"\b(?:world['\u2019]?s?|global(?:ly)?|planet['\u2019]s)\s+(?:\w+\s+){{0,2}}?{SUPER}"
        rf"\s+(?:[\w-]+\s+){{0,3}}?{PRODUCER_NOUN}\b"
        rf"|\b{SUPER}\s+(?:global\s+|world\s+)?(?:[\w-]+\s+){{0,2}}?{PRODUCER_NOUN}\s+"
        rf"(?:\w+\s+){{0,3}}?(?:in|of)\s+the\s+world\b"
        rf"|\b{SUPER}\s+(?:global|world)\s+(?:[\w-]+\s+){{0,2}}?{PRODUCER_NOUN}\b",
    ),
    cue(
        ClaimStatus.DOMINANT,
        "share",
        rf"{PCT}\s+of\s+(?:(?:the\s+)?(?:world['\u2019]?s?|global|worldwide)\b"
        rf"|(?!its\b|their\b|our\b|his\b|her\b)(?:the\s+)?"
        rf"(?:world['\u2019]?s?|global|worldwide|"
        rf"total\s+global|international)?\s*(?:[\w-]+\s+){{0,3}}?(?:supply|supplies|output|"
        rf"production|capacity|processing|refining|market|exports|mined)\b)"
        rf"|(?:world['\u2019]?s?|global)\s+[\w-]+\s*,?\s*(?:with|at)\s+(?:about\s+|nearly\s+|"
        rf"around\s+|over\s+|more than\s+)?{PCT}"
        # "makes 70 per cent of all tungsten": a share of the mineral itself
        rf"|{PCT}\s+of\s+all\s+(?:the\s+)?(?:world['\u2019]s\s+)?",
    ),
    cue(
        ClaimStatus.DOMINANT,
        "majority",
        r"\b(?:the\s+)?(?:vast\s+)?(?:majority|bulk|most)\s+of\s+(?:the\s+)?"
        r"(?:world['\u2019]?s?|global)\b",
    ),
    cue(
        ClaimStatus.DOMINANT,
        "mostly_mined",
        r"\bmost\s+of\s+the\s+(?:world['\u2019]s\s+)?[\w-]+\s+(?:[\w-]+\s+){0,4}?"
        r"(?:is|are|was|were)\s+(?:\w+\s+)?(?:mined|produced|refined|processed)\s+in\b"
        r"|\b(?:mined|produced|refined|processed)\s+(?:mainly|mostly|largely|primarily|"
        r"predominantly|chiefly)\s+in\b",
    ),
    # "the world leader in uranium mining", "leads world copper production", "cornered the
    # market for graphite"
    cue(
        ClaimStatus.DOMINANT,
        "leader",
        r"\b(?:world|global|market|undisputed)\s+leader\s+in\b"
        r"|\bleads?\s+(?:the\s+way\s+in\s+)?(?:the\s+)?(?:world|global)\s+(?:[\w-]+\s+){0,2}?"
        r"(?:production|output|supply|mining|refining|processing)\b"
        r"|\bcornered\s+the\s+(?:global\s+|world\s+)?market\b",
    ),
    # "the second-largest producer of uranium, after Kazakhstan": the one after "after"
    # leads (resolution 6; claims.py takes that country as the actor)
    cue(
        ClaimStatus.DOMINANT,
        "second_after",
        rf"\bsecond[- ](?:largest|biggest)\s+(?:[\w-]+\s+){{0,2}}?{PRODUCER_NOUN}\b"
        r"[^.;()]{0,50}?\bafter\b",
    ),
    # "the third-largest producer of nickel", "the second-biggest zinc producer"
    cue(
        ClaimStatus.DOMINANT,
        "ranked_producer",
        rf"\bthe\s+(?:(?:second|third)[- ])?(?:largest|biggest|top|leading)\s+"
        rf"(?:[\w-]+\s+){{0,2}}?{PRODUCER_NOUN}\b(?!\s+(?:outside|in\s+(?:europe|africa|asia|"
        rf"the\s+west|the\s+region|latin|north|south)))"
        # "the only large commercial producer of separated terbium" (not "the only
        # producer outside China", "the only domestic producer")
        rf"|\bthe\s+only\s+(?:major\s+|large\s+|commercial\s+|significant\s+){{1,2}}"
        rf"{PRODUCER_NOUN}\b(?!\s+(?:of\s+(?:[\w-]+\s+){{0,5}}?)?(?:outside|beyond|domestic|"
        rf"in\s+(?!the\s+world)))"
        # "A and B are the main producers" (of world supply; "the main sources" may be one
        # buyer's)
        r"|\bthe\s+(?:main|principal)\s+(?:[\w-]+\s+){0,2}?(?:producers|miners|refiners|"
        r"producing\s+(?:nations|countries))\b"
        # "a top-five producer of cobalt": one of the top producers as a group (Resolution 6)
        rf"|\b(?:a|one\s+of\s+the)\s+top[- ](?:three|four|five|\d)\s+{PRODUCER_NOUN}\b",
    ),
    # -- producing
    cue(
        ClaimStatus.PRODUCING,
        "produce_verb",
        r"\b(?:produc(?:e|es|ed|ing)|mines|mined|extracts|extracted|"
        r"refines|refined|smelts|smelted|recovers|recovered|makes)\b"
        # production that has begun: "has begun refining nickel", "started mining cobalt"
        r"|\b(?:begun|began|started|commenced)\s+(?:commercial(?:ly)?\s+)?"
        r"(?:refining|smelting|mining|extracting|processing)\b"
        r"|(?:(?<=\bthat )|(?<=\bwhich )|(?<=\bwho )|(?<=\bthey )|(?<=\bwill ))"
        r"(?:mine|refine|smelt|extract)\b",
        needs_object=True,
    ),
    # "continues to operate", "runs the sole Canadian tungsten mill", "hosts ... processing plant"
    cue(
        ClaimStatus.PRODUCING,
        "operating",
        r"\b(?:continues?|continued|continuing)\s+to\s+(?:operate|produce|run)\b"
        r"|\b(?:remains?|remained|is\s+still|are\s+still)\s+in\s+(?:operation|production)\b"
        r"|\b(?:operat(?:es|ed|ing)|runs|running)\s+(?:[\w-]+\s+){0,4}?"
        r"(?:mines?|smelters?|refiner(?:y|ies))\b"
        r"|\b(?:hosts?|is\s+home\s+to|runs?)\s+(?:[\w-]+\s+){0,5}?(?:processing|refining|"
        r"separation|smelting)\s+(?:plants?|facilit(?:y|ies)|refiner(?:y|ies)|hub)\b"
        r"|\b(?:shipped|poured|delivered|produced)\s+(?:its|their|the)\s+first\b"
        r"|\bby-?products?\s+of\s+(?:[\w-]+\s+){0,2}?(?:mining|production|refining|smelting)\b",
    ),
    cue(
        ClaimStatus.PRODUCING,
        "production_noun",
        r"\b(?:production|output|producers?|mining\s+quota|"
        r"refiners?|processors?|miners?)\b",
    ),
    cue(
        ClaimStatus.PRODUCING,
        "minor_super",
        rf"\b{SUPER}\s+(?:[\w-]+\s+){{0,2}}?{PRODUCER_NOUN}\b",
    ),
    cue(
        ClaimStatus.PRODUCING,
        "accounts",
        rf"\baccount(?:s|ed)?\s+for\s+(?:about\s+|nearly\s+|around\s+|"
        rf"roughly\s+|some\s+|over\s+|more than\s+|almost\s+|up to\s+)?{PCT}",
    ),
    # "Australia usually supplies around 15%", "Gabon produces about a quarter"
    cue(
        ClaimStatus.PRODUCING,
        "supplies_share",
        rf"\b(?:supplies|supplied|produces|produced|mines|mined|provides|provided|refines|"
        rf"refined)\s+(?:about\s+|nearly\s+|around\s+|roughly\s+|some\s+|over\s+|"
        rf"more than\s+|almost\s+|up to\s+|just under\s+)?{PCT}(?!\s+of\b)",
    ),
    # "the raw material ... comes from Myanmar"
    cue(
        ClaimStatus.PRODUCING,
        "comes_from",
        r"\b(?:comes?|came|is\s+sourced|are\s+sourced|originates?)\s+(?:mostly\s+|mainly\s+|"
        r"largely\s+)?from\b",
    ),
    # -- reserves
    cue(
        ClaimStatus.RESERVES,
        "reserves",
        r"\b(?<!strategic )(?<!national )(?<!state )(?<!federal )"
        r"(?<!emergency )(?<!currency )(?<!forex )reserves?\b(?!\s+(?:bank|currency|fund))"
        r"|\b(?<!bank )deposits?\b(?!\s+insurance)|\bmineral[- ](?:wealth|resources|riches)\b"
        r"(?!\s+(?:ministry|minister|department|agency|authority|office|regulator))"
        r"|\bmineral[- ]rich\b|\brich\s+in\b|\bendowed\s+with\b|\bresource[- ]rich\b"
        r"|\buntapped\b|\bvast\s+(?:\w+\s+)?resources\b",
    ),
    cue(
        ClaimStatus.RESERVES,
        "holds_resources",
        r"\b(?:holds?|hosts?|has|have|possess(?:es)?|boasts?|claims?|claimed)\s+"
        r"(?:[\w'\u2019-]+\s+){0,7}?"
        r"resources\b",
    ),
    # "It also has cobalt and manganese", "is home to tungsten": a mineral as what a
    # country has (cue_filters checks the mineral follows and is no industry's name)
    cue(
        ClaimStatus.RESERVES,
        "has_mineral",
        r"\b(?:has|have|possess(?:es)?|(?:is|are)\s+(?:also\s+)?home\s+to)\b",
    ),
)
