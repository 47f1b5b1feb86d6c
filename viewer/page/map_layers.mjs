// The map's sources and layers on top of an optional basemap: ward choropleth and outlines,
// priority outlines, density bands, hotspot areas by class and incidents at close zoom.
import { DENSITY_COLOURS, HOTSPOT_COLOURS } from "./classes.mjs";

export const SOURCE = "hotspot";
export const OFFLINE_STYLE = {
  version: 8,
  sources: {},
  layers: [{ id: "background", type: "background", paint: { "background-color": "#f3f3f0" } }],
};

const isPriority = ["any", ["==", ["get", "priority"], true], [">", ["to-number", ["get", "priority_rank"], 0], 0]];

// The layers read the tile archive; without one (analyse --no-tiles) they read the GeoJSON files
// instead, which is slower for big areas but shows the same map.
function addSources(map, data) {
  if (data.tilesUrl) {
    map.addSource(SOURCE, { type: "vector", url: `pmtiles://${data.tilesUrl}` });
    return (layer) => ({ source: SOURCE, "source-layer": layer });
  }
  const empty = { type: "FeatureCollection", features: [] };
  for (const layer of ["wards", "hotspots", "density"]) {
    map.addSource(`${SOURCE}-${layer}`, { type: "geojson", data: data.geojson[layer] ?? empty });
  }
  return (layer) => ({ source: `${SOURCE}-${layer}` });
}

// data: { tilesUrl } or { geojson: { wards, hotspots, density } }.
export function addHotspotLayers(map, data, hasIncidents) {
  const sourceOf = addSources(map, data);
  const vector = (id, type, sourceLayer, extra) => map.addLayer({ id, type, ...sourceOf(sourceLayer), ...extra });
  vector("wards-fill", "fill", "wards", { paint: { "fill-color": "#d9d9d9", "fill-opacity": 0.72 } });
  vector("density-fill", "fill", "density", {
    paint: {
      "fill-color": ["interpolate", ["linear"], ["to-number", ["get", "band"], 1],
        ...DENSITY_COLOURS.flatMap((colour, index) => [index + 1, colour])],
      // Band 1 (from zero) is the background level and stays clear; low bands stay faint so the
      // ward shading still reads through them.
      "fill-opacity": ["interpolate", ["linear"], ["to-number", ["get", "band"], 1], 1, 0, 2, 0.15, DENSITY_COLOURS.length, 0.6],
    },
  });
  vector("wards-outline", "line", "wards", {
    paint: { "line-color": "#4d4d4d", "line-width": ["interpolate", ["linear"], ["zoom"], 8, 0.4, 14, 1.4] },
  });
  vector("wards-priority", "line", "wards", {
    filter: isPriority,
    paint: { "line-color": "#111111", "line-width": ["interpolate", ["linear"], ["zoom"], 8, 1.8, 14, 4] },
  });
  const byClass = (values) => ["match", ["to-number", ["get", "class"], 1], 3, values[3], 2, values[2], values[1]];
  vector("hotspots-fill", "fill", "hotspots", {
    paint: { "fill-color": byClass(HOTSPOT_COLOURS), "fill-opacity": byClass({ 1: 0.25, 2: 0.35, 3: 0.45 }) },
  });
  vector("hotspots-outline", "line", "hotspots", {
    paint: { "line-color": byClass(HOTSPOT_COLOURS), "line-width": byClass({ 1: 1.5, 2: 2.5, 3: 3.5 }) },
  });
  if (hasIncidents) {
    vector("incidents", "circle", "incidents", {
      minzoom: 14,
      paint: {
        "circle-radius": ["interpolate", ["linear"], ["zoom"], 14, 2.5, 17, 5],
        "circle-color": "#252525",
        "circle-stroke-color": "#ffffff",
        "circle-stroke-width": 1,
      },
    });
  }
  vector("wards-selected", "line", "wards", {
    filter: ["==", ["get", "ward_code"], ""],
    paint: { "line-color": "#00a5c8", "line-width": 4 },
  });
  vector("hotspots-selected", "line", "hotspots", {
    filter: ["==", ["get", "id"], ""],
    paint: { "line-color": "#00a5c8", "line-width": 4 },
  });
}

// Shows only the hotspot layers that are switched on, and one layer's density beneath
// ("" for none).
export function filterHotspotLayers(map, enabledLayers, densityLayer) {
  const inEnabled = ["in", ["get", "layer"], ["literal", [...enabledLayers]]];
  map.setFilter("hotspots-fill", inEnabled);
  map.setFilter("hotspots-outline", inEnabled);
  map.setFilter("density-fill", ["==", ["get", "layer"], densityLayer]);
  map.setLayoutProperty("density-fill", "visibility", densityLayer ? "visible" : "none");
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
