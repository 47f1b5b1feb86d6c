// Builds what `hotspot analyse` copies into an output folder's vendor/ (run by `npm run build`,
// which CMake runs before building `hotspot`):
//   hotspot-viewer.js        the page's modules, MapLibre GL JS and pmtiles as ONE classic script
//                            (esbuild), because a page opened from disk (file://) cannot load
//                            module scripts;
//   maplibre-gl-worker.js    MapLibre's worker as a string, for file:// where it cannot be fetched;
//   maplibre-gl.css, LICENSE-*.txt;
//   fonts/<fontstack>/<start>-<end>.pbf  SDF glyph ranges for map labels, made by Mapbox's
//                            fontnik from Debian's DejaVu Sans (fonts-dejavu-core), so labels
//                            need no network;
//   fonts/glyphs-inline.js   the ranges Latin place names use, as base64, for file://.
import { createRequire } from "node:module";
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, "dist");
const packages = path.join(here, "node_modules");
if (!existsSync(path.join(packages, "esbuild")) || !existsSync(path.join(packages, "fontnik"))) {
  console.error(`The viewer's npm packages are not installed in ${packages}: run npm ci in viewer/ (./run build does).`);
  process.exit(1);
}
const { build } = await import("esbuild");

// Debian's fonts-dejavu-core; HOTSPOT_FONT_DIR points elsewhere (another distribution).
const fontDir = process.env.HOTSPOT_FONT_DIR ?? "/usr/share/fonts/truetype/dejavu";
const FONTS = ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"];
// Ranges shipped: Latin (with Extended-A/B and Additional: Welsh ŵ, ẁ), IPA and combining marks,
// Greek, Cyrillic, General Punctuation (– ’ …), letterlike symbols and arrows. Other ranges come
// back empty (basemap.mjs), which keeps the output folder small.
const SHIPPED = (start) => start < 1280 || (start >= 7680 && start < 8704);
// Inlined for file://: Basic Latin + Latin-1, Latin Extended-A, General Punctuation.
const INLINE_RANGES = [0, 256, 8192];

async function bundle() {
  await build({
    entryPoints: [path.join(here, "page/app.mjs")],
    bundle: true,
    format: "iife",
    minify: true,
    legalComments: "eof",
    target: "es2022",
    outfile: path.join(out, "hotspot-viewer.js"),
    logLevel: "warning",
    // MapLibre asks import.meta.url where its worker is; the page sets the worker URL itself.
    logOverride: { "empty-import-meta": "silent" },
  });
  const worker = readFileSync(path.join(packages, "maplibre-gl/dist/maplibre-gl-worker.mjs"), "utf8");
  copyFileSync(path.join(packages, "maplibre-gl/dist/maplibre-gl-worker.mjs"), path.join(out, "maplibre-gl-worker.mjs"));
  writeFileSync(path.join(out, "maplibre-gl-worker.js"),
    `// MapLibre GL JS's worker (${readVersion("maplibre-gl")}) as a string, for pages opened from disk.\n` +
    `window.HOTSPOT_MAPLIBRE_WORKER = ${JSON.stringify(worker)};\n`);
  copyFileSync(path.join(packages, "maplibre-gl/dist/maplibre-gl.css"), path.join(out, "maplibre-gl.css"));
  copyFileSync(path.join(packages, "maplibre-gl/LICENSE.txt"), path.join(out, "LICENSE-maplibre-gl.txt"));
  copyFileSync(path.join(packages, "fflate/LICENSE"), path.join(out, "LICENSE-fflate.txt"));
  copyFileSync(path.join(packages, "polylabel/LICENSE"), path.join(out, "LICENSE-polylabel.txt"));
}

function readVersion(name) {
  return JSON.parse(readFileSync(path.join(packages, name, "package.json"), "utf8")).version;
}

const call = (fn, ...args) => new Promise((resolve, reject) =>
  fn(...args, (error, result) => (error ? reject(error) : resolve(result))));

// Every 256-codepoint range the font covers, as fontnik's SDF protobuf (24 px, 3 px buffer).
async function glyphs() {
  const fontnik = require("fontnik");
  const inline = {};
  for (const file of FONTS) {
    const fontPath = path.join(fontDir, file);
    if (!existsSync(fontPath)) {
      throw new Error(`${fontPath} is missing: install Debian's fonts-dejavu-core (apt-get install fonts-dejavu-core) ` +
        "or set HOTSPOT_FONT_DIR to a folder holding DejaVuSans.ttf and DejaVuSans-Bold.ttf");
    }
    const font = readFileSync(fontPath);
    const [face] = await call(fontnik.load, font);
    const fontstack = `${face.family_name} ${face.style_name}`;
    const starts = [...new Set(face.points.map((codepoint) => codepoint - (codepoint % 256)))]
      .filter(SHIPPED).sort((a, b) => a - b);
    const dir = path.join(out, "fonts", fontstack);
    mkdirSync(dir, { recursive: true });
    for (const start of starts) {
      const pbf = await call(fontnik.range, { font, start, end: start + 255 });
      writeFileSync(path.join(dir, `${start}-${start + 255}.pbf`), pbf);
      if (INLINE_RANGES.includes(start)) inline[`${fontstack}/${start}-${start + 255}`] = Buffer.from(pbf).toString("base64");
    }
    console.log(`glyphs: ${fontstack}, ${starts.length} ranges`);
  }
  const licence = "/usr/share/doc/fonts-dejavu-core/copyright";
  if (existsSync(licence)) copyFileSync(licence, path.join(out, "fonts", "LICENSE-DejaVu.txt"));
  writeFileSync(path.join(out, "fonts", "glyphs-inline.js"),
    "// SDF glyph ranges for map labels (fontnik, DejaVu Sans) as base64, for pages opened from disk.\n" +
    `window.HOTSPOT_GLYPHS = ${JSON.stringify(inline)};\n`);
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
await bundle();
await glyphs();
writeFileSync(path.join(out, "BUILT"), `maplibre-gl ${readVersion("maplibre-gl")}, pmtiles ${readVersion("pmtiles")}\n`);
