// Choropleth classes: quantile breaks over the wards' values and colour-blind-safe ramps
// (ColorBrewer sequential schemes, which stay ordered for the common colour vision deficiencies).

// ColorBrewer YlOrRd for rates and YlOrBr for counts (so a switch of unit is visible): warm ramps,
// so the cool Okabe–Ito outlines of the hotspot areas stay distinct on top of them.
export const RATE_COLOURS = ["#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"];
export const COUNT_COLOURS = ["#ffffd4", "#fed98e", "#fe9929", "#d95f0e", "#993404"];
// Okabe–Ito hues, told apart with the common colour vision deficiencies: one per hotspot layer,
// in the order of the analysis's layers (cool hues first: they stand out on the warm density).
export const LAYER_HUES = ["#0072B2", "#009E73", "#CC79A7", "#000000", "#56B4E9", "#E69F00", "#D55E00"];
export const layerHue = (index) => LAYER_HUES[((index % LAYER_HUES.length) + LAYER_HUES.length) % LAYER_HUES.length];

// Upper bounds of up to `classCount` quantile classes over finite values, without duplicates.
// [] when there are no values; a single break when every value is the same.
export function quantileBreaks(values, classCount = 5) {
  const sorted = values.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  if (sorted.length === 0) return [];
  const breaks = [];
  for (let k = 1; k <= classCount; k += 1) {
    const index = Math.min(sorted.length - 1, Math.ceil((k * sorted.length) / classCount) - 1);
    const value = sorted[index];
    if (breaks.length === 0 || value > breaks[breaks.length - 1]) breaks.push(value);
  }
  return breaks;
}

// The class (0-based) of a value given upper bounds: the first bound it does not exceed.
export function classOf(value, breaks) {
  for (let k = 0; k < breaks.length; k += 1) if (value <= breaks[k]) return k;
  return breaks.length - 1;
}

// Colours for `breaks.length` classes, spread over the ramp so few classes stay distinct.
export function coloursFor(breaks, ramp) {
  if (breaks.length <= 1) return [ramp[ramp.length - 1]].slice(0, breaks.length);
  return breaks.map((_, k) => ramp[Math.round((k * (ramp.length - 1)) / (breaks.length - 1))]);
}

// A MapLibre "match" on each ward's code giving the colour of its class (as classOf and the
// legend give it); grey for wards without a value. The tiles carry only the wards' codes, so
// that every tile to the deepest zoom stays small, and the page colours them from the values it
// already holds (wards.json, wards.geojson). A code met twice keeps its first value.
export function wardColourExpression(codes, values, breaks, colours, missingColour = "#d9d9d9") {
  if (breaks.length === 0) return missingColour;
  const seen = new Set();
  const entries = [];
  codes.forEach((code, index) => {
    const value = values[index];
    if (code === undefined || code === null || typeof value !== "number" || !Number.isFinite(value)) return;
    const label = String(code);
    if (seen.has(label)) return;
    seen.add(label);
    entries.push(label, colours[classOf(value, breaks)]);
  });
  return entries.length ? ["match", ["to-string", ["get", "ward_code"]], ...entries, missingColour] : missingColour;
}
