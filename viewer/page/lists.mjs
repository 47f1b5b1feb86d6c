// Ranked lists beside the map: priority wards and hotspot areas per layer. Each entry is a
// button (keyboard-usable); choosing one calls onChoose with what it names.
import { el, replaceChildren } from "./dom.mjs";
import { formatCount, formatRate } from "./format.mjs";

export function renderPriorityList(container, doc, onChoose) {
  const byCode = new Map(doc.wards.map((ward) => [ward.code, ward]));
  const wards = (doc.priority_wards ?? []).map((code) => byCode.get(code)).filter(Boolean);
  if (wards.length === 0) {
    replaceChildren(container, el("li", { class: "empty" }, "No priority wards."));
    return;
  }
  replaceChildren(container, wards.map((ward) => {
    const figure = doc.has_population ? `${formatRate(ward.total.rate_per_1000)} per 1,000` :
      `${formatCount(ward.total.count)} incidents`;
    return el("li", {},
      el("button", { type: "button", class: "list-entry", dataset: { wardCode: ward.code },
        onclick: () => onChoose(ward) },
        el("span", { class: "entry-name" }, ward.name),
        el("span", { class: "entry-figure" }, figure)));
  }));
}

// Where an area is, in words: its busiest streets when the analysis names them, else its wards.
export function placeText(properties) {
  const first = (text, count) => String(text ?? "").split(/;\s*|,\s*/).filter(Boolean).slice(0, count).join(", ");
  return first(properties.streets, 2) || first(properties.wards ?? properties.ward_names, 2) || properties.id;
}

// The chosen layer's hotspot areas in rank order ("" for none: a sentence says how to choose).
export function renderHotspotLists(container, features, layers, chosen, onChoose) {
  const layer = (layers ?? []).find((entry) => entry.name === chosen);
  if (!layer) {
    replaceChildren(container, el("p", { class: "empty" }, "Choose a layer under \u201cShow hotspots for\u201d to list its areas."));
    return;
  }
  const group = features.filter((feature) => feature.properties.layer === chosen)
    .sort((a, b) => a.properties.rank - b.properties.rank);
  if (group.length === 0) {
    replaceChildren(container, el("p", { class: "empty" }, `No ${layer.title.toLowerCase()} hotspot areas found.`));
    return;
  }
  replaceChildren(container, el("section", { class: "hotspot-group", dataset: { layer: chosen } },
    el("h3", {}, layer.title),
    el("ol", { class: "ranked-list" }, group.map((feature) => el("li", {},
      el("button", { type: "button", class: "list-entry", dataset: { hotspotId: feature.properties.id },
        onclick: () => onChoose(feature) },
        el("span", { class: "entry-name" }, `${feature.properties.rank}. ${placeText(feature.properties)}`),
        el("span", { class: "entry-figure" }, `${formatCount(feature.properties.incidents)} incidents`)))))));
}

// [west, south, east, north] of a GeoJSON feature: its own bbox member, else from coordinates.
export function featureBbox(feature) {
  if (Array.isArray(feature.bbox) && feature.bbox.length >= 4) return feature.bbox.slice(0, 4);
  const bbox = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (coordinates) => {
    if (typeof coordinates[0] === "number") {
      bbox[0] = Math.min(bbox[0], coordinates[0]);
      bbox[1] = Math.min(bbox[1], coordinates[1]);
      bbox[2] = Math.max(bbox[2], coordinates[0]);
      bbox[3] = Math.max(bbox[3], coordinates[1]);
    } else {
      coordinates.forEach(visit);
    }
  };
  visit(feature.geometry.coordinates);
  return bbox;
}
