// The analysis drawn on the base style, one question at a time: the chosen layer's density as a
// smooth heat picture (density/<layer>.png, an `image` source), its hotspot areas as outlines in
// the layer's own hue with their rank in a badge, ward boundaries and (optionally) the ward
// choropleth beneath, incidents at close zoom, and labels on top: street names and ward names.
// Sources are the tile archive when served, or GeoJSON (from disk, or without tiles).
import { FONT_BOLD, FONT_REGULAR } from "./basemap.mjs";

export const HOTSPOT_LAYERS = ["hotspots-fill", "hotspots-casing", "hotspots-outline", "hotspots-badges"];
const PRIORITY = ["any", ["==", ["get", "priority"], true], [">", ["to-number", ["get", "priority_rank"], 0], 0]];
const EMPTY = { type: "FeatureCollection", features: [] };

// ["match", ["get", "layer"], "burglary", "#0072B2", ...]: each feature in its layer's hue.
function hueExpression(hues) {
  const entries = [...hues.entries()];
  return entries.length ? ["match", ["get", "layer"], ...entries.flat(), "#333333"] : "#333333";
}

// A round badge drawn as an SDF image, so each layer can tint it (icon-color).
function addBadgeImage(map) {
  const size = 48;
  const canvas = document.createElement("canvas");
  canvas.width = size;
  canvas.height = size;
  const context = canvas.getContext("2d");
  context.fillStyle = "#000";
  context.beginPath();
  context.arc(size / 2, size / 2, size / 2 - 6, 0, 2 * Math.PI);
  context.fill();
  map.addImage("hotspot-badge", context.getImageData(0, 0, size, size), { sdf: true, pixelRatio: 1.6 });
}

