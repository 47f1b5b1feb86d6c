// Points the map writes text on: each hotspot area's rank badge, and ward names when the analysis
// has no labels layer of its own. Uses the areas' own centre (centre_lon/centre_lat) when given,
// else the pole of inaccessibility of the largest part (polylabel), which is always inside it.
import polylabel from "polylabel";

function largestPolygon(geometry) {
  if (!geometry) return null;
  if (geometry.type === "Polygon") return geometry.coordinates;
  if (geometry.type !== "MultiPolygon") return null;
  const ringArea = (ring) => Math.abs(ring.reduce((sum, [x, y], k) => {
    const [nx, ny] = ring[(k + 1) % ring.length];
    return sum + x * ny - nx * y;
  }, 0)) / 2;
  return geometry.coordinates.reduce((best, polygon) =>
    (!best || ringArea(polygon[0]) > ringArea(best[0]) ? polygon : best), null);
}

// A point inside a (multi)polygon feature, or null.
export function labelPoint(feature) {
  const polygon = largestPolygon(feature.geometry);
  if (!polygon) return null;
  const point = polylabel(polygon, 1e-5);
  return [point[0], point[1]];
}

const pointFeature = (coordinates, properties) => ({ type: "Feature", properties, geometry: { type: "Point", coordinates } });

export function hotspotBadges(hotspots) {
  const features = [];
  for (const feature of hotspots?.features ?? []) {
    const { centre_lon: lon, centre_lat: lat } = feature.properties;
    const point = Number.isFinite(lon) && Number.isFinite(lat) ? [lon, lat] : labelPoint(feature);
    if (point) {
      features.push(pointFeature(point, { id: feature.properties.id, layer: feature.properties.layer, rank: feature.properties.rank }));
    }
  }
  return { type: "FeatureCollection", features };
}

// Ward names at a point inside each ward, for analyses without labels.geojson.
export function wardLabels(wardFeatures) {
  const features = [];
  for (const feature of wardFeatures) {
    const point = labelPoint(feature);
    const name = feature.properties?.ward_name;
    if (point && name) features.push(pointFeature(point, { kind: "ward", name, weight: feature.properties.total ?? 0 }));
  }
  return { type: "FeatureCollection", features };
}
