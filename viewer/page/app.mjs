// The viewer's entry point: loads the analysis (served, or from disk through data.js), draws the
// map one question at a time (one layer's hotspot areas over its density), and wires the
// controls, lists and panels. Bundled with MapLibre GL JS into vendor/hotspot-viewer.js.
import * as maplibregl from "maplibre-gl";
import { PMTiles, Protocol } from "pmtiles";
import { baseStyle } from "./basemap.mjs";
import { COUNT_COLOURS, RATE_COLOURS, coloursFor, layerHue, quantileBreaks, wardColourExpression } from "./classes.mjs";
import { labelFeatures, loadAnalysis, wardFeatures } from "./data.mjs";
import { el, replaceChildren } from "./dom.mjs";
import { composeMapPng, downloadDataUrl, preparePrinting } from "./export.mjs";
import { formatMonth } from "./format.mjs";
import { hotspotBadges, wardLabels } from "./labels.mjs";
import { legendEntries, renderLegend } from "./legend.mjs";
import { featureBbox, renderHotspotLists, renderPriorityList } from "./lists.mjs";
import { addAnalysisLayers, filterIncidents, highlight, setChoropleth, showLayer } from "./map_layers.mjs";
import { loadLayerValues, measuresFor } from "./measures.mjs";
import { hotspotPanel, wardPanel } from "./panels.mjs";

const byId = (id) => document.getElementById(id);
const state = { layerName: "", measure: null, breaks: [], colours: [] };

function setStatus(text) {
  byId("status").textContent = text;
}

function addNotice(text) {
  if (text) byId("notices").append(el("p", { class: "notice" }, text));
}

function areaBounds(doc) {
  const boxes = doc.wards.map((ward) => ward.bbox).filter((bbox) => Array.isArray(bbox));
  if (boxes.length === 0) return [[-8, 49.8], [2, 61]];  // Great Britain
  return [[Math.min(...boxes.map((b) => b[0])), Math.min(...boxes.map((b) => b[1]))],
    [Math.max(...boxes.map((b) => b[2])), Math.max(...boxes.map((b) => b[3]))]];
}

function periodText(doc) {
  return doc.period ? `${formatMonth(doc.period.from)} to ${formatMonth(doc.period.to)}` : "";
}

function currentLayer(analysis) {
  const index = (analysis.doc.layers ?? []).findIndex((layer) => layer.name === state.layerName);
  if (index < 0) return null;
  return { ...analysis.doc.layers[index], hue: layerHue(index) };
}

function refreshLegend(analysis) {
  const layer = currentLayer(analysis);
  state.legend = legendEntries({
    layer, period: periodText(analysis.doc), measure: state.measure, breaks: state.breaks, colours: state.colours,
    density: analysis.densityImages.find((image) => image.layer === state.layerName) ?? null,
  });
  renderLegend(byId("legend"), state.legend);
}

function refreshMap(map, analysis) {
  showLayer(map, state.layerName, analysis.densityImages, Boolean(state.measure));
  // Incident points of the chosen layer's categories (all incidents when no layer is chosen).
  filterIncidents(map, currentLayer(analysis)?.categories ?? null, byId("show-incidents").checked);
  renderHotspotLists(byId("hotspot-lists"), analysis.hotspots?.features ?? [], analysis.doc.layers, state.layerName,
    (feature) => {
      selectHotspot(map, feature.properties);
      flyTo(map, featureBbox(feature));
    });
  refreshLegend(analysis);
}

