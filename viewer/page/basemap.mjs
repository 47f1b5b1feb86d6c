// The map's base style: the glyphs the labels use (shipped in vendor/fonts, no network), a plain
// background, and the user's basemap when `hotspot analyse --basemap` gave one: an offline vector
// archive (basemap.pmtiles: OS Open Zoomstack, Protomaps, or anything with named layers), drawn
// with the style given by --basemap-style or else a quiet generic style made from its layer
// names; or a style URL. Basemap labels are redrawn in the shipped fonts.
import * as maplibregl from "maplibre-gl";
import { PMTiles } from "pmtiles";

export const FONT_REGULAR = ["DejaVu Sans Book"];
export const FONT_BOLD = ["DejaVu Sans Bold"];
const BACKGROUND = "#f4f3ef";

// Glyphs come through a protocol so a range that is not shipped (scripts DejaVu lacks) is empty
// rather than an error. Served, it reads vendor/fonts/<fontstack>/<range>.pbf; from disk, where
// files cannot be fetched, the ranges inlined in vendor/fonts/glyphs-inline.js (Latin names).
export function glyphsUrl(mode) {
  const folder = new URL("vendor/fonts/", window.location.href).href;
  maplibregl.addProtocol("hotspot-glyphs", async (params, abort) => {
    const key = decodeURIComponent(params.url.slice("hotspot-glyphs://".length)).replace(/\.pbf$/, "");
    if (mode !== "file") {
      const [fontstack, range] = key.split("/");
      const response = await fetch(`${folder}${encodeURIComponent(fontstack)}/${range}.pbf`, { signal: abort.signal });
      return { data: response.ok ? await response.arrayBuffer() : new ArrayBuffer(0) };
    }
    const base64 = window.HOTSPOT_GLYPHS?.[key];
    if (!base64) return { data: new ArrayBuffer(0) };
    return { data: Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)).buffer };
  });
  return "hotspot-glyphs://{fontstack}/{range}.pbf";
}

const text = ["coalesce", ["get", "name"], ["get", "name1"], ["get", "name:en"], ["get", "name_en"], ""];
const isPolygon = ["==", ["geometry-type"], "Polygon"];
const isLine = ["==", ["geometry-type"], "LineString"];
const isPoint = ["==", ["geometry-type"], "Point"];

// A quiet style for any vector basemap, from its layer names: water blue-grey, land and parks
// faint, roads white on a grey casing with their names, places as names. Unknown layers are
// drawn faintly by geometry so nothing the basemap holds is lost.
export function genericBasemapLayers(source, layerIds) {
  const layers = [];
  const kinds = [
    ["water", /water|sea|ocean|lake|river|foreshore|tidal/i],
    ["green", /wood|park|green|landcover|landuse|natural|national_park/i],
    ["land", /^(earth|land)$/i],
    ["building", /building/i],
    ["road", /road|street|transport|rail|path/i],
    ["place", /place|names|label|poi|settlement/i],
    ["boundary", /boundar/i],
  ];
  const kindOf = (id) => (kinds.find(([, pattern]) => pattern.test(id)) ?? ["other"])[0];
  const order = ["land", "green", "water", "other", "building", "boundary", "road", "place"];
  const sorted = [...layerIds].sort((a, b) => order.indexOf(kindOf(a)) - order.indexOf(kindOf(b)));
  for (const id of sorted) {
    const base = { source, "source-layer": id };
    const name = `basemap-${id}`;
    switch (kindOf(id)) {
      case "water":
        layers.push({ id: `${name}-fill`, type: "fill", ...base, filter: isPolygon, paint: { "fill-color": "#cde0ea" } });
        layers.push({ id: `${name}-line`, type: "line", ...base, filter: isLine, paint: { "line-color": "#a7c7da", "line-width": 1.2 } });
        break;
      case "green":
        layers.push({ id: `${name}-fill`, type: "fill", ...base, filter: isPolygon, paint: { "fill-color": "#e2ecd9", "fill-opacity": 0.7 } });
        break;
      case "land":
        layers.push({ id: `${name}-fill`, type: "fill", ...base, filter: isPolygon, paint: { "fill-color": "#f7f6f2" } });
        break;
      case "building":
        layers.push({ id: `${name}-fill`, type: "fill", ...base, minzoom: 14, filter: isPolygon, paint: { "fill-color": "#e3ded6" } });
        break;
      case "boundary":
        layers.push({ id: `${name}-line`, type: "line", ...base, filter: isLine, paint: { "line-color": "#9a9a9a", "line-dasharray": [3, 2], "line-width": 0.8 } });
        break;
      case "road":
        layers.push({ id: `${name}-casing`, type: "line", ...base, filter: isLine,
          layout: { "line-join": "round", "line-cap": "round" },
          paint: { "line-color": "#c9c4bb", "line-width": ["interpolate", ["exponential", 1.6], ["zoom"], 10, 1, 14, 5, 17, 16] } });
        layers.push({ id: `${name}-line`, type: "line", ...base, filter: isLine,
          layout: { "line-join": "round", "line-cap": "round" },
          paint: { "line-color": "#ffffff", "line-width": ["interpolate", ["exponential", 1.6], ["zoom"], 10, 0.4, 14, 3.4, 17, 13] } });
        layers.push({ id: `${name}-label`, type: "symbol", ...base, minzoom: 13, filter: isLine,
          layout: { "symbol-placement": "line", "text-field": text, "text-font": FONT_REGULAR, "text-size": 11 },
          paint: { "text-color": "#555555", "text-halo-color": "#ffffff", "text-halo-width": 1.5 } });
        break;
      case "place":
        layers.push({ id: `${name}-label`, type: "symbol", ...base, filter: isPoint,
          layout: { "text-field": text, "text-font": FONT_BOLD,
            "text-size": ["interpolate", ["linear"], ["zoom"], 8, 11, 14, 16], "text-max-width": 8 },
          paint: { "text-color": "#333333", "text-halo-color": "#ffffff", "text-halo-width": 2 } });
        break;
      default:
        layers.push({ id: `${name}-fill`, type: "fill", ...base, filter: isPolygon, paint: { "fill-color": "#ebe9e4", "fill-opacity": 0.5 } });
        layers.push({ id: `${name}-line`, type: "line", ...base, filter: isLine, paint: { "line-color": "#d0ccc4", "line-width": 0.8 } });
    }
  }
  return layers;
}

