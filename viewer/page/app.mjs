// The viewer's entry point: loads the analysis outputs next to this page (wards.json,
// hotspots.geojson, tiles.pmtiles, optional config.json), draws the map and wires the controls.
import * as maplibregl from "./vendor/maplibre-gl.mjs";
import { PMTiles, Protocol } from "./vendor/pmtiles.mjs";
import { COUNT_COLOURS, RATE_COLOURS, coloursFor, quantileBreaks, stepExpression } from "./classes.mjs";
import { el, replaceChildren } from "./dom.mjs";
import { composeMapPng, downloadDataUrl, preparePrinting } from "./export.mjs";
import { formatMonth } from "./format.mjs";
import { legendEntries, renderLegend } from "./legend.mjs";
import { featureBbox, renderHotspotLists, renderPriorityList } from "./lists.mjs";
import {
  OFFLINE_STYLE, addHotspotLayers, filterHotspotLayers, filterIncidents, highlight,
} from "./map_layers.mjs";
import { loadLayerValues, measuresFor } from "./measures.mjs";
import { hotspotPanel, wardPanel } from "./panels.mjs";

const byId = (id) => document.getElementById(id);
const state = { legend: null, wardFeatures: null };

async function fetchJson(url, optional = false) {
  const response = await fetch(url, { cache: "no-cache" });
  if (!response.ok) {
    if (optional) return null;
    throw new Error(`could not load ${url} (HTTP ${response.status}); is this the --out folder of hotspot analyse?`);
  }
  return response.json();
}

function setStatus(text) {
  byId("status").textContent = text;
}

function areaBounds(doc) {
  const boxes = doc.wards.map((ward) => ward.bbox).filter((bbox) => Array.isArray(bbox));
  if (boxes.length === 0) return [[-8, 49.8], [2, 61]];  // Great Britain
  return [[Math.min(...boxes.map((b) => b[0])), Math.min(...boxes.map((b) => b[1]))],
    [Math.max(...boxes.map((b) => b[2])), Math.max(...boxes.map((b) => b[3]))]];
}

function periodText(doc) {
  const period = doc.period ? `${formatMonth(doc.period.from)} to ${formatMonth(doc.period.to)}` : "";
  return period ? `Incidents ${period}` : "";
}

async function applyMeasure(map, doc, measure) {
  let values;
  if (measure.valueOf) {
    values = doc.wards.map(measure.valueOf);
  } else {
    state.wardFeatures ??= fetchJson("wards.geojson").then((collection) => collection.features);
    values = await loadLayerValues(measure, () => state.wardFeatures);
  }
  const breaks = quantileBreaks(values.filter((value) => value !== null));
  const colours = coloursFor(breaks, measure.useRate ? RATE_COLOURS : COUNT_COLOURS);
  map.setPaintProperty("wards-fill", "fill-color",
    stepExpression(["get", measure.property], breaks, colours));
  state.legend = legendEntries(measure, breaks, colours, state.classLabels);
  renderLegend(byId("legend"), state.legend);
  filterIncidents(map, measure.categories, byId("show-incidents").checked);
}

function showDetails(content) {
  replaceChildren(byId("details-body"), content);
  const details = byId("details");
  details.hidden = false;
  details.scrollTop = 0;
  state.map?.resize();
}

function closeDetails(map) {
  byId("details").hidden = true;
  map.resize();
  highlight(map, null, null);
}

function selectWard(map, doc, ward) {
  highlight(map, ward.code, null);
  showDetails(wardPanel(ward, doc));
}

function selectHotspot(map, properties) {
  highlight(map, null, properties.id);
  showDetails(hotspotPanel(properties));
}

function flyTo(map, bbox) {
  map.fitBounds([[bbox[0], bbox[1]], [bbox[2], bbox[3]]], { padding: 60, maxZoom: 15, duration: 900 });
}

function buildControls(map, doc, measures, hotspotLayers) {
  const select = byId("measure");
  const groups = new Map();
  for (const measure of measures) {
    if (!groups.has(measure.group)) groups.set(measure.group, el("optgroup", { label: measure.group }));
    groups.get(measure.group).append(el("option", { value: measure.id }, measure.title));
  }
  replaceChildren(select, [...groups.values()]);
  select.addEventListener("change", () => {
    applyMeasure(map, doc, measures.find((measure) => measure.id === select.value)).catch(reportError);
  });

  const enabled = new Set(hotspotLayers.map((layer) => layer.name));
  // One density surface at a time: several stacked hide each other and the ward shading.
  const densitySelect = byId("density-layer");
  replaceChildren(densitySelect, el("option", { value: "" }, "None"),
    hotspotLayers.map((layer) => el("option", { value: layer.name }, layer.title)));
  densitySelect.value = hotspotLayers[0]?.name ?? "";
  const refresh = () => filterHotspotLayers(map, enabled, densitySelect.value);
  const fieldset = byId("hotspot-layers");
  for (const layer of hotspotLayers) {
    const box = el("input", { type: "checkbox", checked: true, value: layer.name, id: `layer-${layer.name}` });
    box.addEventListener("change", () => {
      if (box.checked) enabled.add(layer.name);
      else enabled.delete(layer.name);
      refresh();
    });
    fieldset.append(el("label", { for: `layer-${layer.name}` }, box, ` ${layer.title}`));
  }
  densitySelect.addEventListener("change", refresh);
  byId("show-incidents").addEventListener("change", () => {
    const measure = measures.find((entry) => entry.id === select.value);
    filterIncidents(map, measure.categories, byId("show-incidents").checked);
  });
  refresh();
}

