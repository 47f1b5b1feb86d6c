// Screenshots of an output folder as a person sees it, served and opened from disk:
//   node testing/look.mjs OUT_DIR SHOT_DIR [lon,lat,zoom]
// Used while developing and by the tests (HOTSPOT_BINARY must point at the hotspot binary).
import { mkdirSync } from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";
import { CHROMIUM, CHROMIUM_ARGS, startServer } from "./harness.mjs";

export async function screenshot(page, url, file, view) {
  const errors = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => { if (message.type() === "error") errors.push(message.text()); });
  await page.goto(url);
  await page.waitForFunction(() => window.hotspotViewer?.ready === true || document.querySelector("#status")?.textContent.startsWith("Something"),
    null, { timeout: 60_000 });
  if (view) {
    await page.evaluate((v) => window.hotspotViewer.map.jumpTo({ center: [v[0], v[1]], zoom: v[2] }), view);
    await page.waitForFunction(() => window.hotspotViewer.map.loaded() && !window.hotspotViewer.map.isMoving(), null, { timeout: 30_000 });
    await page.waitForTimeout(500);
  }
  await page.screenshot({ path: file });
  return errors;
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  const [out, shots, view] = process.argv.slice(2);
  mkdirSync(shots, { recursive: true });
  const server = await startServer(out);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const v = view ? view.split(",").map(Number) : null;
  console.log("served", await screenshot(page, server.url, path.join(shots, "served.png"), v));
  const page2 = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  console.log("disk", await screenshot(page2, `file://${path.resolve(out)}/index.html`, path.join(shots, "disk.png"), v));
  await browser.close();
  server.process.kill();
}
