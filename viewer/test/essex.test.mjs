// The viewer and the print pack on the real Essex police.uk data (../shared/data), looked at as a
// newcomer would: the whole county, Southend at zoom 13, the folder opened from disk, and the PDF.
// Pictures go to HOTSPOT_ARTIFACT_DIR. Skipped when the data is absent, except under CI.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { chromium } from "playwright-core";
import {
  CHROMIUM, CHROMIUM_ARGS, artifactDir, missingPrerequisite, newPage, rendered, settled, startServer, viewerReady,
} from "../testing/harness.mjs";

const data = path.join(process.env.HOTSPOT_SOURCE_DIR ?? ".", "..", "shared", "data", "essex");
const prerequisite = missingPrerequisite();
if (!prerequisite && !existsSync(data) && process.env.CI) {
  throw new Error(`${data} is missing: CI must have ../shared/data`);
}
const skip = prerequisite ?? (existsSync(data) ? null : `${data} is absent (it is in ../shared/data in CI)`);
const SOUTHEND = [0.705, 51.54];

describe("the viewer and briefing on the Essex police.uk data", { skip: skip ?? false }, () => {
  let work;
  let out;
  let server;
  let browser;
  let doc;
  const errors = [];

  before(async () => {
    work = mkdtempSync(path.join(tmpdir(), "hotspot-essex-viewer-"));
    out = path.join(work, "out");
    const run = spawnSync(process.env.HOTSPOT_BINARY, ["analyse", "--incidents", path.join(data, "police-uk"),
      "--wards", path.join(data, "wards-2013.geojson"), "--out", out, "--maxzoom", "14", "--pdf", "--quiet"],
    { encoding: "utf8", timeout: 300_000 });
    assert.equal(run.status, 0, run.stderr);
    doc = JSON.parse(readFileSync(path.join(out, "wards.json"), "utf8"));
    server = await startServer(out);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });

  after(async () => {
    await browser?.close();
    server?.process.kill();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  test("served: the county with numbered burglary areas, and Southend at zoom 13 with ward names", async () => {
    const page = await newPage(browser, errors);
    await page.goto(server.url);
    await viewerReady(page);
    await page.screenshot({ path: path.join(artifactDir(), "essex-served.png") });
    const county = await rendered(page, ["hotspots-outline", "hotspots-badges", "labels-wards"]);
    assert.ok(county.some((f) => f.layer === "hotspots-badges"), "rank badges drawn");
    for (const feature of county.filter((f) => f.layer !== "labels-wards")) assert.equal(feature.properties.layer, "burglary");
    await page.evaluate((center) => window.hotspotViewer.map.jumpTo({ center, zoom: 13 }), SOUTHEND);
    await settled(page);
    const names = (await rendered(page, ["labels-wards"])).map((f) => f.properties.name);
    assert.ok(names.length >= 4, `ward names in Southend at zoom 13: ${names.join(", ")}`);
    await page.screenshot({ path: path.join(artifactDir(), "essex-southend-z13.png") });
    await page.close();
  });

  test("from disk: the same map with no server", async () => {
    const page = await newPage(browser, errors);
    await page.goto(`file://${path.join(out, "index.html")}`);
    await viewerReady(page);
    const drawn = await rendered(page, ["hotspots-outline", "labels-wards"]);
    assert.ok(drawn.some((f) => f.layer === "hotspots-outline") && drawn.some((f) => f.layer === "labels-wards"));
    await page.screenshot({ path: path.join(artifactDir(), "essex-from-disk.png") });
    await page.close();
  });

  test("briefing.pdf: an overview page and one page per layer, none blank", () => {
    const pdf = path.join(out, "briefing.pdf");
    const info = spawnSync("pdfinfo", [pdf], { encoding: "utf8" });
    assert.equal(info.status, 0, info.stderr);
    const expected = 1 + doc.layers.length + Math.min(8, doc.priority_wards.length);
    assert.match(info.stdout, new RegExp(`Pages:\\s+${expected}\\b`));
    const png = spawnSync("pdftoppm", ["-r", "70", "-png", pdf, path.join(artifactDir(), "essex-briefing-page")]);
    assert.equal(png.status, 0);
  });

  test("logged no errors", () => {
    assert.deepEqual(errors, []);
  });
});
