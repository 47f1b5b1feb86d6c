// The output folder opened from disk (file://…/index.html, no server), as someone would open a
// folder handed to them: the map, labels, hotspot areas, density and lists all show, and the
// page says in words what needs the server.
import assert from "node:assert/strict";
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { chromium } from "playwright-core";
import {
  CHROMIUM, CHROMIUM_ARGS, analyseDemo, artifactDir, missingPrerequisite, newPage, rendered, viewerReady,
} from "../testing/harness.mjs";

const skip = missingPrerequisite();

describe("the viewer opened from disk", { skip: skip ?? false }, () => {
  let analysis;
  let browser;
  let page;
  let doc;
  const errors = [];

  before(async () => {
    analysis = analyseDemo();
    doc = JSON.parse(readFileSync(path.join(analysis.out, "wards.json"), "utf8"));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    page = await newPage(browser, errors);
    await page.goto(`file://${path.join(analysis.out, "index.html")}`);
    await viewerReady(page);
  });

  after(async () => {
    await page?.screenshot({ path: path.join(artifactDir(), "viewer-from-disk.png") }).catch(() => {});
    await browser?.close();
    if (analysis) rmSync(analysis.work, { recursive: true, force: true });
  });

  test("draws wards, ward names, numbered hotspot outlines and the density picture", async () => {
    const drawn = await rendered(page, ["wards-fill", "labels-wards", "hotspots-outline", "hotspots-badges"]);
    const count = (id) => drawn.filter((feature) => feature.layer === id).length;
    assert.ok(count("wards-fill") >= 5, `wards drawn: ${count("wards-fill")}`);
    assert.ok(count("labels-wards") >= 5, `ward names drawn: ${count("labels-wards")}`);
    assert.ok(count("hotspots-outline") > 0 && count("hotspots-badges") > 0, "hotspot areas drawn");
    const first = doc.layers[0].name;
    const density = await page.evaluate((name) => {
      const map = window.hotspotViewer.map;
      return { visibility: map.getLayoutProperty(`density-${name}`, "visibility"), loaded: map.getSource(`density-${name}`).loaded() };
    }, first);
    assert.deepEqual(density, { visibility: "visible", loaded: true });
  });

  test("fills the controls and ranked lists", async () => {
    assert.equal(await page.locator("#layer-choice input").count(), doc.layers.length + 1);
    assert.ok(await page.locator("#hotspot-lists button").count() > 0);
    assert.equal(await page.locator("#priority-list button").count(), doc.priority_wards.length);
    assert.equal(await page.locator("#ward-picker option").count(), doc.wards.length + 1);
  });

  test("says in plain words that incident points need the server", async () => {
    const notice = await page.locator("#notices").textContent();
    assert.match(notice, /Opened from disk/);
    assert.match(notice, /hotspot serve/);
  });

  test("logged no errors", () => {
    assert.deepEqual(errors, []);
  });
});
