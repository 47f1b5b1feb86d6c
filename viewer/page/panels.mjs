// The details panels: a ward's profile and a hotspot area's summary. Everything from the data
// goes in as text nodes (dom.mjs), never as HTML.
import { el } from "./dom.mjs";
import { crimeMixChart, hourWeekdayGrid, monthlyTrendChart } from "./charts.mjs";
import {
  COMPARISON_TEXT, formatChange, formatCount, formatPercent, formatRate, formatRatio,
} from "./format.mjs";

// "Above the area: 1.32× the area's rate (95% interval 1.10–1.58)"
function comparisonText(stats) {
  const headline = COMPARISON_TEXT[stats.comparison] ?? COMPARISON_TEXT.unknown;
  if (stats.rate_ratio === null || stats.rate_ratio === undefined) return headline;
  return `${headline}: ${formatRatio(stats.rate_ratio)}× the area's rate ` +
    `(95% interval ${formatRatio(stats.ratio_low)}–${formatRatio(stats.ratio_high)})`;
}

function changeText(stats, previousPeriod) {
  const change = formatChange(stats.change_percent);
  if (stats.previous_count === null || stats.previous_count === undefined || !previousPeriod) {
    return "No previous period to compare with";
  }
  const from = `from ${formatCount(stats.previous_count)} in the previous period`;
  return change ? `${change} ${from}` : `Change not computable ${from}`;
}

function definitionList(pairs) {
  return el("dl", { class: "facts" }, pairs.filter(Boolean).map(([term, value, key]) =>
    [el("dt", {}, term), el("dd", { dataset: key ? { field: key } : undefined }, value)]));
}

function categoryTable(ward, doc) {
  const rows = doc.categories
    .filter((category) => ward.categories[category.slug])
    .map((category) => {
      const stats = ward.categories[category.slug];
      return el("tr", { dataset: { category: category.slug } },
        el("th", { scope: "row" }, category.title),
        el("td", { class: "count" }, formatCount(stats.count)),
        doc.has_population ? el("td", { class: "rate" }, formatRate(stats.rate_per_1000)) : null,
        doc.has_population ? el("td", { class: `comparison ${stats.comparison}`, title: comparisonText(stats) },
          stats.comparison === "unknown" ? "–" : stats.comparison) : null,
        el("td", { class: "change" }, formatChange(stats.change_percent) ?? "–"));
    });
  return el("table", { class: "categories" },
    el("caption", {}, doc.has_population ? "Incidents and rate per 1,000 residents by category" :
      "Incidents by category"),
    el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "Category"), el("th", { scope: "col" }, "Count"),
      doc.has_population ? el("th", { scope: "col" }, "Rate") : null,
      doc.has_population ? el("th", { scope: "col" }, "vs area") : null,
      el("th", { scope: "col" }, "Change"))),
    el("tbody", {}, rows));
}

export function wardPanel(ward, doc) {
  const total = ward.total;
  const population = ward.population === null || ward.population === undefined ? "not known" :
    formatCount(ward.population);
  const timed = ward.hour_by_weekday ?
    hourWeekdayGrid(ward.hour_by_weekday, `When incidents happen in ${ward.name}`) :
    el("p", { class: "note" }, "Times of day are not known for these records (month only).");
  return el("article", { class: "panel ward-panel", dataset: { wardCode: ward.code } },
    el("h2", { class: "panel-title" }, ward.name),
    el("p", { class: "subtitle" }, ward.code,
      ward.priority ? el("span", { class: "badge priority" }, `Priority ward ${ward.priority_rank}`) : null),
    definitionList([
      ["Population", population, "population"],
      ["Incidents", formatCount(total.count), "total"],
      doc.has_population ? ["Rate per 1,000", formatRate(total.rate_per_1000), "total_rate"] : null,
      ["Compared with the area", comparisonText(total), "comparison"],
      ["Change", changeText(total, doc.previous_period), "change"],
    ]),
    categoryTable(ward, doc),
    el("h3", {}, "Monthly trend"),
    monthlyTrendChart(doc.months, ward.monthly, `Incidents per month in ${ward.name}`),
    el("h3", {}, "Crime mix"),
    crimeMixChart(ward.mix, doc.categories),
    el("h3", {}, "Hour of day × weekday"),
    timed,
    ward.hour_by_weekday && ward.timed_count < total.count ?
      el("p", { class: "note" }, `${formatCount(ward.timed_count)} of ${formatCount(total.count)} incidents have a time of day.`) :
      null);
}

function parseHourGrid(text) {
  if (!text) return null;
  try {
    const grid = JSON.parse(text);
    return Array.isArray(grid) && grid.length === 7 ? grid : null;
  } catch {
    return null;
  }
}

function significanceText(properties) {
  const confidence = Number(properties.gi_confidence ?? 0);
  const significant = properties.significant === true || properties.significant === 1 || properties.significant === "true";
  if (significant && confidence > 0) return `Significant (Gi* ${confidence}% confidence)`;
  if (significant) return "Significant";
  return "Not statistically significant";
}

export function hotspotPanel(properties) {
  const grid = parseHourGrid(properties.hour_by_weekday);
  const hasTrend = properties.trend_last28 !== undefined && properties.trend_previous28 !== undefined;
  const wards = properties.wards ?? properties.ward_names;
  const title = `${properties.layer_title ?? properties.layer} hotspot ${properties.rank}`;
  return el("article", { class: "panel hotspot-panel", dataset: { hotspotId: properties.id } },
    el("h2", { class: "panel-title" }, title),
    properties.class_label ? el("p", { class: "subtitle" }, properties.class_label) : null,
    definitionList([
      ["Rank in layer", formatCount(properties.rank), "rank"],
      ["Incidents", `${formatCount(properties.incidents)} (${formatPercent(properties.share)} of the layer)`, "incidents"],
      properties.streets ? ["Streets", properties.streets, "streets"] : null,
      ["Wards", wards || "–", "wards"],
      properties.when ? ["When", properties.when, "when"] : null,
      properties.change ? ["Change", properties.change, "change"] : null,
      ["Area", `${formatRatio(properties.area_km2)} km²`, "area_km2"],
      ["Predictive accuracy index (PAI)", formatRatio(properties.pai), "pai"],
      properties.peak_density !== undefined ? ["Peak density", `${formatCount(properties.peak_density)} per km²`, "peak_density"] : null,
      ["Significance", significanceText(properties), "significant"],
      hasTrend ? ["Last 28 days", `${formatCount(properties.trend_last28)} (previous 28 days: ${formatCount(properties.trend_previous28)})`, "trend"] : null,
    ]),
    grid ? [el("h3", {}, "When incidents happen"), hourWeekdayGrid(grid, `When incidents happen in ${title}`)] :
      (properties.when ? null : el("p", { class: "note" }, "Times of day are not known for these records (month only).")),
    properties.hours_note ? el("p", { class: "note" }, properties.hours_note) : null);
}
