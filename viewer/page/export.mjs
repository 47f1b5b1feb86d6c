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
  const markers = [...legend.hotspots, ...legend.outlines];
  const rows = Math.max(legend.wards.length, markers.length) + 2;
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

  const drawColumn = (x, heading, entries) => {
    let y = headerHeight + mapCanvas.height + line;
    context.font = `bold ${Math.round(12 * scale)}px sans-serif`;
    context.fillStyle = "#111111";
    context.fillText(heading, x, y);
    context.font = `${Math.round(12 * scale)}px sans-serif`;
    for (const entry of entries) {
      y += line;
      context.fillStyle = entry.colour;
      if (!entry.outline) context.fillRect(x, y - 11 * scale, 14 * scale, 12 * scale);
      context.lineWidth = entry.outline ? 3 * scale : 1;
      context.strokeStyle = entry.outline ? entry.colour : "#444444";
      context.strokeRect(x, y - 11 * scale, 14 * scale, 12 * scale);
      context.fillStyle = "#111111";
      context.fillText(entry.label, x + 20 * scale, y);
    }
  };
  drawColumn(12 * scale, legend.title, legend.wards);
  drawColumn(Math.max(width / 2, 300 * scale), "Hotspot areas", markers);
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
