// Type-checked against the types openapi-typescript generates from the Orewatch document
// (tests/sdk/test_sdk.py writes them next to a copy of this file as orewatch.d.ts, then runs
// `tsc --strict --noEmit`). A field renamed or retyped in the API breaks this file.
import createClient from "openapi-fetch";
import type { components, operations, paths } from "./orewatch";

type Country = components["schemas"]["CountrySummary"];
type Problem = components["schemas"]["Problem"];
type Exposure = components["schemas"]["ImporterExposure"];
type ArticleCreate = components["schemas"]["ArticleCreate"];
type Producers = components["schemas"]["ProducersReport"];
type MineralItem = components["schemas"]["MineralListItem"];
type ExposureQuery = NonNullable<operations["exposure_get"]["parameters"]["query"]>;
type CountriesOk =
  paths["/v1/countries"]["get"]["responses"][200]["content"]["application/json"];
type NotFound =
  paths["/v1/minerals/{slug}"]["get"]["responses"][404]["content"]["application/problem+json"];

export function countryLabel(country: Country): string {
  return `${country.name} (${country.iso2}, ${country.region})`;
}

export function describeProblem(problem: Problem | NotFound): string {
  const fields = (problem.errors ?? []).map((e) => `${e.location}.${e.name}: ${e.message}`);
  return [`${problem.status} ${problem.title}: ${problem.detail}`, ...fields].join("\n");
}

export function exposureLine(exposure: Exposure): string {
  const score = exposure.score.value === null ? "unknown" : exposure.score.value.toFixed(1);
  return `${exposure.importer.iso2} x ${exposure.mineral.slug}: score ${score}`;
}

export function producersLine(report: Producers): string {
  // known false: a known mineral (or form) without a production table; `detail` says why.
  if (!report.known) return `${report.mineral.slug}: ${report.detail ?? "no table"}`;
  const world = report.world_total?.value_text ?? "no world row";
  const form = report.form === null ? "no form" : report.form.slug;
  return `${report.mineral.slug} (${form}, ${report.year ?? "?"}): world ${world} ${report.unit ?? ""}`;
}

export function coverageLine(mineral: MineralItem): string {
  if (!mineral.has_statistics) return `${mineral.slug}: ${mineral.statistics_note ?? ""}`;
  const forms = mineral.forms.map((f) => `${f.slug}${f.is_default ? "*" : ""} ${f.available_years.join("/")}`);
  return `${mineral.slug}: ${forms.join(", ")}`;
}

export async function listCountries(base: string): Promise<Country[]> {
  const response = await fetch(`${base}/v1/countries?limit=10`);
  if (!response.ok) throw new Error(describeProblem((await response.json()) as Problem));
  const page = (await response.json()) as CountriesOk;
  const cursor: string | null = page.next_cursor;
  void cursor;
  return page.items;
}

export async function getExposure(base: string, query: ExposureQuery): Promise<Exposure> {
  const params = new URLSearchParams({ importer: query.importer, mineral: query.mineral });
  const response = await fetch(`${base}/v1/exposure?${params.toString()}`);
  return (await response.json()) as Exposure;
}

export const article: ArticleCreate = {
  text: "China restricts exports of gallium.",
  outlet: "Example News",
  published_at: "2025-02-20T00:00:00Z",
};

// openapi-fetch: list operations also declare their text/csv and NDJSON exports, so the
// default `data` type is the union of all three. The second type parameter names the media
// types to type: JSON for answers, problem+json for errors; `data.items` is then the typed
// page and `error` a Problem (the README's "For SDK users" shows the same).
type Json = "application/json" | "application/problem+json";

export function orewatchClient(base: string) {
  return createClient<paths, Json>({ baseUrl: base });
}

export async function latestCitations(base: string, country: string): Promise<string[]> {
  const { data, error } = await orewatchClient(base).GET("/v1/citations", {
    params: { query: { country, limit: 5 } },
  });
  if (error) throw new Error(describeProblem(error));
  const next: string | null = data.next_cursor;
  void next;
  // Every entity is the same small summary everywhere: country.iso2, mineral?.slug, names.
  return data.items.map((c) => `${c.dated_at.slice(0, 10)} ${c.country.iso2} x ${c.mineral?.slug ?? "-"} ${c.status}: ${c.evidence}`);
}

export async function whoRestricts(base: string, slug: string): Promise<string[]> {
  const { data, error } = await orewatchClient(base).GET("/v1/minerals/{slug}/statuses", {
    params: { path: { slug }, query: { flag: "export_restricted" } },
  });
  if (error) throw new Error(describeProblem(error));
  return data.items.map((item) => {
    const evidence = item.latest_evidence;
    // Evidence is a union discriminated on `kind`: a claim carries its article.
    const said = evidence?.kind === "claim" ? ` (${evidence.article?.outlet ?? "?"})` : "";
    return `${item.country.name}${said}`;
  });
}
