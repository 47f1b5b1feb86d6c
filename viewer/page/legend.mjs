// The legend says what the map shows, in words a meeting can read: which layer's hotspot areas
// (numbered outlines in the layer's hue), its density (incidents per km², with the period), the
// ward shading when it is on, and the boundary lines. legendEntries() is shared with the PNG export
// so the picture and the page say the same.
import { el, replaceChildren } from "./dom.mjs";
import { formatCount, formatRate } from "./format.mjs";
import { measureCaption } from "./measures.mjs";

const formatDensity = (value) => (value >= 100 ? formatCount(value) : formatRate(value));

// state: {layer: {name, title, hue} | null, period, density: image JSON | null, measure, breaks, colours}
export function legendEntries(state) {
  const entries = { title: "", hotspots: null, density: null, wards: [], wardsTitle: "", outlines: [] };
  if (state.layer) {
    entries.title = `${state.layer.title}${state.period ? `, ${state.period}` : ""}`;
    entries.hotspots = { colour: state.layer.hue, label: `${state.layer.title} patrol area, numbered by rank (1 = most incidents expected next month)` };
    if (state.density?.stops?.length && !state.measure) {
      const stops = state.density.stops;
      entries.density = {
        caption: `${state.layer.title}: density in incidents per km² (smoothed)`,
        stops: stops.map((stop) => ({ colour: stop.colour, opacity: stop.opacity, value: stop.density_per_km2 })),
        ticks: [stops[0], stops[Math.floor(stops.length / 2)], stops[stops.length - 1]]
          .map((stop) => formatDensity(stop.density_per_km2)),
      };
    }
  } else {
    entries.title = state.period ?? "";
  }
  if (state.measure) {
    const format = state.measure.useRate ? formatRate : formatCount;
    entries.wardsTitle = `Wards: ${measureCaption(state.measure)}`;
    entries.wards = state.breaks.map((upper, k) => ({
      colour: state.colours[k],
      label: k === 0 ? `up to ${format(upper)}` : `${format(state.breaks[k - 1])} – ${format(upper)}`,
    }));
  }
  entries.outlines = [
    { colour: "#6b6b6b", label: "Ward boundary", outline: "thin" },
    { colour: "#111111", label: "Priority ward (significantly above the area)", outline: "dashed" },
  ];
  return entries;
}

// A CSS gradient through the ramp's colours at their opacities (0 = clear shows the background).
export function gradientCss(stops) {
  const rgba = (hex, opacity) => {
    const n = parseInt(hex.slice(1), 16);
    return `rgba(${n >> 16}, ${(n >> 8) & 255}, ${n & 255}, ${opacity})`;
  };
  return `linear-gradient(to right, ${stops.map((stop, k) =>
    `${rgba(stop.colour, stop.opacity)} ${((100 * k) / (stops.length - 1)).toFixed(0)}%`).join(", ")})`;
}

export function renderLegend(container, entries) {
  const swatch = (kind, colour) => {
    const node = el("span", { class: `swatch ${kind}`, "aria-hidden": "true" });
    node.style.setProperty("--swatch", colour);
    return node;
  };
  const parts = [el("h2", { class: "legend-title" }, entries.title)];
  if (entries.hotspots) {
    const badge = el("span", { class: "legend-badge", "aria-hidden": "true" }, "1");
    badge.style.setProperty("--swatch", entries.hotspots.colour);
    parts.push(el("ul", { class: "legend-list" }, el("li", {}, swatch("hotspot", entries.hotspots.colour), badge,
      el("span", {}, entries.hotspots.label))));
  }
  if (entries.density) {
    const bar = el("div", { class: "density-bar", "aria-hidden": "true" });
    bar.style.background = gradientCss(entries.density.stops);
    parts.push(el("figure", { class: "density-legend" },
      el("figcaption", {}, entries.density.caption), bar,
      el("div", { class: "density-ticks" }, entries.density.ticks.map((tick) => el("span", {}, tick)))));
  }
  if (entries.wards.length) {
    parts.push(el("h3", { class: "legend-subtitle" }, entries.wardsTitle),
      el("ul", { class: "legend-list" }, entries.wards.map((entry) => el("li", {}, swatch("fill", entry.colour), el("span", {}, entry.label))),
        el("li", {}, swatch("fill", "#d9d9d9"), el("span", {}, "No value"))));
  }
  parts.push(el("ul", { class: "legend-list" }, entries.outlines.map((entry) =>
    el("li", {}, swatch(`outline ${entry.outline}`, entry.colour), el("span", {}, entry.label)))));
  replaceChildren(container, parts);
}
