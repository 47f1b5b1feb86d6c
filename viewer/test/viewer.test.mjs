// Browser tests of the viewer: `hotspot analyse` on the demo area (one ward renamed to
// `<b>&"'`), `hotspot serve` on a free port, Debian's Chromium driven by playwright-core.
import assert from "node:assert/strict";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { VectorTile } from "@mapbox/vector-tile";
import { PbfReader } from "pbf";
import { PMTiles } from "pmtiles";
import { chromium } from "playwright-core";
import {
  CHROMIUM, CHROMIUM_ARGS, FileSource, TRICKY_NAME, analyseDemoWithTrickyName, artifactDir as artifacts,
  missingPrerequisite, newPage, parseCsv, rendered, startServer, tileFor,
} from "../testing/harness.mjs";

const skip = missingPrerequisite();
const artifactDir = skip ? "" : artifacts();

// Street labels for the map: the analysis's own labels.geojson when it has one, else a few
// streets placed at the hotspot areas' centres (the page must draw whatever the file holds).
function ensureStreetLabels(out, hotspots) {
  const file = path.join(out, "labels.geojson");
  if (existsSync(file)) {
    const labels = JSON.parse(readFileSync(file, "utf8")).features.filter((f) => f.properties.kind === "street");
    if (labels.length > 0) return labels;
  }
  const labels = hotspots.slice(0, 5).map((feature, k) => {
    const ring = feature.geometry.type === "Polygon" ? feature.geometry.coordinates[0] : feature.geometry.coordinates[0][0];
    const lon = ring.reduce((sum, p) => sum + p[0], 0) / ring.length;
    const lat = ring.reduce((sum, p) => sum + p[1], 0) / ring.length;
    return { type: "Feature", properties: { kind: "street", name: `Test Street ${k + 1}`, weight: 50 - k },
      geometry: { type: "Point", coordinates: [lon, lat] } };
  });
  writeFileSync(file, JSON.stringify({ type: "FeatureCollection", features: labels }));
  return labels;
}

