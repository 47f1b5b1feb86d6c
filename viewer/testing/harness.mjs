// Shared by the browser tests: a demo analysis in a temporary folder, `hotspot serve` on a free
// port, Chromium from Debian through playwright-core, and readers for wards.csv and tiles.pmtiles.
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { open } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

export const CHROMIUM = "/usr/bin/chromium";
export const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];
export const TRICKY_NAME = `<b>&"'`;

// Why the browser tests cannot run here, or null when they can.
export function missingPrerequisite() {
  const binary = process.env.HOTSPOT_BINARY;
  const source = process.env.HOTSPOT_SOURCE_DIR;
  if (!binary) return "HOTSPOT_BINARY is not set (ctest sets it to the built hotspot)";
  // Set but missing means the build is broken: fail rather than skip.
  if (!existsSync(binary)) throw new Error(`HOTSPOT_BINARY ${binary} does not exist; build the hotspot target`);
  if (!source || !existsSync(path.join(source, "geodata/demo/hotspot.toml"))) {
    return `HOTSPOT_SOURCE_DIR (${source ?? "unset"}) has no geodata/demo/hotspot.toml`;
  }
  if (!existsSync(CHROMIUM)) return `${CHROMIUM} is not installed (apt-get install chromium)`;
  return null;
}

// Reads `key = "value"` from a TOML file's text: enough for the demo config's input paths.
function tomlString(text, key) {
  const match = text.match(new RegExp(`^\\s*${key}\\s*=\\s*"([^"]*)"`, "m"));
  return match ? match[1] : null;
}

// Copies the demo inputs, renames the first ward to TRICKY_NAME and analyses them.
// Returns { out, renamedCode }.
export function analyseDemoWithTrickyName() {
  const work = mkdtempSync(path.join(tmpdir(), "hotspot-viewer-test-"));
  const demo = path.join(work, "demo");
  cpSync(path.join(process.env.HOTSPOT_SOURCE_DIR, "geodata/demo"), demo, { recursive: true });
  const configPath = path.join(demo, "hotspot.toml");
  const config = readFileSync(configPath, "utf8");
  const wardsFile = path.join(demo, tomlString(config, "wards") ?? "wards.geojson");
  const wards = JSON.parse(readFileSync(wardsFile, "utf8"));
  const properties = wards.features[0].properties;
  const nameField = tomlString(config, "name_field") ??
    Object.keys(properties).find((key) => /name|nm$/i.test(key));
  const codeField = tomlString(config, "code_field") ??
    Object.keys(properties).find((key) => /code|cd$/i.test(key));
  properties[nameField] = TRICKY_NAME;
  writeFileSync(wardsFile, JSON.stringify(wards));
  const out = path.join(work, "out");
  const run = spawnSync(process.env.HOTSPOT_BINARY, ["analyse", "--config", configPath, "--out", out, "--quiet"],
    { encoding: "utf8", timeout: 300_000 });
  if (run.status !== 0) {
    rmSync(work, { recursive: true, force: true });
    throw new Error(`hotspot analyse failed (${run.status}): ${run.stderr}`);
  }
  return { work, out, renamedCode: String(properties[codeField]) };
}

// Starts `hotspot serve DIR --port 0` and resolves with { url, process } once it prints its line.
export function startServer(dir) {
  const child = spawn(process.env.HOTSPOT_BINARY, ["serve", dir, "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`hotspot serve printed no URL: ${output}`)), 20_000);
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk) => {
      output += chunk;
      const match = output.match(/^Serving .* at (http:\/\/127\.0\.0\.1:\d+\/)$/m);
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[1], process: child });
      }
    });
    child.on("exit", (code) => reject(new Error(`hotspot serve exited with ${code}: ${output}`)));
  });
}

// RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks.
export function parseCsv(text) {
  if (text.startsWith("\uFEFF")) text = text.slice(1);  // Hotspot's CSVs start with a byte-order mark
  const rows = [];
  let row = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i += 1; } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") { row.push(field); field = ""; } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i += 1;
      row.push(field); rows.push(row); row = []; field = "";
    } else field += c;
  }
  if (field !== "" || row.length > 0) { row.push(field); rows.push(row); }
  const [header, ...body] = rows.filter((r) => r.length > 1 || r[0] !== "");
  return body.map((values) => Object.fromEntries(header.map((name, k) => [name, values[k]])));
}

// A pmtiles Source over a local file, for reading the archive the way the page does.
export class FileSource {
  constructor(file) { this.file = file; }
  getKey() { return this.file; }
  async getBytes(offset, length) {
    const handle = await open(this.file);
    try {
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, offset);
      return { data: buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + bytesRead) };
    } finally {
      await handle.close();
    }
  }
}

// Web Mercator tile numbers containing a lon/lat at zoom z.
export function tileFor(lon, lat, z) {
  const n = 2 ** z;
  const x = Math.floor(((lon + 180) / 360) * n);
  const radians = (lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(radians) + 1 / Math.cos(radians)) / Math.PI) / 2) * n);
  return { x: Math.min(n - 1, Math.max(0, x)), y: Math.min(n - 1, Math.max(0, y)) };
}

// Runs `hotspot analyse` on the demo area into a new temporary folder: { work, out }.
export function analyseDemo(extraArgs = []) {
  const work = mkdtempSync(path.join(tmpdir(), "hotspot-viewer-test-"));
  const out = path.join(work, "out");
  const run = spawnSync(process.env.HOTSPOT_BINARY, ["analyse", "--config",
    path.join(process.env.HOTSPOT_SOURCE_DIR, "geodata/demo/hotspot.toml"), "--out", out, "--quiet", ...extraArgs],
  { encoding: "utf8", timeout: 300_000 });
  if (run.status !== 0) {
    rmSync(work, { recursive: true, force: true });
    throw new Error(`hotspot analyse failed (${run.status}): ${run.stderr}`);
  }
  return { work, out };
}

// A page that records console errors. A 404 for labels.geojson is expected: analyses made
// before labels existed have none, and the page then draws ward names from wards.geojson.
export async function newPage(browser, errors) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    if (/labels\.geojson$/.test(message.location()?.url ?? "")) return;
    errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  return page;
}

// Waits for the viewer to be ready, and for the camera to stop after a move.
export const viewerReady = (page) =>
  page.waitForFunction(() => window.hotspotViewer?.ready === true, null, { timeout: 60_000 });
// The map has drawn what the page last asked for: not moving, loaded, and one more frame
// rendered after it (a filter or visibility change shows only in the next frame, and a loaded,
// still map says nothing about that frame on a busy machine).
export const settled = async (page) => {
  await page.waitForFunction(() => {
    const map = window.hotspotViewer.map;
    return !map.isMoving() && map.loaded();
  }, null, { timeout: 30_000 });
  await page.evaluate(() => new Promise((resolve) => {
    const map = window.hotspotViewer.map;
    map.once("idle", resolve);
    map.triggerRepaint();
  }));
};

// Where the tests keep their pictures (ctest sets HOTSPOT_ARTIFACT_DIR).
export function artifactDir() {
  const dir = process.env.HOTSPOT_ARTIFACT_DIR ?? path.join(process.env.HOTSPOT_SOURCE_DIR ?? ".", "build", "test-artifacts");
  mkdirSync(dir, { recursive: true });
  return dir;
}

// What the map draws now, read back from MapLibre: the rendered features of `layers`, reduced
// to their properties and (for points) coordinates.
export function rendered(page, layers) {
  return page.evaluate((ids) => window.hotspotViewer.map.queryRenderedFeatures({ layers: ids }).map((feature) => ({
    layer: feature.layer.id, properties: feature.properties,
    point: feature.geometry.type === "Point" ? feature.geometry.coordinates : null,
  })), layers);
}
