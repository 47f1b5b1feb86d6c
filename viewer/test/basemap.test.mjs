// A basemap beneath the analysis: a small vector archive made by Hotspot's own tiler (roads and
// a place name over the demo town), drawn with a minimal style, given to analyse --basemap.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { chromium } from "playwright-core";
import {
  CHROMIUM, CHROMIUM_ARGS, analyseDemo, artifactDir, missingPrerequisite, newPage, rendered, startServer,
  viewerReady,
} from "../testing/harness.mjs";

const skip = missingPrerequisite();
const PLACE = "Testborough";

// Two roads crossing the area and a town name at its centre, as GeoJSON.
function writeFixture(dir, [west, south, east, north]) {
  const [cx, cy] = [(west + east) / 2, (south + north) / 2];
  const roads = { type: "FeatureCollection", features: [
    { type: "Feature", properties: { name: "High Road" }, geometry: { type: "LineString", coordinates: [[west, cy], [east, cy]] } },
    { type: "Feature", properties: { name: "North Avenue" }, geometry: { type: "LineString", coordinates: [[cx, south], [cx, north]] } },
  ] };
  const places = { type: "FeatureCollection", features: [
    { type: "Feature", properties: { name: PLACE }, geometry: { type: "Point", coordinates: [cx + (east - west) * 0.12, cy + (north - south) * 0.08] } },
  ] };
  writeFileSync(path.join(dir, "roads.geojson"), JSON.stringify(roads));
  writeFileSync(path.join(dir, "places.geojson"), JSON.stringify(places));
  // A minimal style: the archive is copied next to the page as basemap.pmtiles. Its font is not
  // shipped: the page redraws basemap labels in the fonts it carries.
  const style = { version: 8, sources: { base: { type: "vector", url: "pmtiles://basemap.pmtiles" } }, layers: [
    { id: "test-roads", type: "line", source: "base", "source-layer": "roads", paint: { "line-color": "#999999", "line-width": 3 } },
    { id: "test-places", type: "symbol", source: "base", "source-layer": "places",
      layout: { "text-field": ["get", "name"], "text-font": ["Noto Sans Bold"], "text-size": 16 } },
  ] };
  writeFileSync(path.join(dir, "style.json"), JSON.stringify(style));
}

describe("a basemap beneath the viewer", { skip: skip ?? false }, () => {
  let first;
  let analysis;
  let server;
  let browser;
  let page;
  const errors = [];

  before(async () => {
    first = analyseDemo(["--no-viewer", "--no-tiles"]);
    const doc = JSON.parse(readFileSync(path.join(first.out, "wards.json"), "utf8"));
    const boxes = doc.wards.map((ward) => ward.bbox);
    writeFixture(first.work, [Math.min(...boxes.map((b) => b[0])), Math.min(...boxes.map((b) => b[1])),
      Math.max(...boxes.map((b) => b[2])), Math.max(...boxes.map((b) => b[3]))]);
    const tiles = spawnSync(process.env.HOTSPOT_BINARY, ["tiles", "--layer", `roads=${path.join(first.work, "roads.geojson")}`,
      "--layer", `places=${path.join(first.work, "places.geojson")}`, "--minzoom", "8", "--maxzoom", "14",
      "--out", path.join(first.work, "basemap.pmtiles")], { encoding: "utf8" });
    assert.equal(tiles.status, 0, tiles.stderr);
    analysis = analyseDemo(["--basemap", path.join(first.work, "basemap.pmtiles"),
      "--basemap-style", path.join(first.work, "style.json"), "--maxzoom", "13"]);
    server = await startServer(analysis.out);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    page = await newPage(browser, errors);
    await page.goto(server.url);
    await viewerReady(page);
  });

  after(async () => {
    await page?.screenshot({ path: path.join(artifactDir(), "viewer-basemap.png") }).catch(() => {});
    await browser?.close();
    server?.process.kill();
    for (const run of [first, analysis]) if (run) rmSync(run.work, { recursive: true, force: true });
  });

  test("draws the basemap's roads and place name beneath the analysis", async () => {
    const drawn = await rendered(page, ["test-roads", "test-places"]);
    assert.ok(drawn.some((f) => f.layer === "test-roads"), "roads drawn");
    assert.deepEqual(drawn.filter((f) => f.layer === "test-places").map((f) => f.properties.name), [PLACE]);
    const order = await page.evaluate(() => window.hotspotViewer.map.getStyle().layers.map((layer) => layer.id));
    assert.ok(order.indexOf("test-roads") < order.indexOf("wards-outline"), "roads beneath the wards");
    assert.ok(order.indexOf("test-roads") < order.indexOf("hotspots-outline"), "roads beneath the hotspots");
    const font = await page.evaluate(() => window.hotspotViewer.map.getLayoutProperty("test-places", "text-font"));
    assert.deepEqual(font, ["DejaVu Sans Bold"], "basemap labels use the shipped glyphs");
  });

  test("logged no errors", () => {
    assert.deepEqual(errors, []);
  });

  test("analyse refuses a basemap that is neither an archive nor a style URL", () => {
    const run = spawnSync(process.env.HOTSPOT_BINARY, ["analyse", "--config",
      path.join(process.env.HOTSPOT_SOURCE_DIR, "geodata/demo/hotspot.toml"), "--basemap", "map.png",
      "--out", path.join(first.work, "refused")], { encoding: "utf8" });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /--basemap 'map\.png': expected an offline vector basemap/);
  });
});