describe("the viewer on the demo analysis", { skip: skip ?? false }, () => {
  let analysis;
  let server;
  let browser;
  let page;
  const consoleErrors = [];
  const requested = [];  // paths the page asked the server for
  let doc;
  let csvRows;
  let hotspots;
  let streets;

  before(async () => {
    analysis = analyseDemoWithTrickyName();
    doc = JSON.parse(readFileSync(path.join(analysis.out, "wards.json"), "utf8"));
    csvRows = parseCsv(readFileSync(path.join(analysis.out, "wards.csv"), "utf8"));
    const hotspotsFile = path.join(analysis.out, "hotspots.geojson");
    hotspots = existsSync(hotspotsFile) ? JSON.parse(readFileSync(hotspotsFile, "utf8")).features : [];
    streets = ensureStreetLabels(analysis.out, hotspots);
    server = await startServer(analysis.out);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    page = await newPage(browser, consoleErrors);
    page.on("request", (request) => requested.push(new URL(request.url()).pathname));
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
      await page.keyboard.press("Escape").catch(() => {});
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
    const chosen = await page.locator("#layer-choice input:checked").getAttribute("id");
    if (!point) {
      await page.check("#layer-none");
      await settled();
      point = await findPoint();
    }
    assert.ok(point, `ward ${code} is drawn on the map`);
    await page.mouse.click(point.x, point.y);
    await page.waitForSelector(`.ward-panel[data-ward-code="${code}"]`, { timeout: 10_000 });
    await page.check(`#${chosen}`);
  };

  test("the page loads with no console errors", () => {
    assert.deepEqual(consoleErrors, []);
  });

  const layerNames = () => doc.layers.map((layer) => layer.name);
  const wardBounds = () => {
    const boxes = doc.wards.map((ward) => ward.bbox);
    return [Math.min(...boxes.map((b) => b[0])), Math.min(...boxes.map((b) => b[1])),
      Math.max(...boxes.map((b) => b[2])), Math.max(...boxes.map((b) => b[3]))];
  };
  const inside = ([lon, lat], [west, south, east, north], margin = 0) =>
    lon >= west - margin && lon <= east + margin && lat >= south - margin && lat <= north + margin;

  test("wards, ward names and the first layer's numbered hotspot outlines are drawn", async () => {
    const first = layerNames()[0];
    assert.equal(await page.locator("#layer-choice input:checked").getAttribute("value"), first);
    const drawn = await rendered(page, ["wards-fill", "labels-wards", "hotspots-outline", "hotspots-badges"]);
    const of = (id) => drawn.filter((feature) => feature.layer === id);
    assert.ok(new Set(of("wards-fill").map((f) => f.properties.ward_code)).size >= Math.min(5, doc.wards.length));
    const wardNames = new Set(doc.wards.map((ward) => ward.name));
    const names = of("labels-wards").map((f) => f.properties.name);
    assert.ok(names.length >= 5, `ward names drawn: ${names.length}`);
    for (const name of names) assert.ok(wardNames.has(name), `label ${name} is a ward name`);
    assert.ok(of("hotspots-outline").length > 0, "hotspot outlines drawn");
    assert.ok(of("hotspots-badges").length > 0, "rank badges drawn");
    for (const feature of [...of("hotspots-outline"), ...of("hotspots-badges")]) {
      assert.equal(feature.properties.layer, first, "only the chosen layer's areas are drawn");
    }
  });

  test("choosing another layer shows only its outlines, badges and density", async () => {
    const second = layerNames()[1];
    await page.check(`#layer-${second}`);
    await settled();
    const drawn = await rendered(page, ["hotspots-outline", "hotspots-badges"]);
    const expected = hotspots.filter((f) => f.properties.layer === second);
    assert.ok(expected.length > 0, `the demo has ${second} areas`);
    assert.ok(drawn.length > 0, `${second} outlines drawn`);
    for (const feature of drawn) assert.equal(feature.properties.layer, second);
    const visible = await page.evaluate((names) => names.map((name) =>
      window.hotspotViewer.map.getLayoutProperty(`density-${name}`, "visibility")), layerNames());
    assert.deepEqual(visible, layerNames().map((name) => (name === second ? "visible" : "none")));
    const legend = await page.locator("#legend").textContent();
    assert.match(legend, /incidents per km²/);
    assert.match(legend, new RegExp(doc.layers[1].title));
    await page.check(`#layer-${layerNames()[0]}`);
    await settled();
  });

  test("no label, badge or density picture is drawn outside the data", async () => {
    const bounds = wardBounds();
    const drawn = await rendered(page, ["labels-wards", "hotspots-badges"]);
    for (const feature of drawn) assert.ok(inside(feature.point, bounds, 1e-6), `${feature.layer} at ${feature.point}`);
    const ranks = new Set(hotspots.map((f) => `${f.properties.layer}/${f.properties.rank}`));
    for (const feature of drawn.filter((f) => f.layer === "hotspots-badges")) {
      assert.ok(ranks.has(`${feature.properties.layer}/${feature.properties.rank}`), "badge of a real area");
    }
    for (const name of layerNames()) {
      const image = JSON.parse(readFileSync(path.join(analysis.out, "density", `${name}.json`), "utf8"));
      // The picture covers the density grid, which covers the wards: at most a few cells beyond.
      for (const corner of image.coordinates) assert.ok(inside(corner, bounds, 0.02), `${name} corner ${corner}`);
    }
  });

  test("street names are drawn at street level", async () => {
    const target = streets[0].geometry.coordinates;
    await page.evaluate((center) => window.hotspotViewer.map.jumpTo({ center, zoom: 15.5 }), target);
    await settled();
    const names = new Set(streets.map((f) => f.properties.name));
    const drawn = (await rendered(page, ["labels-streets"])).map((f) => f.properties.name);
    assert.ok(drawn.length > 0, "street labels drawn");
    for (const name of drawn) assert.ok(names.has(name), `${name} is a street in labels`);
    await page.screenshot({ path: path.join(artifactDir, "viewer-street-level.png") });
  });

  test("incident points are drawn at street level, and the tiles carry them from zoom 14 only", async () => {
    const metadata = await new PMTiles(new FileSource(path.join(analysis.out, "tiles.pmtiles"))).getMetadata();
    const incidents = metadata.vector_layers.find((layer) => layer.id === "incidents");
    assert.equal(incidents?.minzoom, 14, "the incidents layer starts at zoom 14, where the viewer draws it");
    // The first layer's busiest patrol area: its incidents are the ones the map shows.
    const centre = [hotspots[0].properties.centre_lon, hotspots[0].properties.centre_lat];
    await page.evaluate((center) => window.hotspotViewer.map.jumpTo({ center, zoom: 15 }), centre);
    await settled();
    const drawn = await rendered(page, ["incidents"]);
    assert.ok(drawn.length > 0, "incident points drawn at zoom 15");
    for (const point of drawn) assert.ok(typeof point.properties.category === "string", "each has its category");
  });

  test("labels come from the tiles: labels.geojson is not downloaded when the tiles hold them", async () => {
    const layers = await page.evaluate(() => [...window.hotspotViewer.map.getStyle().layers]
      .filter((layer) => layer.id.startsWith("labels-")).map((layer) => layer.source));
    assert.deepEqual(layers, ["analysis", "analysis"], "both label layers read the tile source");
    assert.ok(requested.some((pathname) => pathname.endsWith("/tiles.pmtiles")), "tiles read");
    assert.ok(!requested.some((pathname) => pathname.endsWith("/labels.geojson")), "labels.geojson not fetched");
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

  test("the tile archive holds the wards and hotspots layers with their properties", async () => {
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
    for (const name of ["wards", "hotspots"]) assert.ok(layers.has(name), `layer ${name} in tiles`);
    for (const key of ["ward_code", "ward_name", "priority_rank"]) assert.ok(key in layers.get("wards"), `wards.${key}`);
    // The map colours wards by code from wards.json: the measures stay out of every tile.
    for (const key of ["total", "total_rate"]) assert.ok(!(key in layers.get("wards")), `no wards.${key} in tiles`);
    for (const key of ["id", "layer", "rank", "incidents"]) assert.ok(key in layers.get("hotspots"), `hotspots.${key}`);
  });
});

