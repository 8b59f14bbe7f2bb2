// The overview: every mineral (GET /v1/minerals), pickers for a country and an importer,
// and the latest citations (GET /v1/citations?limit=5).

import { getJson, once } from "./api.js";
import { h, mineralLink, note, pickers, section, select, viewLink } from "./dom.js";
import { feedItem } from "./feed.js";

export async function homeView(_params, { signal, navigate }) {
  const [minerals, countries, latest] = await Promise.all([
    once("v1/minerals"),
    once("v1/countries"),
    getJson("v1/citations", { limit: 5 }, { signal }),
  ]);
  // Minerals without a USGS table are listed apart: news can still name them.
  const withStatistics = minerals.filter((item) => item.has_statistics !== false);
  const newsOnly = minerals.filter((item) => item.has_statistics === false);
  const countryOptions = countries.map((item) => [item.iso2, item.name]);
  const node = h(
    "article",
    { class: "view home" },
    h("h1", {}, "Critical minerals: who produces, who restricts, who depends"),
    h(
      "p",
      { class: "lede" },
      "Producers and their shares, supply concentration, export restrictions and disruptions with the news that reported them, and how exposed an importer is. Start with ",
      viewLink({ mineral: "gallium" }, "gallium"),
      ", ",
      viewLink({ country: "CN" }, "China"),
      " or ",
      viewLink({ importer: "US" }, "the United States as an importer"),
      ".",
    ),
    h(
      "div",
      { class: "cards" },
      section(
        "Minerals",
        h("ul", { class: "mineral-list" }, withStatistics.map((item) => h("li", {}, mineralLink(item)))),
        newsOnly.length
          ? [h("h3", {}, "Without statistics (news only)"), h("ul", { class: "mineral-list muted" }, newsOnly.map((item) => h("li", {}, mineralLink(item))))]
          : null,
      ),
      section(
        "Countries",
        pickers("Choose a country", [select("Country", "country", countryOptions, "CN")], (values) => navigate({ country: values.country })),
        note("Production, reserves and import reliance per mineral, and each status record with its evidence and history."),
      ),
      section(
        "Importers",
        pickers("Choose an importer", [select("Importer", "importer", countryOptions, "US")], (values) => navigate({ importer: values.importer })),
        note("A 0-100 exposure score per mineral, with every component and input."),
      ),
      h(
        "div",
        { class: "wide" },
        section(
        "Latest news",
        latest.items.length
          ? h("ol", { class: "feed" }, latest.items.map((item) => feedItem(item)))
          : note("No citations yet: articles ingested with POST /v1/articles show up here."),
        h("p", {}, viewLink({ feed: "" }, "The whole feed")),
        ),
      ),
    ),
  );
  return { title: "Overview", node };
}
