// A mineral: its producers as a bar chart and a table (GET /v1/minerals/{slug}/producers),
// concentration, reserves and the supply from flagged countries with the news behind each
// flag (GET /v1/minerals/{slug}/supply); year and form pickers.

import { getJson, once } from "./api.js";
import { barChart } from "./chart.js";
import { UNKNOWN, badge, citation, countryLink, decimal, externalLink, facts, figure, h, hhiBand, note,
  pickers, section, select, share, table, viewLink, words } from "./dom.js";

const CHART_BARS = 12;
const FLAGS = ["export_restricted", "disrupted"];

// A known mineral (or form) without a production table answers `known: false` with a
// `detail` saying why: shown as a note, not as the page's error.
function statisticsMissing(result) {
  if (result.status === "rejected") return null;
  return result.value.known === false ? result.value.detail || "No statistics are held." : null;
}

export async function mineralView(params, { signal, navigate }) {
  const slug = params.get("mineral");
  const query = { year: params.get("year"), form: params.get("form") };
  const path = `v1/minerals/${encodeURIComponent(slug)}`;
  const [mineralResult, mineralsResult, countriesResult, producersResult, supplyResult] = await Promise.allSettled([
    getJson(path, {}, { signal }),
    once("v1/minerals"),
    once("v1/countries"),
    getJson(`${path}/producers`, query, { signal }),
    getJson(`${path}/supply`, query, { signal }),
  ]);
  // An unknown mineral is the page's error; so is any other failure but "no statistics".
  for (const result of [mineralResult, mineralsResult, countriesResult]) if (result.status === "rejected") throw result.reason;
  const missing = statisticsMissing(producersResult) ?? statisticsMissing(supplyResult);
  if (missing === null) {
    for (const result of [producersResult, supplyResult]) if (result.status === "rejected") throw result.reason;
  }
  const mineral = mineralResult.value;
  const names = new Map(countriesResult.value.map((country) => [country.iso2, country.name]));
  const producers = missing === null ? producersResult.value : null;
  const supply = missing === null ? supplyResult.value : null;

  const choose = (values) => {
    const next = { mineral: values.mineral };
    if (values.mineral === slug) Object.assign(next, { year: values.year, form: values.form });
    navigate(next);
  };
  const mineralOptions = mineralsResult.value.map((item) => [
    item.slug,
    item.has_statistics === false ? `${item.name} (no statistics)` : item.name,
  ]);
  const fields = [select("Mineral", "mineral", mineralOptions, slug)];
  if (producers) {
    fields.push(
      select("Year", "year", producers.available_years.map((year) => [year, year]), producers.year),
      select("Form", "form", mineral.forms.map((form) => [form.slug, form.name]), producers.form.slug),
    );
  }
  const chart = producers ? producerChart(producers, supply) : null;
  const node = h(
    "article",
    { class: "view mineral", dataset: { mineral: slug } },
    h("h1", {}, mineral.name, mineral.symbol ? h("span", { class: "symbol" }, ` (${mineral.symbol})`) : null),
    h(
      "p",
      { class: "lede" },
      mineral.critical_lists.map((list) => badge(list.name, "list")),
      mineral.uses.length ? h("span", { class: "uses" }, `Uses: ${mineral.uses.join(", ")}.`) : null,
    ),
    pickers("Choose a mineral, year and form", fields, choose),
    h(
      "p",
      { class: "related" },
      viewLink({ feed: "", mineral: slug }, `News about ${mineral.name.toLowerCase()}`),
      " · ",
      viewLink({ importer: "US", mineral: slug }, "United States' exposure"),
    ),
    missing !== null
      ? h("section", { class: "notice", role: "note" }, h("h2", {}, "No statistics"), h("p", { class: "detail" }, missing))
      : [
          keyFigures(producers, supply, names),
          section(
            `Producers, ${producers.year}`,
            chart.figure,
            producerTable(producers, supply),
            concentrationNotes(supply.concentration),
          ),
          reserves(supply.reserves, names),
          flagged(supply),
          sources(supply.sources),
        ],
  );
  return { title: mineral.name, node, mounted: chart?.draw };
}

function flaggedCodes(supply) {
  return new Set(FLAGS.flatMap((flag) => supply[flag].countries.map((item) => item.country.iso2)));
}

