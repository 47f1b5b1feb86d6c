// The legend: the ward classes of the current measure, hotspot classes and the priority outline.
// legendEntries() is shared with the PNG export so the picture and the page say the same.
import { el, replaceChildren } from "./dom.mjs";
import { HOTSPOT_COLOURS } from "./classes.mjs";
import { formatCount, formatRate } from "./format.mjs";
import { measureCaption } from "./measures.mjs";

// classLabels: hotspot class -> the analysis's own wording (class_label), e.g. "above mean + 3 SD".
export function legendEntries(measure, breaks, colours, classLabels = new Map()) {
  const format = measure.useRate ? formatRate : formatCount;
  const wards = breaks.map((upper, k) => ({
    colour: colours[k],
    label: k === 0 ? `up to ${format(upper)}` : `${format(breaks[k - 1])} – ${format(upper)}`,
  }));
  return {
    title: measureCaption(measure),
    wards,
    hotspots: [3, 2, 1].map((cls) => ({
      colour: HOTSPOT_COLOURS[cls],
      label: `Hotspot: ${["", "elevated", "high", "highest"][cls]}` +
        (classLabels.has(cls) ? ` (${classLabels.get(cls)})` : ""),
    })),
    outlines: [{ colour: "#111111", label: "Priority ward", outline: true }],
  };
}

export function renderLegend(container, entries) {
  const swatchRow = ({ colour, label }, kind) => {
    const swatch = el("span", { class: `swatch ${kind}`, "aria-hidden": "true" });
    swatch.style.setProperty("--swatch", colour);
    return el("li", {}, swatch, el("span", {}, label));
  };
  replaceChildren(container,
    el("h2", { class: "legend-title" }, entries.title),
    el("ul", { class: "legend-list" },
      entries.wards.length ? entries.wards.map((entry) => swatchRow(entry, "fill")) :
        el("li", {}, "No values to shade"),
      swatchRow({ colour: "#d9d9d9", label: "No value" }, "fill")),
    el("ul", { class: "legend-list" },
      entries.hotspots.map((entry) => swatchRow(entry, "hotspot")),
      entries.outlines.map((entry) => swatchRow(entry, "outline"))));
}
