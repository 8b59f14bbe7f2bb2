"""Phenomena the extractor handles, each on short sentences written for this test."""

from __future__ import annotations

from datetime import date

import pytest

from app.enrichment.pipeline import Extraction, extract

Triple = tuple[str, str | None, str]


def triples(text: str) -> set[Triple]:
    return {(c.country, c.mineral, c.status) for c in extract(text).claims}


def candidates(text: str) -> set[Triple]:
    """The rules' claims before the confidence model drops the unlikely ones: the model's
    article features (how often a mineral is named...) say little about two sentences."""
    return {(c.country, c.mineral, c.status) for c in extract(text, scored=False).claims}


def countries(text: str) -> set[str]:
    return {c.key for c in extract(text).countries}


def minerals(text: str) -> set[str]:
    return {m.key for m in extract(text).minerals}


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        # a relative clause closes before the main verb of its head
        (
            "Japan, which buys most of Australia's spodumene, relies on imports for nearly all "
            "of its lithium.",
            {("JP", "lithium", "import_dependent")},
            {("AU", "lithium", "import_dependent")},
        ),
        # an appositive after a preposition still describes its country
        (
            "Most of the ore is shipped to Finland, the largest cobalt refining nation in Europe "
            "and the world's second-biggest cobalt refining country.",
            {("FI", "cobalt", "producing")},
            {("FI", "cobalt", "dominant")},
        ),
        # guideline resolution 6: a rank below first is producing, whatever the ordinal
        (
            "Argentina, the world's fourth-largest producer of lithium, expects output to grow.",
            {("AR", "lithium", "producing")},
            {("AR", "lithium", "dominant")},
        ),
        (
            "Rwanda is the No. 2 supplier of tantalum after Congo.",
            set(),
            {("RW", "tantalum", "dominant")},
        ),
        # guideline resolution 7: an ended restriction is none; one that stays is
        (
            "China has suspended its ban on exports of gallium to the United States until next "
            "year.",
            set(),
            {("CN", "gallium", "export_restricted")},
        ),
        (
            "The quota on tungsten exports was lifted by Vietnam last week.",
            set(),
            {("VN", "tungsten", "export_restricted")},
        ),
        (
            "Beijing has eased its controls on graphite exports.",
            set(),
            {("CN", "graphite", "export_restricted")},
        ),
        (
            "Myanmar still requires licences for tin exports, although the curbs were relaxed.",
            {("MM", "tin", "export_restricted")},
            set(),
        ),
        (
            "Kazakhstan suspended exports of tungsten concentrate in March.",
            {("KZ", "tungsten", "export_restricted")},
            set(),
        ),
        # production yet to come is a project, not production
        (
            "A Canadian miner will build a lithium brine project in Argentina's Salta province, "
            "with first production expected in 2027.",
            {("AR", "lithium", "developing")},
            {("AR", "lithium", "producing")},
        ),
        (
            "Planned output of 20,000 tonnes of nickel from the new plant in Tanzania would make "
            "it a regional hub.",
            set(),
            {("TZ", "nickel", "producing")},
        ),
        # a quote about a ban, next to a mineral of another sentence, is no claim
        (
            'Alumina prices in China rose for a third week on Monday. "The ban is a warning '
            'shot," said a trader in Singapore.',
            set(),
            {("CN", "aluminum", "export_restricted"), ("SG", "aluminum", "export_restricted")},
        ),
        # the subject of an earlier clause is the actor of a later one
        (
            "Canada has no primary production of gallium, while indium is recovered at a zinc "
            "smelter in Quebec.",
            {("CA", "gallium", "not_producing"), ("CA", "indium", "producing")},
            set(),
        ),
        # "has yet to produce", "produced no ... since", "no mine has reached production"
        (
            "Peru has yet to produce lithium on a commercial scale.",
            {("PE", "lithium", "not_producing")},
            {("PE", "lithium", "producing")},
        ),
        (
            "Germany has produced no tungsten since the 1990s and imports all of the metal.",
            {("DE", "tungsten", "not_producing")},
            {("DE", "tungsten", "producing")},
        ),
        (
            "Sweden has several graphite deposits, but no mine there has reached commercial "
            "production.",
            {("SE", "graphite", "reserves"), ("SE", "graphite", "not_producing")},
            set(),
        ),
        # a company's home country is not where it produces (resolution 4)
        (
            "Japan's Kaiyosha refines nickel at its plant in Niihama, and Brazil's Vespera mines "
            "nickel in Canada.",
            {("CA", "nickel", "producing")},
            {("BR", "nickel", "producing")},
        ),
        (
            "In Laos, a Vietnamese-backed company is building a potash mine.",
            {("LA", "potash", "developing")},
            {("VN", "potash", "developing")},
        ),
        # a place named after the possessive is a location ("Chile's Cordillera copper mine")
        (
            "Chile's Cordillera copper mine continues to operate at full capacity.",
            {("CL", "copper", "producing")},
            set(),
        ),
        # urging, purpose, studies and stalled projects are not concrete projects
        (
            "Zambia is pressing investors to build a copper smelter near the border.",
            set(),
            {("ZM", "copper", "developing")},
        ),
        (
            "A plan to build a lithium refinery in Portugal has stalled.",
            set(),
            {("PT", "lithium", "developing")},
        ),
        (
            "Canada plans to start producing scandium in 2027.",
            {("CA", "scandium", "developing")},
            set(),
        ),
        # exporting stopped by government order; exports suspended under a quota system
        (
            "India told its state miner to stop exporting neodymium.",
            {("IN", "neodymium", "export_restricted")},
            set(),
        ),
        (
            "Gabonese manganese exports remain suspended under a new quota system.",
            {("GA", "manganese", "export_restricted")},
            set(),
        ),
        # a stoppage caused by unrest is not an export control
        (
            "A dispute with Guinea's government has halted bauxite exports from the port.",
            set(),
            set(),
        ),
        # "kept ... shut", "mine closures", output collapse with a stated cause
        (
            "Bolivia has kept the Mina Huanuni tin mine, once its largest, shut since January.",
            {("BO", "tin", "disrupted")},
            set(),
        ),
        (
            "Low prices have forced nickel mine closures in New Caledonia.",
            {("NC", "nickel", "disrupted")},
            set(),
        ),
        (
            "Sudan's gold and chromite output has collapsed since the war began.",
            {("SD", "chromium", "disrupted")},
            set(),
        ),
        (
            "Chromite output in Albania collapsed in the 1990s and later recovered.",
            set(),
            {("AL", "chromium", "disrupted")},
        ),
        # "output there", a site after a sentence about its country
        (
            "Brazil produces most of the world's niobium. Niobium output there was halted last "
            "week by floods.",
            {("BR", "niobium", "dominant"), ("BR", "niobium", "disrupted")},
            set(),
        ),
        (
            "Chile mined 5 million tonnes of copper last year. A landslide at the El Abra mine "
            "halted operations in March.",
            {("CL", "copper", "producing"), ("CL", "copper", "disrupted")},
            set(),
        ),
        # "mined mainly in", "a major source ..., ...: shipments halted" (another clause)
        (
            "Iridium, a metal mined mainly in South Africa, rose 4%.",
            {("ZA", "iridium", "dominant")},
            set(),
        ),
        (
            "Laos, a major source of rare earth ore, faces trouble: shipments have been halted "
            "at the border.",
            {("LA", "rare-earths", "producing"), ("LA", "rare-earths", "disrupted")},
            set(),
        ),
        # a bare rank takes the mineral of the previous sentence; below first it is producing
        (
            "Graphite prices fell. Madagascar, home to several large mines, is the "
            "third-largest producer.",
            {("MG", "graphite", "producing")},
            {("MG", "graphite", "dominant")},
        ),
        # reserves are of the mineral that names them; "the country's ... resources"
        (
            "Russia, which holds large palladium reserves, is also a major platinum producer.",
            {("RU", "palladium", "reserves")},
            {("RU", "platinum", "reserves")},
        ),
        (
            "Kenyan officials put the country's rare earth resources at 12 million tonnes.",
            {("KE", "rare-earths", "reserves")},
            set(),
        ),
        # past rank, and "used to make" is no past marker
        (
            "Ukraine was once one of the world's largest titanium producers.",
            set(),
            {("UA", "titanium", "dominant")},
        ),
        (
            "Jamaica is the world's third-largest producer of bauxite, the ore used to make "
            "aluminium.",
            {("JM", "aluminum", "producing")},
            {("JM", "aluminum", "dominant")},
        ),
        # a by-product of mining is production; approval for a named project is a project
        (
            "Bolivia produces silver, mostly as a by-product of zinc mining in the Andes.",
            {("BO", "silver", "producing"), ("BO", "zinc", "producing")},
            set(),
        ),
        (
            "The company won approval for its Pumpkin Hollow copper and gold project in the "
            "United States last week.",
            {("US", "copper", "developing")},
            set(),
        ),
        # control of a mine is not market dominance; a junta is the state
        (
            "Mali's military government has taken control of a gold and lithium mine.",
            {("ML", "lithium", "disrupted")},
            {("ML", "lithium", "dominant")},
        ),
        # a verb that only places its subject keeps the place after it as the producer
        (
            "Vanadium output is concentrated in Russia, South Africa and Brazil.",
            {("RU", "vanadium", "producing"), ("ZA", "vanadium", "producing")},
            set(),
        ),
        (
            "Vanadium output is shipped to Brazil and sold there.",
            set(),
            {("BR", "vanadium", "producing")},
        ),
        # an enumeration's members take the preposition of the noun they exemplify
        (
            "Most tungsten is refined in a handful of nations, notably Austria and Portugal.",
            {("AT", "tungsten", "producing"), ("PT", "tungsten", "producing")},
            set(),
        ),
        # the members of a producer noun follow "include"
        (
            "Other sizeable producers of chromite include Kazakhstan and Turkey.",
            {("KZ", "chromium", "producing"), ("TR", "chromium", "producing")},
            set(),
        ),
        (
            "Buyers of chromite include Sweden.",
            set(),
            {("SE", "chromium", "producing")},
        ),
        # a reduced relative: the metal produced by a country
        (
            "Traders stopped accepting palladium refined by Russia after the sanctions.",
            {("RU", "palladium", "producing")},
            set(),
        ),
        # guideline resolution 6: one of the top producers as a group is dominant, a group
        # as wide as ten names no leading share
        (
            "Gabon has long been a top five producer of manganese.",
            {("GA", "manganese", "dominant")},
            set(),
        ),
        (
            "Canada is among the top 10 producers of nickel.",
            {("CA", "nickel", "producing")},
            {("CA", "nickel", "dominant")},
        ),
        # a rank said of a company or mine named right before it; a state company's is its state's
        (
            "Chile's largest miner Andina Cobre, the biggest copper producer in the world, hired "
            "200 workers.",
            set(),
            {("CL", "copper", "dominant")},
        ),
        (
            "In Turkey, state miner Anadolu Bor is the world's largest producer of boron.",
            {("TR", "boron", "dominant")},
            set(),
        ),
        (
            "Chile, the world's biggest copper producer, hired 200 workers.",
            {("CL", "copper", "dominant")},
            set(),
        ),
        # a supplier's share of one buyer's imports is not a share of world supply
        (
            "Vietnam relies on Japan for cobalt. Japan accounted for 55% of the country's "
            "nickel imports.",
            {("VN", "cobalt", "import_dependent")},
            {("JP", "nickel", "dominant"), ("JP", "nickel", "producing")},
        ),
        # an importer's dependence is a topic that later sentences continue
        (
            "Vietnam relies on Japan for most of its cobalt. Dependence on Japan was also high "
            "for materials such as nickel (80%) and tin (70%).",
            {("VN", "nickel", "import_dependent"), ("VN", "tin", "import_dependent")},
            {("JP", "nickel", "import_dependent")},
        ),
        # a stoppage noun placed in a country; a closure dated decades ago is history
        (
            "Several temporary shutdowns in Kazakhstan tightened zinc supply this quarter.",
            {("KZ", "zinc", "disrupted")},
            set(),
        ),
        (
            "The old zinc mine in Kazakhstan was a landmark until its closure in 1987.",
            set(),
            {("KZ", "zinc", "disrupted")},
        ),
        # nothing of the mineral is processed there
        (
            "At present no rare earths are being processed in Norway.",
            {("NO", "rare-earths", "not_producing")},
            {("NO", "rare-earths", "producing")},
        ),
        # a share of the world's reserves is a reserves claim, never a share of supply
        (
            "Bolivia holds 21% of the world's lithium reserves.",
            {("BO", "lithium", "reserves")},
            {("BO", "lithium", "producing"), ("BO", "lithium", "dominant")},
        ),
        (
            "Bolivia holds 55% of the world's lithium resources.",
            set(),
            {("BO", "lithium", "dominant")},
        ),
        # more capacity under way is a project: expansion, start-up, construction, pipeline
        (
            "The miner agreed to expand domestic production of cobalt in Canada.",
            {("CA", "cobalt", "developing")},
            set(),
        ),
        (
            "The zinc refinery in Namibia moved closer to coming online after a new loan.",
            {("NA", "zinc", "developing")},
            set(),
        ),
        (
            "At a large tungsten deposit in Portugal, construction is in full swing.",
            {("PT", "tungsten", "developing")},
            set(),
        ),
        (
            "The group has five more nickel smelters in the pipeline in Indonesia.",
            {("ID", "nickel", "developing")},
            set(),
        ),
        # a project named with its country is what "the refinery" means afterwards
        (
            "Borealis Metals said its refinery in Finland would be commissioned next year. "
            "The refinery will produce battery-grade nickel and cobalt sulphate.",
            {("FI", "nickel", "developing"), ("FI", "cobalt", "developing")},
            {("FI", "nickel", "producing"), ("FI", "cobalt", "producing")},
        ),
        (
            "Prospectors found a large zinc deposit in Namibia. Halvorsen runs a copper mine in "
            "Sweden. Last year the mine produced 80,000 tonnes of copper concentrate.",
            {("SE", "copper", "producing")},
            {("NA", "copper", "producing")},
        ),
        # projects in development, production to come back, a company that will mine
        (
            "Explorers have graphite projects in development in Tanzania and Malawi.",
            {("TZ", "graphite", "developing"), ("MW", "graphite", "developing")},
            set(),
        ),
        (
            "Estonia announced plans to recommence primary production of germanium.",
            {("EE", "germanium", "developing")},
            {("EE", "germanium", "producing")},
        ),
        (
            "Estonia resumed primary production of germanium last year.",
            {("EE", "germanium", "producing")},
            {("EE", "germanium", "developing")},
        ),
        (
            "A tungsten mine in northern Laos, the largest of its kind there, will finally be "
            "mined next year.",
            {("LA", "tungsten", "developing")},
            {("LA", "tungsten", "producing")},
        ),
        (
            "Arctic Metals to produce nickel in Finland\n\nThe company said on Monday it had "
            "raised funds.",
            {("FI", "nickel", "developing")},
            {("FI", "nickel", "producing")},
        ),
        (
            "A Korean company will mine tungsten in Mongolia.",
            {("MN", "tungsten", "developing")},
            {("KR", "tungsten", "developing"), ("MN", "tungsten", "producing")},
        ),
        (
            "Commercial production of neodymium could begin in Sweden by 2027.",
            {("SE", "neodymium", "developing")},
            {("SE", "neodymium", "producing")},
        ),
        # closing, selling or keeping open a facility is no project
        (
            "Nyland Metals plans to sell two zinc mines in Peru.",
            set(),
            {("PE", "zinc", "developing")},
        ),
        (
            "The group shut a smelter in Norway while keeping open other aluminium plants in "
            "Iceland.",
            set(),
            {("IS", "aluminum", "developing")},
        ),
        # makers that consume minerals halt their own production; products are not minerals
        (
            "Shortages of rare earths from China forced carmakers in Japan to suspend production.",
            set(),
            {("JP", "rare-earths", "disrupted"), ("CN", "rare-earths", "disrupted")},
        ),
        (
            "Lithium demand in Germany rose with battery production.",
            set(),
            {("DE", "lithium", "producing")},
        ),
        # a country's possessive restriction is its own, whoever it affects
        (
            "Will Japan be affected by Vietnam's restrictions on tungsten exports?",
            {("VN", "tungsten", "export_restricted")},
            {("JP", "tungsten", "export_restricted")},
        ),
        # a stockpile a government builds is no geological reserve
        (
            "The Korean government will bolster the nation's reserves of cobalt and nickel.",
            set(),
            {("KR", "cobalt", "reserves"), ("KR", "nickel", "reserves")},
        ),
        # a share of all of a mineral; the only major producer
        (
            "China produces 80 per cent of all rare earths.",
            {("CN", "rare-earths", "dominant")},
            {("CN", "rare-earths", "producing")},
        ),
        (
            "Russia is now the only major commercial producer of refined palladium salts.",
            {("RU", "palladium", "dominant")},
            set(),
        ),
        (
            "Canada is the only commercial producer of tellurium outside Asia.",
            set(),
            {("CA", "tellurium", "dominant")},
        ),
        # export restrictions as nouns, in lists, as licensing rules
        (
            "Chile suspended lithium, copper, and molybdenum exports to Peru in May.",
            {("CL", "lithium", "export_restricted"), ("CL", "copper", "export_restricted")},
            {("PE", "lithium", "export_restricted")},
        ),
        (
            "The cabinet approved the prohibition of the export of lithium ore from Zimbabwe.",
            {("ZW", "lithium", "export_restricted")},
            set(),
        ),
        (
            "The directive places strict licensing requirements on the export of Vietnamese "
            "tungsten.",
            {("VN", "tungsten", "export_restricted")},
            set(),
        ),
        (
            "Manila is retaining that later date for the end of exports of Philippine nickel.",
            {("PH", "nickel", "export_restricted")},
            set(),
        ),
        # no production: no functioning mine, no company has refined, no domestic mines,
        # production has ceased
        (
            "The closure means there will be no functioning zinc mine in Ireland.",
            {("IE", "zinc", "not_producing")},
            {("IE", "zinc", "producing")},
        ),
        (
            "No company has refined rare earths in France since 1994.",
            {("FR", "rare-earths", "not_producing")},
            {("FR", "rare-earths", "producing")},
        ),
        (
            "Without any domestic antimony mines, however, Italy must depend on suppliers abroad.",
            {("IT", "antimony", "not_producing"), ("IT", "antimony", "import_dependent")},
            {("IT", "antimony", "producing")},
        ),
        (
            "After the closure in 2020, all Japanese titanium sponge production has ceased.",
            {("JP", "titanium", "not_producing")},
            {("JP", "titanium", "producing")},
        ),
        # production to come is no production yet; world production is nobody's
        (
            "Rhine Lithium says it will extract lithium from brines in Germany's south.",
            set(),
            {("DE", "lithium", "producing")},
        ),
        (
            "At least 40,000 tonnes of lithium are to be produced in Portugal by 2030.",
            set(),
            {("PT", "lithium", "producing")},
        ),
        (
            "Brazil says the annual global production of graphite is 1.6 million tonnes.",
            set(),
            {("BR", "graphite", "producing")},
        ),
        # the agent of a passive production verb is the producer
        (
            "Canada and Norway barred exchanges from accepting nickel produced by Russia.",
            {("RU", "nickel", "producing")},
            {("CA", "nickel", "producing"), ("NO", "nickel", "producing")},
        ),
        # a buyer's supplier: the possessor buys
        (
            "Myanmar is the world's third-largest producer of tin and China's biggest supplier.",
            {("MM", "tin", "producing")},
            {("CN", "tin", "producing"), ("CN", "tin", "dominant")},
        ),
        # a rank of a commodity outside the list ranks that commodity
        (
            "Ghana, home to the largest gold producer in Africa, also mines manganese.",
            {("GH", "manganese", "producing")},
            {("GH", "manganese", "dominant")},
        ),
        # "previously" puts production in the past
        (
            "Primary gallium production previously took place in Hungary.",
            set(),
            {("HU", "gallium", "producing")},
        ),
        # a target is no project, and no production yet
        (
            "At least 20,000 tonnes of lithium are to be produced in Spain by 2035.",
            set(),
            {("ES", "lithium", "developing"), ("ES", "lithium", "producing")},
        ),
        # a foreign company running a mine: the mine's country produces
        (
            "A Chinese company runs the largest cobalt mine in Congo.",
            {("CD", "cobalt", "producing")},
            {("CN", "cobalt", "producing")},
        ),
        # access cut off to a country's deposits disrupts that country's supply
        (
            "Russia's invasion has cut off access to Ukraine's titanium deposits.",
            {("UA", "titanium", "disrupted")},
            {("RU", "titanium", "disrupted")},
        ),
        # control of a territory's policy is no control of a market
        (
            "Denmark controls Greenland's foreign policy, while Greenland holds vast rare "
            "earth deposits.",
            {("GL", "rare-earths", "reserves")},
            {("DK", "rare-earths", "dominant"), ("DK", "rare-earths", "reserves")},
        ),
        # an agentless export suspension names its exporter; a blocked road disrupts
        (
            "Exports of cobalt from Congo were suspended for four months.",
            {("CD", "cobalt", "export_restricted")},
            set(),
        ),
        (
            "Protests have blocked the road to Peru's largest copper mine for two weeks.",
            {("PE", "copper", "disrupted")},
            set(),
        ),
        # "the second-largest producer, after X": X leads (resolution 6)
        (
            "Canada is the world's second-largest producer of uranium, after Kazakhstan.",
            {("CA", "uranium", "producing"), ("KZ", "uranium", "dominant")},
            {("CA", "uranium", "dominant")},
        ),
        (
            "Zambia is Africa's second-largest copper producer after Congo.",
            {("ZM", "copper", "producing")},
            {("CD", "copper", "dominant")},
        ),
        (
            "Germany has no domestic source of gallium.",
            {("DE", "gallium", "not_producing")},
            set(),
        ),
        # a territory is its own actor; neither ... nor negates both; a cut halts
        (
            "Greenland, a territory of Denmark, has large rare earth deposits.",
            {("GL", "rare-earths", "reserves")},
            {("DK", "rare-earths", "reserves")},
        ),
        (
            "Neither Japan nor South Korea mines rare earths.",
            {("JP", "rare-earths", "not_producing"), ("KR", "rare-earths", "not_producing")},
            {("KR", "rare-earths", "producing"), ("JP", "rare-earths", "producing")},
        ),
        (
            "Production at Kazakhstan's uranium mines was cut because of an acid shortage.",
            {("KZ", "uranium", "disrupted")},
            {("KZ", "uranium", "producing")},
        ),
        # a ban that ended; an ore that modifies another noun is no reserve
        (
            "The ban on cobalt exports from Congo ended in October.",
            set(),
            {("CD", "cobalt", "export_restricted")},
        ),
        (
            "Officials said Laos would keep its nickel ore export ban in place.",
            set(),
            {("LA", "nickel", "reserves")},
        ),
        # "gets 60% of its rare earths from China": the subject imports
        (
            "Japan gets 60% of its rare earths from China.",
            {("JP", "rare-earths", "import_dependent")},
            {("CN", "rare-earths", "import_dependent")},
        ),
        # sanctions imposed on a country disrupt its supply, not the imposer's
        (
            "Washington imposed sanctions on Belarusian potash last year.",
            {("BY", "potash", "disrupted")},
            {("US", "potash", "disrupted")},
        ),
        # most of the world's reserves: reserves, no dominance of supply
        (
            "South Africa is home to most of the world's platinum reserves.",
            {("ZA", "platinum", "reserves")},
            {("ZA", "platinum", "dominant")},
        ),
        # approving, funding or starting work on a facility is a project
        (
            "The government approved a $1 billion copper smelter in Tanzania.",
            {("TZ", "copper", "developing")},
            set(),
        ),
        (
            "Investors have committed $500 million to a cobalt refinery in Zambia.",
            {("ZM", "cobalt", "developing")},
            set(),
        ),
        (
            "Work has started on a nickel processing plant in the Philippines.",
            {("PH", "nickel", "developing")},
            set(),
        ),
        (
            "The fund approved its investment policies, targeting its first lithium projects "
            "in Chile next year.",
            set(),
            {("CL", "lithium", "developing")},
        ),
        # "non-Chinese producers" names every country but China
        (
            "The firm is one of the few established non-Chinese graphite producers in Canada.",
            set(),
            {("CN", "graphite", "producing")},
        ),
        # a country named in an apposition is not the subject
        (
            "Ecuador, an Andean country neighbouring copper producer Peru, has large mineral "
            "reserves.",
            {("EC", None, "reserves")},
            {("PE", None, "reserves")},
        ),
        # a headline's present "resumes mining" is production again, "to resume" is to come
        (
            "Bolivia plans to resume tin mining at the old state mine.",
            {("BO", "tin", "developing")},
            set(),
        ),
        (
            "Bolivia resumes tin mining after the floods",
            set(),
            {("BO", "tin", "developing")},
        ),
        # a project's stage, said of the project
        (
            "The Quartz Ridge copper project in Brazil is in the permitting stage.",
            {("BR", "copper", "developing")},
            set(),
        ),
        (
            "In Peru, a zinc processing facility near the coast is being built by a local firm.",
            {("PE", "zinc", "developing")},
            set(),
        ),
        (
            "Northwind Resources is advancing its Lagoa lithium project in Portugal.",
            {("PT", "lithium", "developing")},
            set(),
        ),
        # a stage that is no project's
        (
            "Lithium prices are expected to start rising in Chile next spring.",
            set(),
            {("CL", "lithium", "developing")},
        ),
        # each mineral of a share enumeration has its own share (resolution 6)
        (
            "In 2024, Chile held a 60% share of refined iodine, 55% of the world's lithium "
            "and 24% of its copper.",
            {("CL", "lithium", "dominant"), ("CL", "copper", "producing")},
            {("CL", "copper", "dominant")},
        ),
        # a time marker dating a comparison's baseline, or a decade to come, is no past
        (
            "Indonesia accounted for 49% of nickel production in 2023, up from less than 5% "
            "ten years ago.",
            {("ID", "nickel", "producing")},
            set(),
        ),
        (
            "Congo accounted for 70% of cobalt supply in 2024, though analysts see output "
            "falling during the 2030s.",
            {("CD", "cobalt", "dominant")},
            set(),
        ),
        (
            "Japan produced a tenth of the world's gallium in the 1980s.",
            set(),
            {("JP", "gallium", "producing")},
        ),
        # the subject of an absolute clause
        (
            "Prices fell, with Indonesia accounting for 60% of nickel output.",
            {("ID", "nickel", "dominant")},
            set(),
        ),
        # the members of the countries a relative clause describes
        (
            "Other nations that refine cobalt are Finland, Canada and Belgium.",
            {("FI", "cobalt", "producing"), ("BE", "cobalt", "producing")},
            set(),
        ),
        (
            "The five biggest producers of tin since 2015 have been China, Indonesia and Peru.",
            {("PE", "tin", "producing")},
            set(),
        ),
        # leading as a group, leading the world, cornering a market (resolution 6)
        (
            "Peru, Mexico and China are the main producers of silver.",
            {("PE", "silver", "dominant"), ("MX", "silver", "dominant")},
            set(),
        ),
        (
            "Kazakhstan is the world leader in uranium mining.",
            {("KZ", "uranium", "dominant")},
            set(),
        ),
        (
            "By the 2020s China had cornered the world market for graphite.",
            {("CN", "graphite", "dominant")},
            set(),
        ),
        # production that has begun
        (
            "Norsk Metall has begun refining nickel at its plant in Norway.",
            {("NO", "nickel", "producing")},
            set(),
        ),
        (
            "Chile, along with Peru, dominates copper mining.",
            {("CL", "copper", "dominant"), ("PE", "copper", "dominant")},
            set(),
        ),
        # a mineral as what a country has, not an industry of it
        (
            "Zambia is best known for copper. It also has cobalt, used in batteries.",
            {("ZM", "cobalt", "reserves")},
            set(),
        ),
        (
            "Mongolia is home to several of the world's critical minerals, like tungsten.",
            {("MN", "tungsten", "reserves")},
            set(),
        ),
        (
            "Vietnam has lithium refineries and cobalt imports.",
            set(),
            {("VN", "lithium", "reserves"), ("VN", "cobalt", "reserves")},
        ),
        # a halt: mothballed mines, a cut in production, a ban on a country's metal
        (
            "Harlow Group is mothballing its nickel mines in Brazil for three years.",
            {("BR", "nickel", "disrupted")},
            {("BR", "nickel", "producing")},
        ),
        (
            "Power shortages in Ghana forced a one-third cut in manganese production.",
            {("GH", "manganese", "disrupted")},
            {("GH", "manganese", "producing")},
        ),
        (
            "Canada and Japan banned the import of zinc and lead from Belarus.",
            {("BY", "zinc", "disrupted"), ("BY", "lead", "disrupted")},
            {("CA", "zinc", "disrupted"), ("JP", "zinc", "disrupted")},
        ),
        (
            "Norway will ban Belarusian exports of potash from its ports.",
            {("BY", "potash", "disrupted")},
            {("NO", "potash", "disrupted"), ("NO", "potash", "export_restricted")},
        ),
        # "has yet" is an adverb, not a conjunct: the negation before it still counts
        (
            "Analysts said Peru could process zinc at home, but no such plant has yet been built.",
            set(),
            {("PE", "zinc", "developing")},
        ),
        # production that came to nothing, a ministry's name, a company's name
        (
            "Output of the country's tin had collapsed by then, and Bolivia's tin output has "
            "collapsed too.",
            set(),
            {("BO", "tin", "producing")},
        ),
        (
            "Ghana's mineral resources ministry approved a permit for a gold mine.",
            set(),
            {("GH", None, "reserves")},
        ),
        (
            "Tanzania welcomed plans by Northern Minerals to expand its mine in the country.",
            set(),
            {("TZ", None, "developing")},
        ),
        # a sentence about another country ends the project's topic
        (
            "Prospectors opened a copper mine in Zambia. Chile's copper output rose 4% last "
            "year. Its mines produced 5 million tonnes of copper.",
            {("CL", "copper", "producing")},
            {("ZM", "copper", "producing")},
        ),
        # the importer: the subject of "imports ... from", or named in the cue
        (
            "Peru imports its tin almost entirely from China and Chile.",
            {("PE", "tin", "import_dependent")},
            {("CN", "tin", "import_dependent"), ("CL", "tin", "import_dependent")},
        ),
        (
            "Italy sources 70% of its cobalt imports from Congo.",
            {("IT", "cobalt", "import_dependent")},
            {("CD", "cobalt", "import_dependent"), ("CD", "cobalt", "dominant")},
        ),
        (
            "Most tungsten is imported into Poland from Vietnam.",
            {("PL", "tungsten", "import_dependent")},
            {("VN", "tungsten", "import_dependent")},
        ),
        (
            "Germany is the world's largest importer of copper concentrate.",
            {("DE", "copper", "import_dependent")},
            {("DE", "copper", "dominant")},
        ),
        (
            "Laos accounted for nearly 30 per cent of Thailand's imports of potash.",
            {("TH", "potash", "import_dependent")},
            {("LA", "potash", "import_dependent"), ("LA", "potash", "producing")},
        ),
        # one buyer's supplier is no claim about world supply
        (
            "Some 65 percent of imported tin, a total of 3,000 tons, came from Bolivia.",
            set(),
            {("BO", "tin", "producing"), ("BO", "tin", "dominant")},
        ),
        # disruptions an export control causes are the restriction, not a halt
        (
            "Vietnam's export controls on tungsten have disrupted supply chains.",
            {("VN", "tungsten", "export_restricted")},
            {("VN", "tungsten", "disrupted")},
        ),
        # production of something else, production forecasts and history
        (
            "Mexico uses silver in the production of electric cars and solar panels.",
            set(),
            {("MX", "silver", "producing")},
        ),
        (
            "Chile raised its copper production guidance to 5.5 million tonnes.",
            set(),
            {("CL", "copper", "producing")},
        ),
        # a fronted "with" phrase is about the main clause's subject
        (
            "With abundant reserves of lithium and nickel, Australia is well placed to supply "
            "its allies.",
            {("AU", "lithium", "reserves"), ("AU", "nickel", "reserves")},
            set(),
        ),
        # "led to" names a cause, not a target
        (
            "The dispute led to Chinese restrictions on graphite exports to Japan.",
            {("CN", "graphite", "export_restricted")},
            {("JP", "graphite", "export_restricted")},
        ),
        # an agentless export ban is the topic country's
        (
            "Indonesia wants smelters at home. Nickel ore exports were banned in 2020.",
            {("ID", "nickel", "export_restricted")},
            set(),
        ),
        # the followers of a ranking share a reserves claim, not the leader's dominance
        (
            "Chile holds the largest lithium reserves at 9 million tons, followed by Australia "
            "at 6 million tons and Argentina.",
            {
                ("CL", "lithium", "reserves"),
                ("AU", "lithium", "reserves"),
                ("AR", "lithium", "reserves"),
            },
            set(),
        ),
        (
            "China is the world's largest producer of tungsten, followed by Vietnam.",
            {("CN", "tungsten", "dominant")},
            {("VN", "tungsten", "dominant")},
        ),
    ],
)
def test_claim_phenomena(text: str, present: set[Triple], absent: set[Triple]) -> None:
    got = candidates(text)
    assert present <= got, (present - got, got)
    assert not (absent & got), (absent & got, got)
    assert not (absent & triples(text))


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("Turkey is the star of our Thanksgiving dinner: roast it for three hours.", "TR"),
        ("My neighbour Chad lent us his grill.", "TD"),
        ("Our cousin Jordan brought the pie.", "JO"),
        ("Braise the Swiss chard in a Dutch oven and serve with Brussels sprouts.", "CH"),
        ("Braise the Swiss chard in a Dutch oven and serve with Brussels sprouts.", "NL"),
        ("Washington trailed 60-58 at halftime before Jordan took over.", "US"),
        ("A Paris-based trader said prices would rise.", "FR"),
    ],
)
def test_country_false_friends(text: str, absent: str) -> None:
    assert absent not in countries(text)


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("Serve the Turkey sandwiches with cranberry sauce.", "TR"),
        ("Add two Chile peppers and a handful of Brazil nuts.", "CL"),
        ("Add two Chile peppers and a handful of Brazil nuts.", "BR"),
        ("Our Guinea pigs love fresh hay.", "GN"),
        ("French fries and Belgian waffles were on the menu.", "FR"),
        ("French fries and Belgian waffles were on the menu.", "BE"),
        ("The German shepherd guarded the yard all night.", "DE"),
        ("Thanksgiving menu. Let the Turkey rest for an hour. Make the gravy.", "TR"),
        ("Georgia's governor opened a battery plant near Atlanta.", "GE"),
    ],
)
def test_a_country_word_naming_a_thing_or_another_place(text: str, absent: str) -> None:
    assert absent not in countries(text)