// Basemap labels use whatever fonts their style names; only the shipped ones exist offline.
function withShippedFonts(layer) {
  const font = layer.layout?.["text-font"];
  if (!font) return layer;
  const bold = JSON.stringify(font).toLowerCase().includes("bold");
  return { ...layer, layout: { ...layer.layout, "text-font": bold ? FONT_BOLD : FONT_REGULAR } };
}

// Relative pmtiles:// URLs in a shipped style point at files next to the page.
function absoluteSources(sources) {
  const result = {};
  for (const [id, source] of Object.entries(sources ?? {})) {
    const url = source.url?.startsWith("pmtiles://") && !/^pmtiles:\/\/[a-z]+:/i.test(source.url) ?
      `pmtiles://${new URL(source.url.slice("pmtiles://".length), window.location.href).href}` : source.url;
    result[id] = url ? { ...source, url } : source;
  }
  return result;
}

// The style the map starts with, and a sentence when a configured basemap cannot be shown.
export async function baseStyle(analysis, protocol) {
  const style = {
    version: 8,
    glyphs: glyphsUrl(analysis.mode),
    sources: {},
    layers: [{ id: "background", type: "background", paint: { "background-color": BACKGROUND } }],
  };
  const config = analysis.config ?? {};
  const wanted = config.basemap_pmtiles || config.basemap_style_url || config.basemap_style;
  if (!wanted) return { style, message: "" };
  if (analysis.mode === "file") {
    return { style, message: "The basemap needs the server: run hotspot serve on this folder and open the address it prints." };
  }
  try {
    let basemap;
    if (config.basemap_style || config.basemap_style_url) {
      const url = new URL(config.basemap_style || config.basemap_style_url, window.location.href).href;
      const response = await fetch(url);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      basemap = await response.json();
      basemap = { sources: absoluteSources(basemap.sources), layers: basemap.layers.filter((layer) => layer.type !== "background") };
    } else {
      const archiveUrl = new URL(config.basemap_pmtiles, window.location.href).href;
      const archive = new PMTiles(archiveUrl);
      protocol.add(archive);
      const metadata = await archive.getMetadata();
      const ids = (metadata?.vector_layers ?? []).map((layer) => layer.id);
      basemap = {
        sources: { basemap: { type: "vector", url: `pmtiles://${archiveUrl}`, attribution: metadata?.attribution ?? "" } },
        layers: genericBasemapLayers("basemap", ids),
      };
    }
    style.sources = basemap.sources;
    style.layers.push(...basemap.layers.map(withShippedFonts));
    return { style, message: "" };
  } catch (error) {
    return { style, message: `The basemap could not be loaded (${error.message}); the map is drawn without it.` };
  }
}
