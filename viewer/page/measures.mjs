// What the ward choropleth can show: all crime, each category, each hotspot layer. A measure
// knows its tile property (rate per 1,000, or the count when populations are unknown) and how to
// read every ward's value for the class breaks.

export function measuresFor(doc) {
  const useRate = Boolean(doc.has_population);
  const measure = (id, title, base, group, valueOf) => ({
    id, title, group, useRate,
    property: useRate ? `${base}_rate` : base,
    categories: null,
    valueOf,
  });
  const pick = (stats) => (stats ? (useRate ? stats.rate_per_1000 : stats.count) : null);
  const measures = [measure("total", "All incidents", "total", "All", (ward) => pick(ward.total))];
  for (const category of doc.categories) {
    const entry = measure(category.slug, category.title, category.slug, "Category",
      (ward) => pick(ward.categories?.[category.slug]));
    entry.categories = [category.slug];
    measures.push(entry);
  }
  const categorySlugs = new Set(doc.categories.map((category) => category.slug));
  for (const layer of doc.layers ?? []) {
    // A layer that is just one category at all hours (burglary) is already in the list.
    if (categorySlugs.has(layer.name) && !layer.hours) continue;
    // wards.json has no per-layer statistics: these values come from wards.geojson (loadLayerValues).
    const entry = measure(`layer:${layer.name}`, layer.title, layer.name, "Hotspot layer", null);
    entry.layer = layer.name;
    entry.categories = layer.categories ?? null;
    measures.push(entry);
  }
  return measures;
}

// Reads every ward's value for a layer measure from wards.geojson (flat properties, as the tiles).
export async function loadLayerValues(measure, fetchWardFeatures) {
  const features = await fetchWardFeatures();
  return features.map((feature) => {
    const value = feature.properties?.[measure.property];
    return typeof value === "number" ? value : null;
  });
}

// "Burglary per 1,000 residents" or "Burglary: number of incidents" for legends and exports.
export function measureCaption(measure) {
  return measure.useRate ? `${measure.title} per 1,000 residents` : `${measure.title}: number of incidents`;
}
