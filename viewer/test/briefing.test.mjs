// The print pack as a meeting would get it: analyse --pdf prints briefing.html to briefing.pdf
// with Chromium; the PDF has one page for the overview, one per layer and one per priority ward,
// each with something on it (pdftoppm), and the public version shows no small counts or times.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { analyseDemo, artifactDir, missingPrerequisite } from "../testing/harness.mjs";

const skip = missingPrerequisite() ??
  (existsSync("/usr/bin/pdftoppm") ? null : "pdftoppm is not installed (apt-get install poppler-utils)");

// Share of a greyscale PGM page (P5) that is not white.
function inkShare(file) {
  const bytes = readFileSync(file);
  const header = bytes.toString("latin1", 0, 64).split(/\s+/);
  const [width, height] = [Number(header[1]), Number(header[2])];
  const pixels = bytes.subarray(bytes.length - width * height);
  let ink = 0;
  for (const value of pixels) if (value < 235) ink += 1;
  return ink / pixels.length;
}

// Pages of a PDF as PGM files (for counting ink) and small PNGs (kept as test artefacts).
export function pdfPages(pdf, prefix) {
  const dir = path.dirname(pdf);
  const gray = spawnSync("pdftoppm", ["-r", "30", "-gray", pdf, path.join(dir, "page")]);
  assert.equal(gray.status, 0, String(gray.stderr));
  spawnSync("pdftoppm", ["-r", "70", "-png", pdf, path.join(artifactDir(), prefix)]);
  return readdirSync(dir).filter((name) => /^page-\d+\.pgm$/.test(name)).sort()
    .map((name) => path.join(dir, name));
}

describe("the briefing pack", { skip: skip ?? false }, () => {
  let analysis;
  let doc;

  before(() => {
    analysis = analyseDemo(["--pdf", "--no-tiles"]);
    doc = JSON.parse(readFileSync(path.join(analysis.out, "wards.json"), "utf8"));
  });
  after(() => { if (analysis) rmSync(analysis.work, { recursive: true, force: true }); });

  test("briefing.pdf is A4 with a page per layer and per priority ward, none blank", () => {
    const pdf = path.join(analysis.out, "briefing.pdf");
    const info = spawnSync("pdfinfo", [pdf], { encoding: "utf8" });
    assert.equal(info.status, 0, info.stderr);
    assert.match(info.stdout, /Page size:\s+59[45](\.\d+)? x 84[12](\.\d+)? pts \(A4\)/);
    const expected = 1 + doc.layers.length + Math.min(8, doc.priority_wards.length);
    assert.match(info.stdout, new RegExp(`Pages:\\s+${expected}\\b`));
    const pages = pdfPages(pdf, "briefing-demo-page");
    assert.equal(pages.length, expected);
    for (const page of pages) assert.ok(inkShare(page) > 0.01, `${path.basename(page)} has content`);
  });

  test("each layer page names its areas by rank and each ward page its ward", () => {
    const html = readFileSync(path.join(analysis.out, "briefing.html"), "utf8");
    for (const layer of doc.layers) assert.ok(html.includes(`<h1>${layer.title} hotspots</h1>`), layer.title);
    for (const code of doc.priority_wards.slice(0, 8)) {
      const ward = doc.wards.find((entry) => entry.code === code);
      assert.ok(html.includes(`${ward.code} · priority ward ${ward.priority_rank}`), ward.name);
    }
    assert.ok((html.match(/<svg[^>]*class="map"/g) ?? []).length >= doc.layers.length * 2, "maps drawn");
  });

  test("the public briefing shows no count under the minimum and no times of day", () => {
    const run = analyseDemo(["--public", "--minimum-count", "5", "--no-tiles", "--no-viewer"]);
    try {
      const html = readFileSync(path.join(run.out, "briefing.html"), "utf8");
      assert.ok(!html.includes("<th>When</th>"), "no When column");
      const counts = [...html.matchAll(/<td class="n count">([\d,]+)<\/td>/g)].map((m) => Number(m[1].replace(/,/g, "")));
      assert.ok(counts.length > 0);
      for (const count of counts) assert.ok(count === 0 || count >= 5, `count ${count}`);
      const bars = [...html.matchAll(/<rect [^>]*><title>([\d,]+)<\/title>/g)].map((m) => Number(m[1].replace(/,/g, "")));
      for (const count of bars) assert.ok(count === 0 || count >= 5, `monthly bar ${count}`);
    } finally {
      rmSync(run.work, { recursive: true, force: true });
    }
  });

  test("--pdf without Chromium stops with exit 2 naming the package", () => {
    const run = spawnSync(process.env.HOTSPOT_BINARY, ["analyse", "--config",
      path.join(process.env.HOTSPOT_SOURCE_DIR, "geodata/demo/hotspot.toml"), "--pdf",
      "--out", path.join(analysis.work, "no-chromium")], {
      encoding: "utf8", env: { ...process.env, HOTSPOT_CHROMIUM: "/nonexistent/chromium" } });
    assert.equal(run.status, 2, run.stderr);
    assert.match(run.stderr, /apt-get install chromium/);
  });
});
