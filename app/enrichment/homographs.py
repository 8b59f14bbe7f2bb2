"""Country words that also name a person, another place or a thing.

"Jordan" and "Chad" are given names, "Georgia" is a US state, "Turkey" a bird and "Chile" a
pepper; "Swiss cheese" and "Guinea pigs" are things. The linker asks here whether such a
word, where it stands, is the country. A country the text names in two different ways
("Turkey" and "Ankara", "Georgia" and "Georgian") is corroborated.
"""

from __future__ import annotations

import re

from app.enrichment.gazetteer import AliasHit
from app.enrichment.sentences import Sentence


def _words(text: str) -> list[str]:
    return text.split()


GIVEN_NAME_COUNTRIES = frozenset(
    _words(
        """Jordan Chad Georgia Israel Kenya Chile India Jamaica Cuba Lebanon Niger Washington
        Malaysia Paris Brazil Panama"""
    )
)
# A kitchen context: a food homograph in it is the food ("Turkey is the centerpiece of the
# Thanksgiving table").
_KITCHEN_CONTEXT_RE = re.compile(
    r"\b(?:thanksgiving|christmas|roast\w*|birds?|stuffing|gravy|carv\w+|brin(?:ed|ing)|oven|fridge|"
    r"dish|recipes?|sandwich\w*|leftovers|pounds?|meat|breast|drumsticks?|dinner|feast|thaw\w*|"
    r"bast\w+|spic\w+|salsa|sauce|seeds?)\b",
    re.IGNORECASE,
)
# Country names that are also a food word (and so need corroboration in a kitchen context)
# or another place (and so always need it).
_FOOD_HOMOGRAPHS = frozenset(["Turkey", "Chile"])
_PLACE_HOMOGRAPHS = frozenset(["Georgia"])
AMBIGUOUS_NAMES = GIVEN_NAME_COUNTRIES | _FOOD_HOMOGRAPHS | _PLACE_HOMOGRAPHS


def _with_plurals(words: list[str]) -> frozenset[str]:
    forms = set(words)
    for word in words:
        forms.add(word[:-1] + "ies" if word.endswith("y") and word[-2] not in "aeiou" else "")
        forms.add(word + ("es" if word.endswith(("s", "sh", "ch", "x")) else "s"))
    forms.discard("")
    return frozenset(forms)


# Nouns of the kitchen, the garden and the household: a country word right before one is a
# modifier naming a kind of thing, not the country ("French toast", "Chile pepper").
THING_NOUNS = _with_plurals(
    _words(
        """cheese chard sprout nut pepper fry toast bread onion oven omelette omelet waffle
        delight coffee bacon ham sausage salad dressing pastry pudding cake pie cookie biscuit
        muffin mustard yogurt yoghurt dinner lunch breakfast sandwich burger breast leg drumstick
        recipe dish stew soup sauce gravy stuffing pig shepherd terrier poodle mastiff hound
        bulldog spaniel setter retriever cat pony fowl hen duck goose trot"""
    )
)


def corroborated_countries(hits: list[AliasHit]) -> set[str]:
    """Countries the text names in two different ways ("Turkey" and "Ankara")."""
    forms: dict[str, set[str]] = {}
    for hit in hits:
        for entry in hit.entries:
            if entry.kind == "country":
                forms.setdefault(entry.key, set()).add(hit.text.casefold())
    return {iso2 for iso2, seen in forms.items() if len(seen) > 1}


def uncorroborated_homograph(name: str, sent: Sentence, corroborated: bool, kitchen: bool) -> bool:
    """A place homograph, or a food homograph in a kitchen text or sentence, with no other
    name of the country anywhere in the text."""
    if corroborated:
        return False
    return name in _PLACE_HOMOGRAPHS or (
        name in _FOOD_HOMOGRAPHS and (kitchen or bool(_KITCHEN_CONTEXT_RE.search(sent.text)))
    )


def is_kitchen_text(text: str) -> bool:
    """Two different kitchen words anywhere: a recipe or a meal, not a news report."""
    return len({cue.casefold() for cue in _KITCHEN_CONTEXT_RE.findall(text)}) > 1