@pytest.mark.parametrize(
    ("text", "present"),
    [
        ("Georgia signed a mining accord; Tbilisi said exploration would begin.", "GE"),
        ("Lithium brine is pumped in Argentina, Bolivia and Chile.", "CL"),
        ("Turkey said it would cap boron sales, and Turkish exporters protested.", "TR"),
        ("The Chinese press reported new gallium controls.", "CN"),
        ("Brazil's nut growers and miners met; Brazil exports niobium.", "BR"),
    ],
)
def test_a_country_word_the_text_corroborates(text: str, present: str) -> None:
    assert present in countries(text)


def test_turkey_the_country_still_counts() -> None:
    text = "Turkey is the largest boron producer. Ankara wants to add rare earths."
    assert "TR" in countries(text)


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("The strap comes in a platinum-grey finish.", "platinum"),
        ("The app syncs with Pipedrive, Zoho and Copper.", "copper"),
    ],
)
def test_mineral_false_friends(text: str, absent: str) -> None:
    assert absent not in minerals(text)


def test_html_saved_as_text_is_parsed_as_html() -> None:
    page = (
        "<!DOCTYPE html><html><head><title>Peru copper output rises | Andes Mining</title>"
        '<meta name="author" content="Ana Quispe; Luis Rojas">'
        '<meta property="article:published_time" content="2025-06-09T08:00:00Z">'
        "</head><body><nav><a href='/'>Home</a> <a href='/m'>Mining</a></nav><article>"
        "<h1>Peru copper output rises</h1>"
        "<p>Peru produced 2.7 million tonnes of copper last year, the mining ministry said on "
        "Monday, and output rose again in the first quarter of this year.</p>"
        "<p>Chile remains the largest copper producer in the world by a wide margin.</p>"
        "</article><footer>&copy; 2025 Andes Mining</footer></body></html>"
    )
    e = extract(page)  # declared text/plain, as a scraped page saved to a .txt file
    assert e.title == "Peru copper output rises"
    assert e.published == date(2025, 6, 9)
    assert e.author == "Ana Quispe and Luis Rojas"
    assert "<p>" not in e.clean_text
    assert ("PE", "copper", "producing") in {(c.country, c.mineral, c.status) for c in e.claims}