// Every ward by name, so any ward's profile is reachable from the keyboard.
function buildWardPicker(map, doc) {
  const picker = byId("ward-picker");
  const wards = [...doc.wards].sort((a, b) => a.name.localeCompare(b.name, "en-GB"));
  replaceChildren(picker, el("option", { value: "" }, "Choose a ward…"),
    wards.map((ward) => el("option", { value: ward.code }, `${ward.name} (${ward.code})`)));
  picker.addEventListener("change", () => {
    const ward = doc.wards.find((entry) => entry.code === picker.value);
    if (!ward) return;
    selectWard(map, doc, ward);
    flyTo(map, ward.bbox);
  });
}

function wireMapClicks(map, doc) {
  const wardsByCode = new Map(doc.wards.map((ward) => [ward.code, ward]));
  map.on("click", (event) => {
    const hit = map.queryRenderedFeatures(event.point, { layers: ["hotspots-fill", "wards-fill"] });
    const hotspot = hit.find((feature) => feature.layer.id === "hotspots-fill");
    const ward = hit.find((feature) => feature.layer.id === "wards-fill");
    if (hotspot) selectHotspot(map, hotspot.properties);
    else if (ward && wardsByCode.has(ward.properties.ward_code)) selectWard(map, doc, wardsByCode.get(ward.properties.ward_code));
    else closeDetails(map);
  });
  for (const layer of ["hotspots-fill", "wards-fill"]) {
    map.on("mouseenter", layer, () => { map.getCanvas().style.cursor = "pointer"; });
    map.on("mouseleave", layer, () => { map.getCanvas().style.cursor = ""; });
  }
}

function wireExport(map, title, subtitle) {
  preparePrinting(map, byId("print-image"));
  byId("print-button").addEventListener("click", () => window.print());
  byId("png-button").addEventListener("click", () => {
    const fileName = `${title.replace(/[^A-Za-z0-9-]+/g, "-").replace(/^-|-$/g, "") || "hotspot"}-map.png`;
    downloadDataUrl(composeMapPng(map, title, subtitle, state.legend), fileName);
  });
}

function reportError(error) {
  console.error(error);
  setStatus(`Something went wrong: ${error.message ?? error}`);
}

async function main() {
  setStatus("Loading…");
  const [config, doc, hotspots] = await Promise.all([
    fetchJson("config.json", true), fetchJson("wards.json"), fetchJson("hotspots.geojson", true)]);
  const title = config?.title || doc.title || "Hotspot";
  const subtitle = periodText(doc);
  document.title = `${title} – Hotspot`;
  byId("title").textContent = title;
  byId("period").textContent = subtitle;

  const protocol = new Protocol();
  maplibregl.addProtocol("pmtiles", protocol.tile);
  const tilesUrl = new URL("tiles.pmtiles", window.location.href).href;
  const archive = new PMTiles(tilesUrl);
  protocol.add(archive);
  const metadata = await archive.getMetadata().catch(() => null);
  const hasIncidents = (metadata?.vector_layers ?? []).some((layer) => layer.id === "incidents");
  const mapData = metadata ? { tilesUrl } : {
    geojson: {
      wards: await fetchJson("wards.geojson"), hotspots, density: await fetchJson("density.geojson", true),
    },
  };

  const map = new maplibregl.Map({
    container: "map",
    style: config?.basemap_style_url || OFFLINE_STYLE,
    bounds: areaBounds(doc),
    fitBoundsOptions: { padding: 24 },
    canvasContextAttributes: { preserveDrawingBuffer: true },
  });
  state.map = map;
  window.hotspotViewer = { map, doc, ready: false };  // for the browser tests and for debugging
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), "top-right");
  map.addControl(new maplibregl.ScaleControl({ unit: "metric" }), "bottom-left");
  map.on("error", (event) => reportError(event.error ?? event));
  await map.once("load");

  addHotspotLayers(map, mapData, hasIncidents);
  const measures = measuresFor(doc);
  const features = hotspots?.features ?? [];
  state.classLabels = new Map(features.filter((feature) => feature.properties.class_label)
    .map((feature) => [Number(feature.properties.class), feature.properties.class_label]));
  buildControls(map, doc, measures, doc.layers ?? []);
  await applyMeasure(map, doc, measures[0]);
  wireMapClicks(map, doc);
  wireExport(map, title, subtitle);
  // The panel opens first so the flight frames the area in the map's final size.
  renderPriorityList(byId("priority-list"), doc, (ward) => {
    selectWard(map, doc, ward);
    flyTo(map, ward.bbox);
  });
  renderHotspotLists(byId("hotspot-lists"), features, doc.layers, (feature) => {
    selectHotspot(map, feature.properties);
    flyTo(map, featureBbox(feature));
  });
  buildWardPicker(map, doc);
  byId("close-details").addEventListener("click", () => closeDetails(map));
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") closeDetails(map);
  });
  await map.once("idle");
  setStatus("");
  window.hotspotViewer.ready = true;
  document.body.dataset.ready = "true";
}

main().catch(reportError);