function keyFigures(producers, supply, names) {
  const concentration = supply.concentration;
  const total = producers.world_total;
  const upper = concentration.hhi_upper_bound;
  return section(
    "Key figures",
    facts(
      [
        [
          "World production",
          total ? `${figure(total.value_text)} ${producers.unit}${total.estimated ? " (estimated)" : ""}` : UNKNOWN,
          { dataset: { field: "world_total" } },
        ],
        [
          "Concentration (HHI, 0-10,000)",
          [
            h("strong", {}, decimal(concentration.hhi)),
            ` ${hhiBand(concentration.hhi)}`,
            upper !== null && upper !== concentration.hhi ? ` (up to ${decimal(upper)} counting unnamed producers)` : "",
          ],
          { dataset: { field: "hhi", value: concentration.hhi ?? "" } },
        ],
        [
          "Largest producer",
          [share(concentration.top1_share), concentration.top3[0] ? ` ${names.get(concentration.top3[0])}` : ""],
          { dataset: { field: "top1_share", value: concentration.top1_share ?? "" } },
        ],
        [
          "Top 3 producers",
          [share(concentration.top3_share), ` ${concentration.top3.map((code) => names.get(code) ?? code).join(", ")}`],
          { dataset: { field: "top3_share", value: concentration.top3_share ?? "" } },
        ],
        [
          "Supply from flagged countries",
          [
            h("strong", {}, share(supply.flagged_share)),
            ` (export restricted ${share(supply.export_restricted.share)}, disrupted ${share(supply.disrupted.share)})`,
          ],
          { dataset: { field: "flagged_share", value: supply.flagged_share } },
        ],
      ],
      { class: "facts key" },
    ),
  );
}

function producerChart(producers, supply) {
  const flaggedSet = flaggedCodes(supply);
  const bars = producers.producers
    .filter((row) => row.share !== null && row.share > 0)
    .slice(0, CHART_BARS)
    .map((row) => ({
      label: row.country.name,
      value: row.share * 100,
      text: share(row.share),
      flagged: flaggedSet.has(row.country.iso2),
    }));
  return barChart(`Share of world production, ${producers.form.name}, ${producers.year}`, bars);
}

function producerTable(producers, supply) {
  const flags = new Map();
  for (const flag of FLAGS) {
    for (const item of supply[flag].countries) flags.set(item.country.iso2, [...(flags.get(item.country.iso2) ?? []), flag]);
  }
  const rows = producers.producers.map((row) =>
    h(
      "tr",
      { dataset: { iso2: row.country.iso2 } },
      h("td", {}, row.rank ?? "–"),
      h("th", { scope: "row" }, countryLink(row.country)),
      h("td", { class: "num" }, figure(row.value_text), row.estimated ? h("abbr", { title: "estimated" }, " e") : null),
      h("td", { class: "num share", dataset: { value: row.share ?? "" } }, share(row.share)),
      h("td", {}, (flags.get(row.country.iso2) ?? []).map((flag) => badge(words(flag), "flag"))),
    ),
  );
  return table(`Every producer, ${producers.unit}`, ["Rank", "Country", "Production", "Share of world", "Flags"], rows, {
    class: "producers",
  });
}

function concentrationNotes(concentration) {
  if (!concentration.notes.length && !concentration.reason) return null;
  return h(
    "ul",
    { class: "notes" },
    concentration.reason ? h("li", {}, concentration.reason) : null,
    concentration.notes.map((item) => h("li", {}, `${item.label} (${item.value_text}): ${words(item.treatment)}; ${item.reason}.`)),
  );
}

function reserves(reserve, names) {
  if (!reserve.known) return section("Reserves", note(reserve.reason));
  const concentration = reserve.concentration;
  return section(
    `Reserves, ${reserve.year}`,
    facts(
      [
        ["World reserves", `${figure(reserve.world_total?.value_text)} ${reserve.unit ?? ""} (${reserve.form})`, { dataset: { field: "reserves_total" } }],
        ["Concentration (HHI)", `${decimal(concentration?.hhi)} ${hhiBand(concentration?.hhi)}`, { dataset: { field: "reserves_hhi", value: concentration?.hhi ?? "" } }],
        [
          "Top 3 holders",
          `${share(concentration?.top3_share)} ${(concentration?.top3 ?? []).map((code) => names.get(code) ?? code).join(", ")}`,
        ],
      ],
      { class: "facts" },
    ),
    reserve.source ? note("Source: ", externalLink(reserve.source.url, reserve.source.title)) : null,
  );
}

function flagged(supply) {
  return section(
    "Export restrictions and disruptions",
    note("Countries whose status record carries the flag, from news claims; each flag with the sentences behind it."),
    FLAGS.map((flag) => {
      const group = supply[flag];
      return h(
        "div",
        { class: "flag-group", dataset: { flag } },
        h("h3", {}, `${words(flag)[0].toUpperCase()}${words(flag).slice(1)}: `, h("span", { class: "share", dataset: { value: group.share } }, share(group.share)), " of world supply"),
        group.countries.length
          ? h(
              "ul",
              { class: "flagged" },
              group.countries.map((item) =>
                h(
                  "li",
                  { dataset: { iso2: item.country.iso2 } },
                  h("p", {}, countryLink(item.country), `: ${share(item.share)} of world production`, item.rank ? `, rank ${item.rank}` : "", `; as of ${item.as_of ?? UNKNOWN} (${item.reason}).`),
                  item.citations.map(citation),
                ),
              ),
            )
          : note(`No producer is flagged ${words(flag)} in the news Orewatch has read.`),
      );
    }),
  );
}

function sources(list) {
  return section(
    "Sources",
    h(
      "ul",
      { class: "sources" },
      list.map((source) => h("li", {}, externalLink(source.url, source.title), ` — ${source.publisher}, ${source.year}${source.page ? `, p. ${source.page}` : ""}`)),
    ),
  );
}
