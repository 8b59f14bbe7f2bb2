// The news feed: the latest citations (GET /v1/citations), newest first, filtered by
// country, mineral and status, one page at a time with the opaque cursor (next_cursor).

import { getJson, once } from "./api.js";
import { badge, citation, countryLink, h, mineralLink, note, pickers, problemBox, select, words } from "./dom.js";

// The claim statuses (the Citation schema's `status` enum in /openapi.json).
export const STATUSES = [
  "producing",
  "dominant",
  "not_producing",
  "reserves",
  "disrupted",
  "export_restricted",
  "import_dependent",
  "developing",
];
const PAGE = 20;

// A citation embeds its country and mineral summaries: links need no lookup.
export function feedItem(item) {
  const { country, mineral } = item;
  return h(
    "li",
    { dataset: { claim: item.id, status: item.status } },
    h(
      "p",
      { class: "claim-head" },
      badge(words(item.status), item.status === "export_restricted" || item.status === "disrupted" ? "flag" : ""),
      " ",
      countryLink(country),
      mineral ? [" · ", mineralLink(mineral)] : null,
    ),
    citation(item),
  );
}

export async function feedView(params, { signal, navigate }) {
  const filters = { country: params.get("country"), mineral: params.get("mineral"), status: params.get("status") };
  const limit = params.get("limit") || PAGE;
  const [first, countryList, mineralList] = await Promise.all([
    getJson("v1/citations", { ...filters, limit }, { signal }),
    once("v1/countries"),
    once("v1/minerals"),
  ]);
  const list = h("ol", { class: "feed", dataset: { total: first.total } });
  const filtered = Object.values(filters).some(Boolean);
  const empty = filtered ? "No citations match." : "No citations yet: articles ingested with POST /v1/articles show up here.";
  const more = h("div", { class: "more" });
  let cursor = first.next_cursor;
  const show = (page) => {
    list.append(...page.items.map((item) => feedItem(item)));
    list.dataset.shown = String(list.children.length);
    cursor = page.next_cursor;
    more.replaceChildren(cursor ? loadMore() : note(list.children.length ? "End of the feed." : empty));
  };
  const loadMore = () => {
    const button = h("button", { type: "button", class: "load-more", on: { click: () => next(button) } }, "Older citations");
    return button;
  };
  const next = async (button) => {
    button.disabled = true;
    more.setAttribute("aria-busy", "true");
    more.dataset.state = "loading";
    try {
      show(await getJson("v1/citations", { ...filters, limit, cursor }));
      more.dataset.state = "ready";
      list.lastElementChild?.querySelector("a")?.focus();
    } catch (error) {
      more.replaceChildren(problemBox(error, "h2"), loadMore());
      more.dataset.state = "error";
    }
    more.setAttribute("aria-busy", "false");
  };
  const any = [["", "Any"]];
  const node = h(
    "article",
    { class: "view feed-view" },
    h("h1", {}, "News feed"),
    h("p", { class: "lede" }, "Claims Orewatch read in the news, newest first, each with its verbatim sentence and the article it came from."),
    pickers(
      "Filter the citations",
      [
        select("Country", "country", [...any, ...countryList.map((item) => [item.iso2, item.name])], filters.country ?? ""),
        select("Mineral", "mineral", [...any, ...mineralList.map((item) => [item.slug, item.name])], filters.mineral ?? ""),
        select("Status", "status", [...any, ...STATUSES.map((status) => [status, words(status)])], filters.status ?? ""),
      ],
      (values) => navigate({ feed: "", ...values, limit: params.get("limit") ?? "" }),
      "Filter",
    ),
    h("p", { class: "count", role: "status" }, `${first.total} citation${first.total === 1 ? "" : "s"}`),
    list,
    more,
  );
  show(first);
  return { title: "News feed", node };
}
