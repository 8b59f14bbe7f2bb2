"""Lexical cues for the eight claim statuses, and the hedge / negation / tense patterns.

Each cue is a regular expression over one sentence. The roles (who is the actor, which
minerals) are resolved in claims.py; this module only says where a status is expressed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from app.claim_status import ClaimStatus
from app.enrichment.cue_triggers import TRIGGERS

_I = re.IGNORECASE
_NUM = r"\d+(?:[.,]\d+)?"
_PCT_NUM = rf"(?:{_NUM})\s*(?:%|per ?cent\b|percent\b|pc\b)"
# Word fractions count as shares: "three-quarters of", "half of", "a third of" ("more than"
# before the match is read by share_of).
_FRACTION = r"(?:(?:a|one|two|three)[- ])?(?:half|thirds?|quarters?|fifths?|tenths?)\b"
_PCT = rf"(?:{_PCT_NUM}|{_FRACTION})"
_SUPER = (
    r"(?:largest|biggest|top|leading|dominant|main|major|no\.?\s?1|number[- ]one|"
    r"(?:second|third|fourth|fifth)[- ](?:largest|biggest)|foremost|premier|principal)"
)
_PRODUCER_NOUN = (
    r"(?:producers?|processors?|refiners?|suppliers?|sources?|miners?|exporters?|"
    r"(?:producing|mining|smelting|refining|processing)\s+(?:nations?|countr(?:y|ies)))"
)


@dataclass(frozen=True, slots=True)
class Cue:
    status: ClaimStatus
    name: str
    pattern: re.Pattern[str]
    needs_object: bool = False  # a verb whose object must be a mineral, pronoun or quantity
    nominal_control: bool = False  # needs a possessor/subject country right next to it
    definite: bool = False  # a definite reference ("the curbs") to an earlier claim
    # The same expression without IGNORECASE, for the lowercased sentence (twice as fast).
    lowered: re.Pattern[str] | None = None

    def finditer(self, text: str, lowered: str) -> Iterator[re.Match[str]]:
        """Matches in text; spans are the same in both (lowered is used when lengths agree)."""
        if self.lowered is not None and len(lowered) == len(text):
            return self.lowered.finditer(lowered)
        return self.pattern.finditer(text)


def _c(status: ClaimStatus, name: str, pattern: str, **kw: bool) -> Cue:
    return Cue(status, name, re.compile(pattern, _I), lowered=re.compile(pattern), **kw)


CUES: tuple[Cue, ...] = (
    # -- not_producing (checked before producing; overlapping producing cues are dropped)
    _c(
        ClaimStatus.NOT_PRODUCING,
        "neg_produce",
        r"\b(?:(?:does|do|did)\s+not|doesn['\u2019]t|don['\u2019]t|didn['\u2019]t|"
        r"no\s+longer|never|has\s+not|have\s+not|hasn['\u2019]t|haven['\u2019]t)\s+"
        r"(?:currently\s+|yet\s+|itself\s+)?(?:been\s+)?"
        r"(?:produc(?:e|es|ed|ing)|mine[sd]?|extract(?:s|ed)?|refine[sd]?)\b",
    ),
    _c(
        ClaimStatus.NOT_PRODUCING,
        "ceased",
        r"\b(?:stopped|ceased|ended|abandoned)\s+(?:all\s+)?"
        r"(?:producing|production|mining|extraction|output)\b",
    ),
    _c(
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
        r"processing)\b"
        r"|\b(?:production|output|mining)\s+(?:has|have|had)\s+(?:\w+\s+)?(?:ceased|stopped|ended)\b",
    ),
    # -- dominant
    _c(ClaimStatus.DOMINANT, "dominance", r"\bdomina(?:nce|nt|tes?|ted|ting|tion)\b|\bhegemony\b"),
    _c(
        ClaimStatus.DOMINANT,
        "monopoly",
        r"\b(?:near[- ])?monopol(?:y|ies|ise|ize|ises|izes)\b"
        r"|\bstranglehold\b|\bchokehold\b|\blion['\u2019]s share\b"
        r"|\bgrip\s+on\b(?!\s+(?:the\s+)?(?:[\w-]+\s+)?(?:mines?|sites?|deposits?|mining\s+areas?|"
        r"country|power|region|territory)\b)",
    ),
    _c(
        ClaimStatus.DOMINANT,
        "control",
        r"\b(?<!export )(?<!price )(?<!arms )(?<!quality )(?<!taken )(?<!took )(?<!seized )"
        r"(?<!gained )(?<!take )(?<!seize )controls?\b"
        r"(?!\s+on\b)(?!\s+over\s+exports)",
        nominal_control=True,
    ),
    _c(
        ClaimStatus.DOMINANT,
        "superlative",
        rf"\b(?:world['\u2019]?s?|global(?:ly)?|planet['\u2019]s)\s+(?:\w+\s+){{0,2}}?{_SUPER}"
        rf"\s+(?:[\w-]+\s+){{0,3}}?{_PRODUCER_NOUN}\b"
        rf"|\b{_SUPER}\s+(?:global\s+|world\s+)?(?:[\w-]+\s+){{0,2}}?{_PRODUCER_NOUN}\s+"
        rf"(?:\w+\s+){{0,3}}?(?:in|of)\s+the\s+world\b"
        rf"|\b{_SUPER}\s+(?:global|world)\s+(?:[\w-]+\s+){{0,2}}?{_PRODUCER_NOUN}\b",
    ),
    _c(
        ClaimStatus.DOMINANT,
        "share",
        rf"{_PCT}\s+of\s+(?:(?:the\s+)?(?:world['\u2019]?s?|global|worldwide)\b"
        rf"|(?!its\b|their\b|our\b|his\b|her\b)(?:the\s+)?"
        rf"(?:world['\u2019]?s?|global|worldwide|"
        rf"total\s+global|international)?\s*(?:[\w-]+\s+){{0,3}}?(?:supply|supplies|output|"
        rf"production|capacity|processing|refining|market|exports|mined)\b)"
        rf"|(?:world['\u2019]?s?|global)\s+[\w-]+\s*,?\s*(?:with|at)\s+(?:about\s+|nearly\s+|"
        rf"around\s+|over\s+|more than\s+)?{_PCT}"
        # "makes 70 per cent of all tungsten": a share of the mineral itself
        rf"|{_PCT}\s+of\s+all\s+(?:the\s+)?(?:world['\u2019]s\s+)?",
    ),
    _c(
        ClaimStatus.DOMINANT,
        "majority",
        r"\b(?:the\s+)?(?:vast\s+)?(?:majority|bulk|most)\s+of\s+(?:the\s+)?"
        r"(?:world['\u2019]?s?|global)\b",
    ),
    _c(
        ClaimStatus.DOMINANT,
        "mostly_mined",
        r"\bmost\s+of\s+the\s+(?:world['\u2019]s\s+)?[\w-]+\s+(?:[\w-]+\s+){0,4}?"
        r"(?:is|are|was|were)\s+(?:\w+\s+)?(?:mined|produced|refined|processed)\s+in\b"
        r"|\b(?:mined|produced|refined|processed)\s+(?:mainly|mostly|largely|primarily|"
        r"predominantly|chiefly)\s+in\b",
    ),
    # "the world leader in uranium mining", "leads world copper production", "cornered the
    # market for graphite"
    _c(
        ClaimStatus.DOMINANT,
        "leader",
        r"\b(?:world|global|market|undisputed)\s+leader\s+in\b"
        r"|\bleads?\s+(?:the\s+way\s+in\s+)?(?:the\s+)?(?:world|global)\s+(?:[\w-]+\s+){0,2}?"
        r"(?:production|output|supply|mining|refining|processing)\b"
        r"|\bcornered\s+the\s+(?:global\s+|world\s+)?market\b",
    ),
    # "the third-largest producer of nickel", "the second-biggest zinc producer"
    _c(
        ClaimStatus.DOMINANT,
        "ranked_producer",
        rf"\bthe\s+(?:(?:second|third)[- ])?(?:largest|biggest|top|leading)\s+"
        rf"(?:[\w-]+\s+){{0,2}}?{_PRODUCER_NOUN}\b(?!\s+(?:outside|in\s+(?:europe|africa|asia|"
        rf"the\s+west|the\s+region|latin|north|south)))"
        # "the only large commercial producer of separated terbium" (not "the only
        # producer outside China", "the only domestic producer")
        rf"|\bthe\s+only\s+(?:major\s+|large\s+|commercial\s+|significant\s+){{1,2}}"
        rf"{_PRODUCER_NOUN}\b(?!\s+(?:of\s+(?:[\w-]+\s+){{0,5}}?)?(?:outside|beyond|domestic|"
        rf"in\s+(?!the\s+world)))"
        # "A and B are the main producers" (of world supply; "the main sources" may be one
        # buyer's)
        r"|\bthe\s+(?:main|principal)\s+(?:[\w-]+\s+){0,2}?(?:producers|miners|refiners|"
        r"producing\s+(?:nations|countries))\b"
        # "a top-five producer of cobalt": one of the top producers as a group (Resolution 6)
        rf"|\b(?:a|one\s+of\s+the)\s+top[- ](?:three|four|five|\d)\s+{_PRODUCER_NOUN}\b",
    ),
    # -- producing
    _c(
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
    _c(
        ClaimStatus.PRODUCING,
        "operating",
        r"\b(?:continues?|continued|continuing)\s+to\s+(?:operate|produce|run)\b"
        r"|\b(?:remains?|remained|is\s+still|are\s+still)\s+in\s+(?:operation|production)\b"
        r"|\boperat(?:es|ed|ing)\s+(?:[\w-]+\s+){0,4}?(?:mines?|smelters?|refiner(?:y|ies))\b"
        r"|\b(?:hosts?|is\s+home\s+to|runs?)\s+(?:[\w-]+\s+){0,5}?(?:processing|refining|"
        r"separation|smelting)\s+(?:plants?|facilit(?:y|ies)|refiner(?:y|ies)|hub)\b"
        r"|\b(?:shipped|poured|delivered|produced)\s+(?:its|their|the)\s+first\b"
        r"|\bby-?products?\s+of\s+(?:[\w-]+\s+){0,2}?(?:mining|production|refining|smelting)\b",
    ),
    _c(
        ClaimStatus.PRODUCING,
        "production_noun",
        r"\b(?:production|output|producers?|mining\s+quota|"
        r"refiners?|processors?|miners?)\b",
    ),
    _c(
        ClaimStatus.PRODUCING,
        "minor_super",
        rf"\b{_SUPER}\s+(?:[\w-]+\s+){{0,2}}?{_PRODUCER_NOUN}\b",
    ),
    _c(
        ClaimStatus.PRODUCING,
        "accounts",
        rf"\baccount(?:s|ed)?\s+for\s+(?:about\s+|nearly\s+|around\s+|"
        rf"roughly\s+|some\s+|over\s+|more than\s+|almost\s+|up to\s+)?{_PCT}",
    ),
    # "Australia usually supplies around 15%", "Gabon produces about a quarter"
    _c(
        ClaimStatus.PRODUCING,
        "supplies_share",
        rf"\b(?:supplies|supplied|produces|produced|mines|mined|provides|provided|refines|"
        rf"refined)\s+(?:about\s+|nearly\s+|around\s+|roughly\s+|some\s+|over\s+|"
        rf"more than\s+|almost\s+|up to\s+|just under\s+)?{_PCT}(?!\s+of\b)",
    ),
    # "the raw material ... comes from Myanmar"
    _c(
        ClaimStatus.PRODUCING,
        "comes_from",
        r"\b(?:comes?|came|is\s+sourced|are\s+sourced|originates?)\s+(?:mostly\s+|mainly\s+|"
        r"largely\s+)?from\b",
    ),
    # -- reserves
    _c(
        ClaimStatus.RESERVES,
        "reserves",
        r"\b(?<!strategic )(?<!national )(?<!state )(?<!federal )"
        r"(?<!emergency )(?<!currency )(?<!forex )reserves?\b(?!\s+(?:bank|currency|fund))"
        r"|\b(?<!bank )deposits?\b(?!\s+insurance)|\bmineral[- ](?:wealth|resources|riches)\b"
        r"(?!\s+(?:ministry|minister|department|agency|authority|office|regulator))"
        r"|\bmineral[- ]rich\b|\brich\s+in\b|\bendowed\s+with\b|\bresource[- ]rich\b"
        r"|\buntapped\b|\bvast\s+(?:\w+\s+)?resources\b",
    ),
    _c(
        ClaimStatus.RESERVES,
        "holds_resources",
        r"\b(?:holds?|hosts?|has|have|possess(?:es)?|boasts?|claims?|claimed)\s+"
        r"(?:[\w'\u2019-]+\s+){0,7}?"
        r"resources\b",
    ),
    # "It also has cobalt and manganese", "is home to tungsten": a mineral as what a
    # country has (cue_filters checks the mineral follows and is no industry's name)
    _c(
        ClaimStatus.RESERVES,
        "has_mineral",
        r"\b(?:has|have|possess(?:es)?|(?:is|are)\s+(?:also\s+)?home\s+to)\b",
    ),
    # -- disrupted
    # A ban on buying a country's metal is a sanction imposed on it (the guideline's
    # disrupted): "banned the import of zinc from Belarus", "ban Russian exports of nickel".
    _c(
        ClaimStatus.DISRUPTED,
        "import_ban",
        r"\b(?:ban(?:s|ned|ning)?|prohibit(?:s|ed|ing)?|embargo(?:es|ed)?)\s+(?:on\s+)?(?:the\s+)?"
        r"(?:[\w.-]+\s+){0,2}?(?:imports?|importing|purchases?)\s+of\b"
        r"|\bban(?:s|ned|ning)?\s+(?:on\s+)?[\w-]+\s+exports\s+of\b",
    ),
    _c(
        ClaimStatus.DISRUPTED,
        "disrupted",
        r"\binaccessible\b|\bdisrupt(?:ed|ion|ions|s)?\b"
        r"|\b(?:halt(?:s|ed|ing)?|suspend(?:s|ed|ing)?|stop(?:s|ped|ping)?|paus(?:es|ed|ing)|"
        r"shut(?:s|ting)?(?:\s+down)?|shuttered|clos(?:e|es|ed|ing)(?!\s+to\b)|"
        r"curtail(?:s|ed|ing)?|idl(?:es|ed|ing)|mothball(?:s|ed|ing)?)\s+(?:\w+\s+){0,5}?"
        r"(?:production|operations|mining|output|mines?|smelters?|refinery|plants?|shipments)\b"
        r"|\b(?:mines?|production|operations|output|plants?|smelters?|refiner(?:y|ies)|mining|"
        r"shipments)\s+(?:\w+\s+){0,2}?(?:was|were|has\s+been|have\s+been|had\s+been|is|are)\s+"
        r"(?:\w+\s+)?"
        r"(?:halted|suspended|shut(?:\s+down)?|closed|disrupted|stopped|paused|idled)\b"
        r"|\bcuts?\s+(?:in|to)\s+(?:[\w-]+\s+){0,2}?(?:production|output|mining)\b"
        r"(?!\s+(?:targets?|guidance|forecasts?|goals?|plans?|quotas?))"
        r"|\b(?:mines?|smelters?|plants?|refiner(?:y|ies)|operations|facilit(?:y|ies))\s+"
        r"(?:[\w-]+\s+){0,3}?(?:is|are|was|were)\s+(?:shutting|closing)\b"
        r"|\bforce\s+majeure\b|\bon\s+strike\b|\bstrikes?\s+(?:at|hit|by)\b|\bflood(?:ed|ing)\b"
        r"|\boccupied\b|\boccupation\b|\bblockade\b|\bsanctions?\s+(?:on|against)\b"
        r"|\bsanctioned\b|\bunder\s+(?:russian\s+)?control\b|\bseized\b"
        r"|\bcut(?:ting)?\s+off\b(?!\s+(?:\w+\s+){0,2}?(?:shipments|supplies|exports|deliveries|sales))"
        r"|\b(?:mine|plant|smelter|refinery|capacity|production|output|smelting|mining)\s+"
        r"(?:closures?|shutdowns?|halts?|stoppages?|outages?|curtailments?|suspensions?)\b"
        r"|\b(?:shutdowns?|closures?|stoppages?|outages?)\s+(?:at|in)\b(?!\s+(?:19|20)\d\d\b)"
        r"|\b(?:suspension|shutdown|closure|halt|stoppage|curtailment)\s+of\s+(?:the\s+|its\s+)?"
        r"(?:[\w-]+\s+){0,3}?(?:operations|production|mining|output|mines?|smelters?|plants?|"
        r"refiner(?:y|ies)|shipments)\b"
        r"|\b(?:exports?|shipments?)\s+(?:[\w-]+\s+){0,5}?(?:held\s+up|stranded)\b"
        r"|\brevok\w+\s+(?:[\w'\u2019-]+\s+){0,4}?(?:licen[cs]es?|permits?|concessions?)\b"
        r"|\b(?:froze|frozen|freez(?:e|es|ing))\s+(?:\w+\s+){0,3}?(?:licen[cs]es|permits|operations|"
        r"production|output|mining)\b"
        r"|\bkept\s+[^;:]{0,120}?\b(?:shut|closed|idle|offline)\b"
        r"|\b(?:remains?|remained|stays?|stayed)\s+(?:\w+\s+)?(?:shut|closed|idle|offline)\b"
        r"|\bcare\s+and\s+maintenance\b|\bmothballed\b|\b(?:taken|seized)\s+control\s+of\b",
    ),
    # "output ... collapsed since the invasion": only with a stated cause (claims.py)
    _c(
        ClaimStatus.DISRUPTED,
        "collapse",
        r"\b(?:output|production|mining|exports?)\s+(?:[\w-]+\s+){0,5}?collaps(?:e|es|ed|ing)\b",
    ),
    # -- export_restricted
    _c(
        ClaimStatus.EXPORT_RESTRICTED,
        "export_measure",
        r"\bexport\s+(?:bans?|controls?|restrictions?|"
        r"curbs?|permits?|licen[cs](?:es?|ing)|quotas?|limits?|duty|duties|tax(?:es)?|"
        r"prohibitions?|embargo(?:es)?|requirements?|regime|suspension|clearance|approvals?)\b"
        r"|\bexport(?:s|ing)?\s+(?:is|are|was|were|remain|remained|has\s+been|have\s+been)\s+"
        r"(?:\w+\s+)?(?:banned|restricted|prohibited|suspended)\b",
    ),
    _c(
        ClaimStatus.EXPORT_RESTRICTED,
        "restrict_exports",
        r"\b(?:bans?|banned|banning|restrict(?:s|ed|ing)?|"
        r"curb(?:s|ed|ing)?|limit(?:s|ed|ing)?|halt(?:s|ed|ing)?|block(?:s|ed|ing)?|"
        r"tighten(?:s|ed|ing)?|control(?:s|led|ling)?|prohibit(?:s|ed|ing)?|suspend(?:s|ed|ing)?|"
        r"stop(?:s|ped|ping)?|embargo(?:es|ed)?|restrictions?|curbs|ban|controls|"
        r"prohibitions?|suspension|end)\s+"
        r"(?:on\s+|of\s+)?(?:the\s+|all\s+|its\s+)?(?:[\w-]+,?\s+){0,5}?export(?:s|ing)?\b"
        # "licence rules for the export of"
        r"|\b(?:licen[cs]\w*|permit)\s+(?:requirements?|rules?|regimes?|systems?)\s+(?:on|for)\s+"
        r"(?:the\s+)?exports?\b"
        r"|\bexporters?\s+(?:\w+\s+){0,6}?(?:permits?|licen[cs]es?)\b"
        r"|\brequir\w+\s+(?:\w+\s+){0,4}?(?:permits?|licen[cs]es?)\b",
    ),
    _c(
        ClaimStatus.EXPORT_RESTRICTED,
        "definite",
        r"\b(?:the|these|those|such|similar|its|new|latest)\s+(?:new\s+|latest\s+|similar\s+)?"
        r"(?:curbs|restrictions|controls|"
        r"ban|measures?|requirements|quotas|permits)\b",
        definite=True,
    ),
    # -- import_dependent
    _c(
        ClaimStatus.IMPORT_DEPENDENT,
        "dependence",
        r"\b(?:dependen(?:ce|t|cy)|relian(?:ce|t)|"
        r"rel(?:y|ies|ied|ying)|depend(?:s|ed|ing)?)\s+(?:\w+\s+){0,3}?(?:on|upon)\b",
    ),
    _c(
        ClaimStatus.IMPORT_DEPENDENT,
        "wean",
        r"\bwean\w*\s+(?:\w+\s+){0,2}off\b|\breduce\s+(?:its|their|"
        r"our|the)\s+(?:\w+\s+)?(?:dependence|reliance)\b|\bnet\s+import\s+reliance\b"
        r"|\bimport[- ](?:reliant|reliance|dependence|dependent|dependency)\b"
        r"|\bimports?\s+(?:all|most|nearly\s+all|almost\s+all|virtually\s+all|the\s+bulk|all\s+but)"
        r"\s+(?:of\b|the\b|its\b|their\b)"
        rf"|\bimports?\s+(?:about\s+|nearly\s+|over\s+|more than\s+)?{_PCT}\s+of\b",
    ),
    # "imports its tin almost entirely from", "sources 70% of its cobalt imports from", "the
    # world's largest importer of": the subject is the importer
    _c(
        ClaimStatus.IMPORT_DEPENDENT,
        "imports_from",
        r"\bimports?\s+(?:it|them|(?:its|their)\s+(?:[\w-]+\s+){0,3}?)"
        r"(?:almost\s+|nearly\s+|virtually\s+)?(?:entirely|exclusively|wholly|mainly|mostly|"
        r"largely|primarily|chiefly)\s+from\b"
        rf"|\bsources?\s+(?:about\s+|nearly\s+|over\s+|more\s+than\s+)?{_PCT}\s+of\s+"
        r"(?:its|their)\b"
        r"|\b(?:largest|biggest|top|leading|major|main)\s+importers?\s+of\b",
    ),
    # "imported into Japan", "30% of Thailand's imports": the importer is named in the cue
    # (claims.py reads it there, never from the sentence's subject, the supplier)
    _c(
        ClaimStatus.IMPORT_DEPENDENT,
        "importer_named",
        r"\bimported\s+into\s+(?:the\s+)?[\w.-]+"
        rf"|{_PCT}\s+of\s+(?:the\s+)?(?:[\w.'\u2019-]+\s+){{1,3}}?imports\b",
    ),
    # -- developing
    _c(
        ClaimStatus.DEVELOPING,
        "project",
        r"\b(?:build|builds|building|construct|constructs|constructing|"
        r"construction\s+of|develop|develops|developing|development\s+of|open|opens|opening|"
        r"launch|launches|commission|commissioning|expand|expands|expanding|expansion\s+of|"
        r"restart|restarting|reopen|reopening|financ\w+|fund(?:s|ing|ed)?|invest(?:s|ed|ing)?|"
        r"break\s+ground\s+on|plans?|planned|planning|back(?:s|ed|ing)?)\s+"
        r"(?:[\w$\u20ac\u00a3.,'\u2019-]+\s+){0,6}?"
        r"(?:mines?|refiner(?:y|ies)|plants?|facilit(?:y|ies)|factor(?:y|ies)|smelters?|"
        r"projects?|processing|separation|capacity|capability|hubs?|operations?|deposits?)\b"
        r"|\b(?:new|planned|proposed|future|first)\s+(?:[\w-]+\s+){0,2}?(?:mine|refinery|plant|"
        r"facility|factory|smelter|project)\b|\bunder\s+construction\b|\bfeasibility\s+study\b"
        # "to expand domestic production of cobalt": more capacity is a project under way
        r"|\bexpan(?:d|ds|ding|ded|sion\s+of)\s+(?:[\w-]+\s+){0,2}?(?:production|output)\b"
        r"|\b(?:come|comes|coming|came|brought|bring|bringing)\s+(?:on\s*line|on\s+stream)\b"
        r"|\bconstruction\s+(?:is|has|was)\s+(?:\w+\s+){0,2}?(?:swing|begun|started|under\s*way|"
        r"progressing)\b"
        r"|\b(?:mines?|refiner(?:y|ies)|plants?|facilit(?:y|ies)|smelters?|projects?)\s+"
        r"(?:\w+\s+){0,2}?in\s+the\s+pipeline\b"
        r"|\bwill\s+(?:start|begin)\s+(?:\w+\s+)?(?:production|producing|mining)\b"
        r"|\b(?:plans?|planning|planned|expects?|expected|aims?|is\s+due|are\s+due|set)\s+to\s+"
        r"(?:start|begin|launch|commence)\s+(?:\w+\s+)?(?:production|producing|mining|output)\b"
        r"|\bprojects?\s+(?:are|is)\s+(?:\w+\s+)?(?:under\s+way|underway)\b"
        r"|\b(?:projects?|mines?|plants?|refiner(?:y|ies)|deposits?)\s+(?:\w+\s+)?(?:in|under)\s+"
        r"development\b"
        # "recommence primary production", "relaunch the project": output to come back
        # (the past "resumed production" is production again)
        r"|\b(?:recommenc(?:e|es|ing)|resum(?:e|es|ing)|restart(?:s|ing)?|relaunch(?:es|ing)?|"
        r"reviv(?:e|es|ing)|revitali[sz](?:e|es|ing))\s+(?:[\w-]+\s+){0,2}?"
        r"(?:production|mining|operations|output|project|mine)\b"
        # "approval for its Blue Ridge copper and silver venture project": names may be long
        r"|\bapprov\w+\s+(?:\w+\s+){0,2}?for\s+(?:[\w'\u2019-]+\s+){0,7}?(?:mines?|projects?|"
        r"refiner(?:y|ies)|plants?|smelters?|facilit(?:y|ies))\b",
    ),
    # A project's stage, said of the project itself: "the refinery is being commissioned",
    # "is expected to commence operations", "the permitting stage", "mining could start".
    _c(
        ClaimStatus.DEVELOPING,
        "project_stage",
        r"\b(?:is|are|was|were|being|been|be)\s+(?:\w+\s+)?(?:developed|built|constructed|"
        r"commissioned|expanded|restarted|reopened|financed|ramped\s+up)\b"
        r"|\b(?:expected|scheduled|set|due|slated|poised|on\s+track)\s+to\s+(?:start|begin|commence|"
        r"open|enter|resume)\b"
        r"|\b(?:production|mining|construction|operations|output)\s+"
        r"(?:of\s+(?:[\w-]+\s+){0,3}?)?(?:could|would|will|should|"
        r"(?:is|are)\s+(?:expected|set|due|scheduled|slated)\s+to)\s+(?:start|begin|commence)\b"
        r"|\badvanc(?:e|es|ed|ing)\s+(?:its|the|their|a)\s+(?:[\w'\u2019-]+\s+){0,4}?"
        r"(?:projects?|mines?|deposits?|plants?|refiner(?:y|ies))\b"
        r"|\b(?:permitting|exploration|development|construction|feasibility|pre-feasibility|"
        r"commissioning)\s+(?:stage|phase)\b|\bfinal\s+investment\s+decision\b",
    ),
)

TECHNOLOGY_RE = re.compile(r"\btechnolog(?:y|ies)\b|\bknow-how\b|\bequipment\b", _I)
IMPORT_OBJECT_RE = re.compile(
    r"\b(?:imports?|imported|foreign|overseas|external|suppliers?|supplies|sources?|"
    r"supply\s+from|shipments)\b",
    _I,
)

_PCT_VALUE_RE = re.compile(rf"({_NUM})\s*(?:%|per ?cent|percent|pc)", _I)
_FRACTION_VALUE_RE = re.compile(
    r"(?P<more>more\s+than\s+|over\s+)?(?:(?P<num>a|one|two|three)[- ])?"
    r"(?P<den>half|thirds?|quarters?|fifths?|tenths?)",
    _I,
)
_DENOMINATORS = {"half": 2, "third": 3, "quarter": 4, "fifth": 5, "tenth": 10}
_NUMERATORS = {"a": 1, "one": 1, "two": 2, "three": 3}


_MORE_THAN_RE = re.compile(r"\b(?:more\s+than|over|just\s+over)\s+$", _I)


def shares_by_mineral(
    text: str, start: int, minerals: list[tuple[int, tuple[str, ...]]]
) -> dict[str, float]:
    """In an enumeration of shares ("96% of graphite, 78% of cobalt and 44% of copper"),
    each mineral named after `start` with the nearest percentage before it."""
    values = [
        (m.start(), float(m.group(1).replace(",", ".")))
        for m in _PCT_VALUE_RE.finditer(text, start)
    ]
    out: dict[str, float] = {}
    for pos, slugs in minerals:
        before = [v for at, v in values if at < pos]
        if pos >= start and before:
            for slug in slugs:
                out.setdefault(slug, before[-1])
    return out


def share_of(match_text: str, before: str = "") -> float | None:
    """The share a cue states, in percent ("70%", "three-quarters", "more than half")."""
    m = _PCT_VALUE_RE.search(match_text)
    if m:
        return float(m.group(1).replace(",", "."))
    f = _FRACTION_VALUE_RE.search(match_text)
    if not f:
        return None
    den = _DENOMINATORS[f.group("den").lower().rstrip("s")]
    num = _NUMERATORS.get((f.group("num") or "a").lower(), 1)
    value = 100.0 * num / den
    more = f.group("more") or (f.start() == 0 and _MORE_THAN_RE.search(before))
    return value + 1 if more else value


def _trigger_index() -> tuple[tuple[tuple[str, frozenset[int]], ...], frozenset[int]]:
    words: dict[str, set[int]] = {}
    always: set[int] = set()
    for i, cue in enumerate(CUES):
        trig = TRIGGERS.get(cue.name)
        if not trig:
            always.add(i)
            continue
        for w in trig:
            words.setdefault(w, set()).add(i)
    # A word containing another trigger with a superset of its cues adds nothing.
    kept = {
        w: idx
        for w, idx in words.items()
        if not any(o != w and o in w and words[o] >= idx for o in words)
    }
    # Substring tests in C are cheaper than one regex per cue (or one big alternation).
    return tuple((w, frozenset(idx)) for w, idx in kept.items()), frozenset(always)


_TRIGGER_WORDS, _ALWAYS = _trigger_index()


def active_cues(lowered: str) -> list[Cue]:
    """The cues that may match a lowercased sentence, in CUES order."""
    active = set(_ALWAYS)
    for word, idx in _TRIGGER_WORDS:
        if word in lowered and not idx <= active:
            active |= idx
    return [CUES[i] for i in sorted(active)]
