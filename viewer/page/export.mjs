// Print and PNG export of the current map with its title and legend, for briefings and days of
// action. The map canvas keeps its drawing buffer (preserveDrawingBuffer) so it can be copied.

// Before printing, a still image replaces the WebGL canvas, which browsers do not print reliably.
export function preparePrinting(map, image) {
  window.addEventListener("beforeprint", () => {
    image.src = map.getCanvas().toDataURL("image/png");
  });
  window.addEventListener("afterprint", () => {
    image.removeAttribute("src");
  });
}

// Draws title, subtitle, map and legend onto one canvas and returns it as a PNG data URL.
export function composeMapPng(map, title, subtitle, legend) {
  const mapCanvas = map.getCanvas();
  const scale = window.devicePixelRatio || 1;
  const width = mapCanvas.width;
  const line = Math.round(18 * scale);
  const headerHeight = Math.round(56 * scale);
  const left = [...(legend.hotspots ? [{ ...legend.hotspots, outline: "hotspot" }] : []), ...legend.outlines];
  const right = legend.wards.length ? legend.wards : [];
  const rows = Math.max(left.length + (legend.density ? 3 : 0), right.length) + 2;
  const legendHeight = Math.round(rows * line + 16 * scale);
  const canvas = document.createElement("canvas");
  canvas.width = width;
  canvas.height = headerHeight + mapCanvas.height + legendHeight;
  const context = canvas.getContext("2d");
  context.fillStyle = "#ffffff";
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.fillStyle = "#111111";
  context.font = `bold ${Math.round(20 * scale)}px sans-serif`;
  context.fillText(title, 12 * scale, 26 * scale);
  context.font = `${Math.round(13 * scale)}px sans-serif`;
  context.fillText(subtitle, 12 * scale, 46 * scale);
  context.drawImage(mapCanvas, 0, headerHeight);

  const swatch = (x, y, entry) => {
    context.lineWidth = entry.outline ? 2.5 * scale : 1;
    context.setLineDash(entry.outline === "dashed" ? [4 * scale, 2 * scale] : []);
    if (!entry.outline) {
      context.fillStyle = entry.colour;
      context.fillRect(x, y - 11 * scale, 14 * scale, 12 * scale);
    }
    context.strokeStyle = entry.outline ? entry.colour : "#444444";
    context.strokeRect(x, y - 11 * scale, 14 * scale, 12 * scale);
    context.setLineDash([]);
  };
  const drawColumn = (x, heading, entries, startY) => {
    let y = startY;
    context.font = `bold ${Math.round(12 * scale)}px sans-serif`;
    context.fillStyle = "#111111";
    context.fillText(heading, x, y);
    context.font = `${Math.round(12 * scale)}px sans-serif`;
    for (const entry of entries) {
      y += line;
      swatch(x, y, entry);
      context.fillStyle = "#111111";
      context.fillText(entry.label, x + 20 * scale, y);
    }
    return y;
  };
  let y = drawColumn(12 * scale, legend.title, left, headerHeight + mapCanvas.height + line);
  if (legend.density) {
    y += line;
    context.fillStyle = "#111111";
    context.fillText(legend.density.caption, 12 * scale, y);
    const barWidth = 220 * scale;
    const gradient = context.createLinearGradient(12 * scale, 0, 12 * scale + barWidth, 0);
    legend.density.stops.forEach((stop, k) => {
      const n = parseInt(stop.colour.slice(1), 16);
      gradient.addColorStop(k / (legend.density.stops.length - 1), `rgba(${n >> 16},${(n >> 8) & 255},${n & 255},${stop.opacity})`);
    });
    context.fillStyle = gradient;
    context.fillRect(12 * scale, y + 6 * scale, barWidth, 10 * scale);
    context.fillStyle = "#111111";
    legend.density.ticks.forEach((tick, k) => {
      context.textAlign = ["left", "center", "right"][k] ?? "left";
      context.fillText(tick, 12 * scale + (barWidth * k) / (legend.density.ticks.length - 1), y + 30 * scale);
    });
    context.textAlign = "left";
  }
  if (right.length) drawColumn(Math.max(width / 2, 300 * scale), legend.wardsTitle, right, headerHeight + mapCanvas.height + line);
  return canvas.toDataURL("image/png");
}

export function downloadDataUrl(dataUrl, fileName) {
  const link = document.createElement("a");
  link.href = dataUrl;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
}