async function applyMeasure(map, analysis, measure) {
  state.measure = measure;
  if (!measure) {
    state.breaks = [];
    state.colours = [];
    setChoropleth(map, null);
  } else {
    // Each ward's value with its code: the tiles hold only the codes (see wardColourExpression).
    let codes, values;
    if (measure.valueOf) {
      codes = analysis.doc.wards.map((ward) => ward.code);
      values = analysis.doc.wards.map(measure.valueOf);
    } else {
      const features = await wardFeatures(analysis);
      codes = features.map((feature) => feature.properties?.ward_code);
      values = await loadLayerValues(measure, async () => features);
    }
    state.breaks = quantileBreaks(values.filter((value) => value !== null));
    state.colours = coloursFor(state.breaks, measure.useRate ? RATE_COLOURS : COUNT_COLOURS);
    setChoropleth(map, wardColourExpression(codes, values, state.breaks, state.colours));
  }
  refreshMap(map, analysis);
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

// "Show hotspots for": one layer (or none) at a time; "Shade wards by": off by default.
function buildControls(map, analysis, measures) {
  const layers = analysis.doc.layers ?? [];
  const choice = byId("layer-choice");
  const radio = (value, title, hue) => {
    const input = el("input", { type: "radio", name: "layer", value, id: `layer-${value || "none"}`,
      checked: value === state.layerName });
    input.addEventListener("change", () => {
      state.layerName = value;
      refreshMap(map, analysis);
    });
    const swatch = el("span", { class: "swatch hotspot", "aria-hidden": "true" });
    if (hue) swatch.style.setProperty("--swatch", hue);
    return el("label", { for: input.id }, input, hue ? swatch : null, ` ${title}`);
  };
  choice.append(...layers.map((layer, index) => radio(layer.name, layer.title, layerHue(index))), radio("", "None"));

  const select = byId("measure");
  const groups = new Map();
  for (const measure of measures) {
    if (!groups.has(measure.group)) groups.set(measure.group, el("optgroup", { label: measure.group }));
    groups.get(measure.group).append(el("option", { value: measure.id }, measure.title));
  }
  replaceChildren(select, [...groups.values()]);
  const shade = byId("shade-wards");
  const update = () => {
    select.disabled = !shade.checked;
    const measure = shade.checked ? measures.find((entry) => entry.id === select.value) : null;
    applyMeasure(map, analysis, measure).catch(reportError);
  };
  shade.addEventListener("change", update);
  select.addEventListener("change", update);
  byId("show-incidents").addEventListener("change", () => refreshMap(map, analysis));
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

// The MapLibre worker: its file when served; from disk, the inlined copy as a data: URL
// (workers cannot be loaded from file:// URLs).
function setWorker(analysis) {
  const url = analysis.mode === "file" ?
    `data:text/javascript;charset=utf-8,${encodeURIComponent(window.HOTSPOT_MAPLIBRE_WORKER)}` :
    new URL("vendor/maplibre-gl-worker.mjs", window.location.href).href;
  maplibregl.setWorkerUrl(url);
}

async function tileLayers(analysis, protocol) {
  if (!analysis.tilesUrl) return new Set();
  const archive = new PMTiles(analysis.tilesUrl);
  protocol.add(archive);
  const metadata = await archive.getMetadata().catch(() => null);
  if (!metadata) analysis.tilesUrl = null;  // analyse --no-tiles: the GeoJSON files instead
  return new Set((metadata?.vector_layers ?? []).map((layer) => layer.id));
}

async function main() {
  setStatus("Loading…");
  const analysis = await loadAnalysis();
  const { doc, config } = analysis;
  const title = config?.title || doc.title || "Hotspot";
  const subtitle = periodText(doc) ? `Incidents ${periodText(doc)}` : "";
  document.title = `${title} – Hotspot`;
  byId("title").textContent = title;
  byId("period").textContent = subtitle;
  state.layerName = doc.layers?.[0]?.name ?? "";

  setWorker(analysis);
  const protocol = new Protocol();
  maplibregl.addProtocol("pmtiles", protocol.tile);
  const layersInTiles = await tileLayers(analysis, protocol);
  if (!analysis.tilesUrl && analysis.mode === "server") {
    analysis.wards = null;
    await wardFeatures(analysis);
  }
  if (analysis.mode === "file") {
    addNotice("Opened from disk: the map shows wards, hotspot areas, labels and density. Incident points at " +
      "street level need the server: run hotspot serve on this folder and open the address it prints.");
    const inline = analysis.streetLabelsInline;
    if (inline) {
      addNotice(`Street names: the busiest ${inline.kept.toLocaleString("en-GB")} of ` +
        `${inline.of.toLocaleString("en-GB")} are shown from disk; hotspot serve shows them all.`);
    }
  }
  let labels = await labelFeatures(analysis, layersInTiles);
  const hasWardLabels = layersInTiles.has("labels") || (labels?.features ?? []).some((f) => f.properties.kind === "ward");
  if (!hasWardLabels) {
    const extra = wardLabels(await wardFeatures(analysis));
    labels = { type: "FeatureCollection", features: [...(labels?.features ?? []), ...extra.features] };
  }
  const { style, message } = await baseStyle(analysis, protocol);
  addNotice(message);

  const map = new maplibregl.Map({
    container: "map",
    style,
    bounds: areaBounds(doc),
    fitBoundsOptions: { padding: 24 },
    canvasContextAttributes: { preserveDrawingBuffer: true },
    // Labels and badges appear at once: a meeting switches layers and reads the map straight away
    // (and what queryRenderedFeatures reports is then what is on the screen).
    fadeDuration: 0,
  });
  state.map = map;
  window.hotspotViewer = { map, doc, analysis, ready: false };  // for the browser tests and for debugging
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), "top-right");
  map.addControl(new maplibregl.ScaleControl({ unit: "metric", maxWidth: 140 }), "bottom-left");
  map.on("error", (event) => reportError(event.error ?? event));
  await map.once("load");

  const hues = new Map((doc.layers ?? []).map((layer, index) => [layer.name, layerHue(index)]));
  addAnalysisLayers(map, {
    tilesUrl: analysis.tilesUrl, tileLayers: layersInTiles, wards: analysis.wards, hotspots: analysis.hotspots,
    badges: hotspotBadges(analysis.hotspots), labels, densityImages: analysis.densityImages,
    hasIncidents: layersInTiles.has("incidents"),
  }, hues);
  const measures = measuresFor(doc);
  buildControls(map, analysis, measures);
  await applyMeasure(map, analysis, null);
  wireMapClicks(map, doc);
  wireExport(map, title, subtitle);
  renderPriorityList(byId("priority-list"), doc, (ward) => {
    selectWard(map, doc, ward);
    flyTo(map, ward.bbox);
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