def _meta(text: str) -> Extraction:
    return extract(text)


def test_masthead_is_not_the_title() -> None:
    e = _meta(
        "METALS WEEKLY\nNews | Prices | Data\n\nGuinea lifts bauxite output to a record\n\n"
        "By Sara Kone\n\nGuinea mined more bauxite than ever last year, officials said on "
        "Monday, as new mines opened along the Boke corridor."
    )
    assert e.title == "Guinea lifts bauxite output to a record"
    assert e.author == "Sara Kone"


def test_titled_byline_and_dotted_date() -> None:
    e = _meta(
        "Cobalt prices recover as Congo quota bites\n\nMarc Dupont, Commodities Correspondent\n"
        "17.03.2025, 09:10\n\nCobalt prices rose for a fourth week as Congo's export quota "
        "limited shipments from the world's largest producer."
    )
    assert e.author == "Marc Dupont"
    assert e.published == date(2025, 3, 17)


def test_related_headlines_after_the_article_are_chrome() -> None:
    e = _meta(
        "Zinc smelter restarts in Spain\n\nA zinc smelter in southern Spain restarted on "
        "Tuesday after a two-month halt caused by high power prices, its owner said.\n\n"
        "Related\nIndonesia weighs nickel ore export curbs\nMongolia copper mine expands\n"
    )
    assert {c.key for c in e.countries} == {"ES"}
    assert "nickel" not in {m.key for m in e.minerals}


@pytest.mark.parametrize(
    ("text", "present"),
    [
        (
            "The United States imports most of its lithium. A new lithium mine is under "
            "construction in Nevada.",
            ("US", "lithium", "developing"),
        ),
        (
            "Canada wants more graphite. Construction of a graphite plant in Quebec began in May.",
            ("CA", "graphite", "developing"),
        ),
        (
            "Peru mines zinc. In Cajamarca, a strike halted copper output.",
            ("PE", "copper", "disrupted"),
        ),
    ],
)
def test_a_state_or_province_places_the_claim_in_its_country(text: str, present: Triple) -> None:
    assert present in triples(text)


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("Nelson said cobalt prices would rise.", "NZ"),
        ("Savannah Resources said its lithium project was advancing.", "GH"),
        ("Meta and Amazon signed power deals for their data centres.", "CO"),
    ],
)
def test_a_subdivision_name_alone_is_not_its_country(text: str, absent: str) -> None:
    assert absent not in countries(text)


def test_a_named_province_stands_on_its_own() -> None:
    assert "MM" in countries("Exploration continues in Shan State, where rare earths are mined.")