// data: {tilesUrl, tileLayers: Set, wards, hotspots, badges, labels, densityImages, hasIncidents}
export function addAnalysisLayers(map, data, hues) {
  const fromTiles = (layer) => Boolean(data.tilesUrl) && data.tileLayers.has(layer);
  if (data.tilesUrl) map.addSource("analysis", { type: "vector", url: `pmtiles://${data.tilesUrl}` });
  const sourceOf = (layer, geojson) => {
    if (fromTiles(layer)) return { source: "analysis", "source-layer": layer };
    map.addSource(`analysis-${layer}`, { type: "geojson", data: geojson ?? EMPTY });
    return { source: `analysis-${layer}` };
  };
  const wards = sourceOf("wards", data.wards);
  const hotspots = sourceOf("hotspots", data.hotspots);
  const labels = sourceOf("labels", data.labels);
  map.addSource("hotspot-badges", { type: "geojson", data: data.badges });
  // Basemap labels (town names) stay above the analysis's fills and lines.
  const beforeLabels = map.getStyle().layers.find((layer) => layer.type === "symbol")?.id;
  const add = (layer) => map.addLayer(layer, beforeLabels);

  // Transparent unless the choropleth is on: it also makes wards clickable.
  add({ id: "wards-fill", type: "fill", ...wards, paint: { "fill-color": "#d9d9d9", "fill-opacity": 0 } });
  for (const image of data.densityImages) {
    map.addSource(`density-${image.layer}`, { type: "image", url: image.url, coordinates: image.coordinates });
    add({ id: `density-${image.layer}`, type: "raster", source: `density-${image.layer}`,
      layout: { visibility: "none" },
      // Fainter at street level, where the streets and their names matter more than the shading.
      paint: { "raster-opacity": ["interpolate", ["linear"], ["zoom"], 10, 0.9, 13, 0.65, 16, 0.45],
        "raster-resampling": "linear", "raster-fade-duration": 0 } });
  }
  add({ id: "wards-outline", type: "line", ...wards,
    paint: { "line-color": "#6b6b6b", "line-width": ["interpolate", ["linear"], ["zoom"], 8, 0.5, 14, 1.5] } });
  add({ id: "wards-priority", type: "line", ...wards, filter: PRIORITY,
    paint: { "line-color": "#111111", "line-width": ["interpolate", ["linear"], ["zoom"], 8, 1.6, 14, 3.5],
      "line-dasharray": [3, 1.5] } });
  const hue = hueExpression(hues);
  add({ id: "hotspots-fill", type: "fill", ...hotspots, paint: { "fill-color": hue, "fill-opacity": 0.1 } });
  add({ id: "hotspots-casing", type: "line", ...hotspots, layout: { "line-join": "round" },
    paint: { "line-color": "#ffffff", "line-width": ["interpolate", ["linear"], ["zoom"], 8, 3, 15, 6.5], "line-opacity": 0.9 } });
  add({ id: "hotspots-outline", type: "line", ...hotspots, layout: { "line-join": "round" },
    paint: { "line-color": hue, "line-width": ["interpolate", ["linear"], ["zoom"], 8, 1.5, 15, 3.5] } });
  if (data.hasIncidents) {
    add({ id: "incidents", type: "circle", source: "analysis", "source-layer": "incidents", minzoom: 14,
      paint: { "circle-radius": ["interpolate", ["linear"], ["zoom"], 14, 2.5, 17, 5], "circle-color": "#252525",
        "circle-stroke-color": "#ffffff", "circle-stroke-width": 1 } });
  }
  add({ id: "wards-selected", type: "line", ...wards, filter: ["==", ["get", "ward_code"], ""],
    paint: { "line-color": "#00a5c8", "line-width": 4 } });
  add({ id: "hotspots-selected", type: "line", ...hotspots, filter: ["==", ["get", "id"], ""],
    paint: { "line-color": "#00a5c8", "line-width": 4 } });

  // Labels on top: the busiest streets win where labels would collide. The tiles carry street
  // names from zoom 13 and incidents from zoom 14 only (engine/analyse/stages.cpp): keep in step.
  map.addLayer({ id: "labels-streets", type: "symbol", ...labels, minzoom: 13,
    filter: ["==", ["get", "kind"], "street"],
    layout: { "text-field": ["get", "name"], "text-font": FONT_REGULAR, "text-size": ["interpolate", ["linear"], ["zoom"], 13, 11.5, 17, 14.5],
      "symbol-sort-key": ["-", 0, ["to-number", ["get", "weight"], 0]], "text-max-width": 9, "text-padding": 3 },
    paint: { "text-color": "#2b2b2b", "text-halo-color": "#ffffff", "text-halo-width": 1.6 } });
  map.addLayer({ id: "labels-wards", type: "symbol", ...labels, minzoom: 9,
    filter: ["==", ["get", "kind"], "ward"],
    layout: { "text-field": ["get", "name"], "text-font": FONT_BOLD, "text-transform": "uppercase",
      "text-letter-spacing": 0.06, "text-size": ["interpolate", ["linear"], ["zoom"], 9, 9.5, 14, 13], "text-max-width": 7,
      "symbol-sort-key": ["-", 0, ["to-number", ["get", "weight"], 0]] },
    paint: { "text-color": "#4a4a4a", "text-halo-color": "rgba(255,255,255,0.9)", "text-halo-width": 1.6 } });
  addBadgeImage(map);
  map.addLayer({ id: "hotspots-badges", type: "symbol", source: "hotspot-badges",
    layout: { "icon-image": "hotspot-badge", "icon-size": ["interpolate", ["linear"], ["zoom"], 9, 0.85, 15, 1.05],
      "text-field": ["to-string", ["get", "rank"]], "text-font": FONT_BOLD,
      "text-size": ["interpolate", ["linear"], ["zoom"], 9, 11, 15, 13.5], "symbol-sort-key": ["get", "rank"],
      "icon-allow-overlap": false, "text-allow-overlap": false },
    paint: { "icon-color": hue, "icon-halo-color": "#ffffff", "icon-halo-width": 2, "text-color": "#ffffff" } });
}

// One question at a time: only `layerName`'s hotspot areas and density ("" for none); the density
// gives way to the ward choropleth when that is on.
export function showLayer(map, layerName, densityImages, choropleth) {
  const only = ["==", ["get", "layer"], layerName ?? ""];
  for (const id of HOTSPOT_LAYERS) map.setFilter(id, only);
  for (const image of densityImages) {
    map.setLayoutProperty(`density-${image.layer}`, "visibility",
      image.layer === layerName && !choropleth ? "visible" : "none");
  }
}

export function setChoropleth(map, colourExpression) {
  map.setPaintProperty("wards-fill", "fill-color", colourExpression ?? "#d9d9d9");
  map.setPaintProperty("wards-fill", "fill-opacity", colourExpression ? 0.75 : 0);
}

export function filterIncidents(map, categories, visible) {
  if (!map.getLayer("incidents")) return;
  map.setFilter("incidents", categories ? ["in", ["get", "category"], ["literal", categories]] : null);
  map.setLayoutProperty("incidents", "visibility", visible ? "visible" : "none");
}

export function highlight(map, wardCode, hotspotId) {
  map.setFilter("wards-selected", ["==", ["get", "ward_code"], wardCode ?? ""]);
  map.setFilter("hotspots-selected", ["==", ["get", "id"], hotspotId ?? ""]);
}
