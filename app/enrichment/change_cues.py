"""Cues for what interrupts, restricts, buys or builds supply: disrupted,
export_restricted, import_dependent, developing."""

from __future__ import annotations

from app.claim_status import ClaimStatus
from app.enrichment.cue_patterns import PCT, Cue, cue

CHANGE_CUES: tuple[Cue, ...] = (
    # -- disrupted
    # A ban on buying a country's metal is a sanction imposed on it (the guideline's
    # disrupted): "banned the import of zinc from Belarus", "ban Russian exports of nickel".
    cue(
        ClaimStatus.DISRUPTED,
        "import_ban",
        r"\b(?:ban(?:s|ned|ning)?|prohibit(?:s|ed|ing)?|embargo(?:es|ed)?)\s+(?:on\s+)?(?:the\s+)?"
        r"(?:[\w.-]+\s+){0,2}?(?:imports?|importing|purchases?)\s+of\b"
        r"|\bban(?:s|ned|ning)?\s+(?:on\s+)?[\w-]+\s+exports\s+of\b",
    ),
    cue(
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
        r"(?:halted|suspended|shut(?:\s+down)?|closed|disrupted|stopped|paused|idled|cut|"
        r"curtailed)\b"
        r"|\bcuts?\s+(?:in|to)\s+(?:[\w-]+\s+){0,2}?(?:production|output|mining)\b"
        r"(?!\s+(?:targets?|guidance|forecasts?|goals?|plans?|quotas?))"
        r"|\b(?:mines?|smelters?|plants?|refiner(?:y|ies)|operations|facilit(?:y|ies))\s+"
        r"(?:[\w-]+\s+){0,3}?(?:is|are|was|were)\s+(?:shutting|closing)\b"
        r"|\bforce\s+majeure\b|\bon\s+strike\b|\bstrikes?\s+(?:at|hit|by)\b|\bflood(?:ed|ing)\b"
        r"|\boccupied\b|\boccupation\b|\bblockade\b|\bsanctions?\s+(?:on|against)\b"
        r"|\bblock(?:s|ed|ing)\s+(?:the\s+|all\s+)?(?:[\w-]+\s+)?(?:roads?|access|highways?|"
        r"routes?|railways?)\s+to\b"
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
    cue(
        ClaimStatus.DISRUPTED,
        "collapse",
        r"\b(?:output|production|mining|exports?)\s+(?:[\w-]+\s+){0,5}?collaps(?:e|es|ed|ing)\b",
    ),
    # -- export_restricted
    cue(
        ClaimStatus.EXPORT_RESTRICTED,
        "export_measure",
        r"\bexport\s+(?:bans?|controls?|restrictions?|"
        r"curbs?|permits?|licen[cs](?:es?|ing)|quotas?|limits?|duty|duties|tax(?:es)?|"
        r"prohibitions?|embargo(?:es)?|requirements?|regime|suspension|clearance|approvals?)\b"
        r"|\bexport(?:s|ing)?\s+(?:of\s+(?:[\w-]+\s+){1,3}?)?(?:from\s+(?:the\s+)?[\w.-]+\s+"
        r"(?:[\w.-]+\s+)?)?(?:is|are|was|were|remain|remained|has\s+been|have\s+been)\s+"
        r"(?:\w+\s+)?(?:banned|restricted|prohibited|suspended)\b",
    ),
    cue(
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
    cue(
        ClaimStatus.EXPORT_RESTRICTED,
        "definite",
        r"\b(?:the|these|those|such|similar|its|new|latest)\s+(?:new\s+|latest\s+|similar\s+)?"
        r"(?:curbs|restrictions|controls|"
        r"ban|measures?|requirements|quotas|permits)\b",
        definite=True,
    ),
    # -- import_dependent
    cue(
        ClaimStatus.IMPORT_DEPENDENT,
        "dependence",
        r"\b(?:dependen(?:ce|t|cy)|relian(?:ce|t)|"
        r"rel(?:y|ies|ied|ying)|depend(?:s|ed|ing)?)\s+(?:\w+\s+){0,3}?(?:on|upon)\b",
    ),
    cue(
        ClaimStatus.IMPORT_DEPENDENT,
        "wean",
        r"\bwean\w*\s+(?:\w+\s+){0,2}off\b|\breduce\s+(?:its|their|"
        r"our|the)\s+(?:\w+\s+)?(?:dependence|reliance)\b|\bnet\s+import\s+reliance\b"
        r"|\bimport[- ](?:reliant|reliance|dependence|dependent|dependency)\b"
        r"|\bimports?\s+(?:all|most|nearly\s+all|almost\s+all|virtually\s+all|the\s+bulk|all\s+but)"
        r"\s+(?:of\b|the\b|its\b|their\b)"
        rf"|\bimports?\s+(?:about\s+|nearly\s+|over\s+|more than\s+)?{PCT}\s+of\b",
    ),
    # "imports its tin almost entirely from", "sources 70% of its cobalt imports from", "the
    # world's largest importer of": the subject is the importer
    cue(
        ClaimStatus.IMPORT_DEPENDENT,
        "imports_from",
        r"\bimports?\s+(?:it|them|(?:its|their)\s+(?:[\w-]+\s+){0,3}?)"
        r"(?:almost\s+|nearly\s+|virtually\s+)?(?:entirely|exclusively|wholly|mainly|mostly|"
        r"largely|primarily|chiefly)\s+from\b"
        rf"|\b(?:sources?|gets?|obtains?|buys?|receives?)\s+(?:about\s+|nearly\s+|over\s+|"
        rf"more\s+than\s+)?{PCT}\s+of\s+"
        r"(?:its|their)\b"
        r"|\b(?:largest|biggest|top|leading|major|main)\s+importers?\s+of\b",
    ),
    # "imported into Japan", "30% of Thailand's imports": the importer is named in the cue
    # (claims.py reads it there, never from the sentence's subject, the supplier)
    cue(
        ClaimStatus.IMPORT_DEPENDENT,
        "importer_named",
        r"\bimported\s+into\s+(?:the\s+)?[\w.-]+"
        rf"|{PCT}\s+of\s+(?:the\s+)?(?:[\w.'\u2019-]+\s+){{1,3}}?imports\b",
    ),
    # -- developing
    cue(
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
        r"|\b(?:work|construction)\s+(?:has\s+|have\s+)?(?:started|begun|began|starts)\s+on\b"
        # "approved a $1 billion copper smelter", "committed $500 million to a refinery" (a
        # facility named within the clause, no comma between)
        r"|\b(?:approv(?:e|es|ed|ing)|commit(?:s|ted|ting)|pledg(?:e|es|ed|ing))\s+"
        r"(?:[\w$\u20ac\u00a3.'\u2019-]+\s+){0,6}?(?:mines?|refiner(?:y|ies)|plants?|"
        r"facilit(?:y|ies)|factor(?:y|ies)|smelters?|projects?)\b"
        r"|\b(?:projects?|mines?|plants?|refiner(?:y|ies)|deposits?)\s+(?:\w+\s+)?(?:in|under)\s+"
        r"development\b"
        # "to recommence primary production", "restarting the mine": output to come back (the
        # past "resumed production" and the present "resumes mining" are production again)
        r"|\b(?:(?:(?<=\bto\s)|(?<=\bwill\s)|(?<=\bwould\s))(?:recommence|resume|restart|relaunch|"
        r"revive|revitali[sz]e)|recommencing|resuming|restarting|relaunching|reviving|"
        r"revitali[sz]ing)\s+(?:[\w-]+\s+){0,2}?"
        r"(?:production|mining|operations|output|project|mine)\b"
        # "approval for its Blue Ridge copper and silver venture project": names may be long
        r"|\bapprov\w+\s+(?:\w+\s+){0,2}?for\s+(?:[\w'\u2019-]+\s+){0,7}?(?:mines?|projects?|"
        r"refiner(?:y|ies)|plants?|smelters?|facilit(?:y|ies))\b",
    ),
    # A project's stage, said of the project itself: "the refinery is being commissioned",
    # "is expected to commence operations", "the permitting stage", "mining could start".
    cue(
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
