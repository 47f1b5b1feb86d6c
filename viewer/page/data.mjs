// Where the page's data comes from. Served over HTTP (`hotspot serve DIR`): the JSON files next to
// the page and tiles.pmtiles. Opened from disk (file://), where browsers block fetch: data.js,
// a classic script `hotspot analyse` writes with the same files inline (wards, hotspot areas,
// labels, density pictures as data URLs) — everything but the incident points and a basemap.

export const fromDisk = () => window.location.protocol === "file:";

// Loads a classic script next to the page (allowed from file://, unlike fetch and modules).
export function loadScript(src) {
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = src;
    script.onload = () => resolve();
    script.onerror = () => reject(new Error(`could not load ${src}`));
    document.head.append(script);
  });
}

async function fetchJson(url, optional = false) {
  let response;
  try {
    response = await fetch(url, { cache: "no-cache" });
  } catch (error) {
    if (optional) return null;
    throw error;
  }
  if (!response.ok) {
    if (optional) return null;
    throw new Error(`could not load ${url} (HTTP ${response.status}); is this the --out folder of hotspot analyse?`);
  }
  return response.json();
}

// {mode, config, doc, hotspots, labels, wards, densityImages, tilesUrl}; labels and wards are
// GeoJSON or null (the map then reads them from the tiles or does without). When served, labels
// are fetched by labelFeatures only if the tiles lack them.
export async function loadAnalysis() {
  return fromDisk() ? loadFromDisk() : loadFromServer();
}

async function loadFromServer() {
  const [config, doc, hotspots] = await Promise.all([
    fetchJson("config.json", true), fetchJson("wards.json"), fetchJson("hotspots.geojson", true)]);
  const densityImages = (await Promise.all((doc.layers ?? []).map((layer) =>
    fetchJson(`density/${encodeURIComponent(layer.name)}.json`, true))))
    .filter(Boolean)
    .map((image) => ({ ...image, url: new URL(image.image, window.location.href).href }));
  return {
    mode: "server", config, doc, hotspots, labels: null, wards: null, densityImages,
    tilesUrl: new URL("tiles.pmtiles", window.location.href).href,
  };
}

async function loadFromDisk() {
  try {
    await loadScript("data.js");
  } catch {
    throw new Error("data.js is missing next to index.html: run hotspot analyse again (without --no-viewer), " +
      "or serve the folder with hotspot serve DIR");
  }
  await Promise.all([loadScript("vendor/maplibre-gl-worker.js"), loadScript("vendor/fonts/glyphs-inline.js")]);
  const data = window.HOTSPOT_DATA;
  return {
    mode: "file",
    config: data.config,
    doc: data.wards_json,
    hotspots: data.hotspots,
    labels: data.labels,
    // {kept, of}: only the busiest street names are inline (a national analysis has over a million)
    streetLabelsInline: data.street_labels_inline ?? null,
    wards: data.wards,
    densityImages: (data.density ?? []).map((image) => ({ ...image, url: image.data_url })),
    tilesUrl: null,
  };
}

// The wards GeoJSON, loaded on first use when served (it is inline from disk).
export async function wardFeatures(analysis) {
  analysis.wards ??= await fetchJson("wards.geojson");
  return analysis.wards.features;
}

// The street and ward labels as GeoJSON, or null when the tiles carry them. Served, labels.geojson
// is fetched only then: a national analysis's is hundreds of megabytes the tiles already hold.
export async function labelFeatures(analysis, layersInTiles) {
  if (analysis.tilesUrl && layersInTiles.has("labels")) return null;
  if (analysis.mode === "server") analysis.labels ??= await fetchJson("labels.geojson", true);
  return analysis.labels;
}
