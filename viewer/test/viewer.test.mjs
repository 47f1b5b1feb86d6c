// Browser tests of the viewer: `hotspot analyse` on the demo area (one ward renamed to
// `<b>&"'`), `hotspot serve` on a free port, Debian's Chromium driven by playwright-core.
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { VectorTile } from "@mapbox/vector-tile";
import { PbfReader } from "pbf";
import { PMTiles } from "pmtiles";
import { chromium } from "playwright-core";
import {
  CHROMIUM, CHROMIUM_ARGS, FileSource, TRICKY_NAME, analyseDemoWithTrickyName, missingPrerequisite, parseCsv,
  startServer, tileFor,
} from "../testing/harness.mjs";

const skip = missingPrerequisite();
const artifactDir = process.env.HOTSPOT_ARTIFACT_DIR ??
  path.join(process.env.HOTSPOT_SOURCE_DIR ?? ".", "build", "test-artifacts");

describe("the viewer on the demo analysis", { skip: skip ?? false }, () => {
  let analysis;
  let server;
  let browser;
  let page;
  const consoleErrors = [];
  let doc;
  let csvRows;
  let hotspots;

  before(async () => {
    analysis = analyseDemoWithTrickyName();
    doc = JSON.parse(readFileSync(path.join(analysis.out, "wards.json"), "utf8"));
    csvRows = parseCsv(readFileSync(path.join(analysis.out, "wards.csv"), "utf8"));
    const hotspotsFile = path.join(analysis.out, "hotspots.geojson");
    hotspots = existsSync(hotspotsFile) ? JSON.parse(readFileSync(hotspotsFile, "utf8")).features : [];
    server = await startServer(analysis.out);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on("console", (message) => { if (message.type() === "error") consoleErrors.push(message.text()); });
    page.on("pageerror", (error) => consoleErrors.push(error.message));
    await page.goto(server.url);
    await page.waitForFunction(() => window.hotspotViewer?.ready === true, null, { timeout: 60_000 });
  });

  after(async () => {
    if (page) {
      // The kept picture shows the whole area with the last ward's profile open.
      await page.evaluate(() => {
        const boxes = window.hotspotViewer.doc.wards.map((ward) => ward.bbox);
        window.hotspotViewer.map.fitBounds([[Math.min(...boxes.map((b) => b[0])), Math.min(...boxes.map((b) => b[1]))],
          [Math.max(...boxes.map((b) => b[2])), Math.max(...boxes.map((b) => b[3]))]], { padding: 24, duration: 0 });
      }).catch(() => {});
      await settled().catch(() => {});
      mkdirSync(artifactDir, { recursive: true });
      await page.screenshot({ path: path.join(artifactDir, "viewer.png") }).catch(() => {});
    }
    await browser?.close();
    server?.process.kill();
    if (analysis) rmSync(analysis.work, { recursive: true, force: true });
  });

  // Waits until the camera stops after a click that starts a flight.
  const settled = () => page.waitForFunction(() => {
    const map = window.hotspotViewer.map;
    return !map.isMoving() && map.loaded();
  }, null, { timeout: 30_000 });

  const openWard = async (code) => {
    await page.evaluate((wardCode) => {
      const ward = window.hotspotViewer.doc.wards.find((entry) => entry.code === wardCode);
      window.hotspotViewer.map.fitBounds([[ward.bbox[0], ward.bbox[1]], [ward.bbox[2], ward.bbox[3]]],
        { padding: 40, duration: 0 });
    }, code);
    await settled();
    // A pixel where this ward is drawn and no hotspot lies on top, so the click selects the ward;
    // when hotspots cover the whole ward, they are switched off for the click.
    const findPoint = () => page.evaluate((wardCode) => {
      const map = window.hotspotViewer.map;
      const canvas = map.getCanvas().getBoundingClientRect();
      for (let row = 1; row < 40; row += 1) {
        for (let column = 1; column < 40; column += 1) {
          const x = (canvas.width * column) / 40;
          const y = (canvas.height * row) / 40;
          const hit = map.queryRenderedFeatures([x, y], { layers: ["hotspots-fill", "wards-fill"] });
          if (hit.length === 1 && hit[0].properties.ward_code === wardCode) return { x: canvas.left + x, y: canvas.top + y };
        }
      }
      return null;
    }, code);
    let point = await findPoint();
    const layerBoxes = page.locator("#hotspot-layers input:checked");
    const switchedOff = point ? [] : await layerBoxes.evaluateAll((boxes) => boxes.map((box) => box.id));
    for (const id of switchedOff) await page.uncheck(`#${id}`);
    if (switchedOff.length > 0) {
      await settled();
      point = await findPoint();
    }
    assert.ok(point, `ward ${code} is drawn on the map`);
    await page.mouse.click(point.x, point.y);
    await page.waitForSelector(`.ward-panel[data-ward-code="${code}"]`, { timeout: 10_000 });
    for (const id of switchedOff) await page.check(`#${id}`);
  };

  test("the page loads with no console errors", () => {
    assert.deepEqual(consoleErrors, []);
  });

  test("wards and hotspot areas are rendered on the map", async () => {
    const counts = await page.evaluate(() => {
      const map = window.hotspotViewer.map;
      const codes = new Set(map.queryRenderedFeatures({ layers: ["wards-fill"] }).map((f) => f.properties.ward_code));
      return { wards: codes.size, hotspots: map.queryRenderedFeatures({ layers: ["hotspots-fill"] }).length };
    });
    assert.ok(counts.wards >= Math.min(5, doc.wards.length), `wards drawn: ${counts.wards}`);
    assert.ok(hotspots.length > 0, "the demo analysis finds hotspot areas");
    assert.ok(counts.hotspots > 0, "hotspot areas drawn");
  });

  test("clicking a ward shows that ward's numbers as in wards.csv", async () => {
    const row = csvRows.find((entry) => entry.ward_code !== analysis.renamedCode);
    await openWard(row.ward_code);
    const panel = await page.evaluate(() => {
      const node = document.querySelector(".ward-panel");
      const field = (name) => node.querySelector(`[data-field="${name}"]`)?.textContent ?? null;
      const counts = Object.fromEntries([...node.querySelectorAll("tr[data-category]")]
        .map((tr) => [tr.dataset.category, tr.querySelector(".count").textContent]));
      return { title: node.querySelector(".panel-title").textContent, population: field("population"),
        total: field("total"), counts };
    });
    const number = (text) => Number(text.replace(/,/g, ""));
    assert.equal(panel.title, row.ward_name);
    assert.equal(number(panel.total), Number(row.total));
    if (row.population !== "") assert.equal(number(panel.population), Number(row.population));
    let compared = 0;
    for (const category of doc.categories) {
      if (row[category.slug] === undefined || panel.counts[category.slug] === undefined) continue;
      assert.equal(number(panel.counts[category.slug]), Number(row[category.slug]), category.slug);
      compared += 1;
    }
    assert.ok(compared >= 3, `categories compared: ${compared}`);
  });

  test("a priority ward entry flies the map into that ward", async () => {
    assert.ok(doc.priority_wards.length > 0, "the demo area has priority wards");
    await page.evaluate(() => window.hotspotViewer.map.jumpTo({ center: [0, 0], zoom: 3 }));
    const code = doc.priority_wards[0];
    await page.click(`#priority-list button[data-ward-code="${code}"]`);
    await settled();
    const center = await page.evaluate(() => window.hotspotViewer.map.getCenter().toArray());
    const [west, south, east, north] = doc.wards.find((ward) => ward.code === code).bbox;
    assert.ok(center[0] >= west && center[0] <= east && center[1] >= south && center[1] <= north,
      `centre ${center} inside ${[west, south, east, north]}`);
    assert.equal(await page.locator(".ward-panel").getAttribute("data-ward-code"), code);
  });

  test("a hotspot entry flies the map into that area and shows its summary", async () => {
    await page.evaluate(() => window.hotspotViewer.map.jumpTo({ center: [0, 0], zoom: 3 }));
    assert.ok(hotspots.length > 0, "analyse wrote hotspot areas to hotspots.geojson");
    const feature = hotspots[0];
    await page.click(`#hotspot-lists button[data-hotspot-id="${feature.properties.id}"]`);
    await settled();
    const center = await page.evaluate(() => window.hotspotViewer.map.getCenter().toArray());
    const xs = feature.geometry.coordinates.flat(3).filter((_, k) => k % 2 === 0);
    const ys = feature.geometry.coordinates.flat(3).filter((_, k) => k % 2 === 1);
    assert.ok(center[0] >= Math.min(...xs) && center[0] <= Math.max(...xs), `centre ${center}`);
    assert.ok(center[1] >= Math.min(...ys) && center[1] <= Math.max(...ys), `centre ${center}`);
    const text = await page.locator(".hotspot-panel").textContent();
    assert.match(text, new RegExp(`Incidents${feature.properties.incidents.toLocaleString("en-GB")}`));
  });

  test("list entries are buttons that work from the keyboard", async () => {
    const code = doc.priority_wards[doc.priority_wards.length - 1];
    await page.keyboard.press("Escape");
    await page.focus(`#priority-list button[data-ward-code="${code}"]`);
    await page.keyboard.press("Enter");
    await page.waitForSelector(`.ward-panel[data-ward-code="${code}"]`, { timeout: 10_000 });
    await settled();
  });

  test(`a ward named ${TRICKY_NAME} shows those characters literally`, async () => {
    const ward = doc.wards.find((entry) => entry.code === analysis.renamedCode);
    assert.equal(ward?.name, TRICKY_NAME, "analyse kept the name");
    await openWard(ward.code);
    const shown = await page.evaluate(() => {
      const panel = document.querySelector(".ward-panel");
      return { title: panel.querySelector(".panel-title").textContent, bold: document.querySelectorAll("#details b, .sidebar b").length };
    });
    assert.equal(shown.title, TRICKY_NAME);
    assert.equal(shown.bold, 0, "no <b> element was created from the name");
  });

  test("Download PNG gives a picture with the map, title and legend", async () => {
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#png-button")]);
    const file = await download.path();
    const png = readFileSync(file);
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const height = png.readUInt32BE(20);
    const canvasHeight = await page.evaluate(() => window.hotspotViewer.map.getCanvas().height);
    assert.ok(height > canvasHeight, `PNG ${height}px tall holds more than the ${canvasHeight}px map`);
    mkdirSync(artifactDir, { recursive: true });
    writeFileSync(path.join(artifactDir, "viewer-export.png"), png);
  });

  test("the printed page shows the title, the map picture and the legend but not the controls", async () => {
    await page.evaluate(() => window.dispatchEvent(new Event("beforeprint")));
    await page.emulateMedia({ media: "print" });
    try {
      const visible = await page.evaluate(() => {
        const shown = (selector) => {
          const node = document.querySelector(selector);
          return Boolean(node) && getComputedStyle(node).display !== "none" && node.getBoundingClientRect().height > 0;
        };
        return { title: shown("#title"), image: shown("#print-image"), legend: shown("#legend"),
          controls: shown(".controls"), lists: shown(".lists"),
          source: document.querySelector("#print-image").src.startsWith("data:image/png") };
      });
      assert.deepEqual(visible, { title: true, image: true, legend: true, controls: false, lists: false, source: true });
    } finally {
      await page.emulateMedia({ media: "screen" });
      await page.evaluate(() => window.dispatchEvent(new Event("afterprint")));
    }
  });

  test("using the page logged no console errors", () => {
    assert.deepEqual(consoleErrors, []);
  });

  test("the tile archive holds wards, hotspots and density layers with their properties", async () => {
    const archive = new PMTiles(new FileSource(path.join(analysis.out, "tiles.pmtiles")));
    const header = await archive.getHeader();
    assert.equal(header.tileType, 1, "MVT tiles");
    const z = Math.min(header.maxZoom, header.minZoom + 3);
    const low = tileFor(header.minLon, header.maxLat, z);
    const high = tileFor(header.maxLon, header.minLat, z);
    const layers = new Map();
    for (let x = low.x; x <= high.x; x += 1) {
      for (let y = low.y; y <= high.y; y += 1) {
        const tile = await archive.getZxy(z, x, y);
        if (!tile) continue;
        const decoded = new VectorTile(new PbfReader(new Uint8Array(tile.data)));
        for (const [name, layer] of Object.entries(decoded.layers)) {
          if (!layers.has(name) && layer.length > 0) layers.set(name, layer.feature(0).properties);
        }
      }
    }
    for (const name of ["wards", "hotspots", "density"]) assert.ok(layers.has(name), `layer ${name} in tiles`);
    for (const key of ["ward_code", "ward_name", "total"]) assert.ok(key in layers.get("wards"), `wards.${key}`);
    for (const key of ["id", "layer", "class", "rank", "incidents"]) assert.ok(key in layers.get("hotspots"), `hotspots.${key}`);
    for (const key of ["layer", "band"]) assert.ok(key in layers.get("density"), `density.${key}`);
  });
});

