// Small inline SVG charts for the profile panels: monthly trend, crime mix and the
// hour × weekday grid. Pure DOM, no chart library: three shapes do not justify one.
import { svg, el } from "./dom.mjs";
import { formatCount, formatMonth, formatPercent } from "./format.mjs";

const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

// A line of monthly counts with the first and last month labelled and the peak marked.
export function monthlyTrendChart(months, counts, label) {
  const width = 300;
  const height = 90;
  const left = 30;
  const bottom = 18;
  const top = 8;
  const maximum = Math.max(1, ...counts);
  const x = (i) => left + (counts.length <= 1 ? 0 : (i * (width - left - 6)) / (counts.length - 1));
  const y = (value) => top + (height - top - bottom) * (1 - value / maximum);
  const points = counts.map((value, i) => `${x(i).toFixed(1)},${y(value).toFixed(1)}`).join(" ");
  const peak = counts.indexOf(Math.max(...counts));
  const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, class: "chart trend", role: "img", "aria-label": label },
    svg("title", {}, label),
    svg("line", { x1: left, y1: y(0), x2: width - 6, y2: y(0), class: "axis" }),
    svg("text", { x: left - 4, y: y(maximum) + 4, "text-anchor": "end", class: "tick" }, formatCount(maximum)),
    svg("text", { x: left - 4, y: y(0), "text-anchor": "end", class: "tick" }, "0"),
    svg("polyline", { points, class: "trend-line" }),
    svg("circle", { cx: x(peak), cy: y(counts[peak] ?? 0), r: 2.5, class: "trend-peak" }));
  if (months.length > 0) {
    chart.append(svg("text", { x: left, y: height - 4, class: "tick" }, formatMonth(months[0])));
    chart.append(svg("text", { x: width - 6, y: height - 4, "text-anchor": "end", class: "tick" },
      formatMonth(months[months.length - 1])));
  }
  return chart;
}

// Horizontal bars of each category's share of the ward's incidents, largest first.
export function crimeMixChart(mix, categories) {
  const titles = new Map(categories.map((category) => [category.slug, category.title]));
  const entries = Object.entries(mix).filter(([, share]) => share > 0).sort((a, b) => b[1] - a[1]);
  const list = el("ul", { class: "mix" });
  for (const [slug, share] of entries) {
    const bar = el("span", { class: "mix-bar" });
    bar.style.width = `${Math.max(1, share * 100).toFixed(1)}%`;
    list.append(el("li", { dataset: { category: slug } },
      el("span", { class: "mix-label" }, titles.get(slug) ?? slug),
      el("span", { class: "mix-track" }, bar),
      el("span", { class: "mix-value" }, formatPercent(share))));
  }
  return list;
}

// 7 rows (Monday first) × 24 hours, shaded by count; each cell says its count in a tooltip.
export function hourWeekdayGrid(matrix, label) {
  const cell = 11;
  const left = 28;
  const top = 12;
  const maximum = Math.max(1, ...matrix.flat());
  const grid = svg("svg", { viewBox: `0 0 ${left + 24 * cell + 2} ${top + 7 * cell + 2}`, class: "chart grid",
    role: "img", "aria-label": label }, svg("title", {}, label));
  for (let hour = 0; hour < 24; hour += 6) {
    grid.append(svg("text", { x: left + hour * cell, y: top - 3, class: "tick" }, `${String(hour).padStart(2, "0")}:00`));
  }
  matrix.forEach((row, day) => {
    grid.append(svg("text", { x: left - 3, y: top + day * cell + cell - 2, "text-anchor": "end", class: "tick" },
      WEEKDAYS[day]));
    row.forEach((count, hour) => {
      const shade = count / maximum;
      grid.append(svg("rect", { x: left + hour * cell, y: top + day * cell, width: cell - 1, height: cell - 1,
        fill: count === 0 ? "#f4f4f4" : `rgba(0, 90, 110, ${(0.12 + 0.88 * shade).toFixed(3)})` },
        svg("title", {}, `${WEEKDAYS[day]} ${String(hour).padStart(2, "0")}:00 – ${formatCount(count)}`)));
    });
  });
  return grid;
}
