// A public archive (hotspot analyse --public) holds no incident points, no count under the
// minimum and nothing of a sensitive category: every tile at every zoom is decoded and checked.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { VectorTile } from "@mapbox/vector-tile";
import { PbfReader } from "pbf";
import { PMTiles } from "pmtiles";
import { FileSource, tileFor } from "../testing/harness.mjs";

const binary = process.env.HOTSPOT_BINARY;
const source = process.env.HOTSPOT_SOURCE_DIR;
const MINIMUM = 5;
const SENSITIVE = "robbery";
// Properties that are incident counts, and so must be 0 or at least MINIMUM when present.
const NOT_COUNTS = new Set(["population", "priority_rank", "rank", "class", "band", "gi_confidence", "rate_ratio", "ratio_low",
  "ratio_high", "change_percent", "pai", "share", "area_km2", "peak_density", "density_min", "density_max",
  "centre_lon", "centre_lat", "expected"]);
// A small count written inside a string ("3 incidents") or a table hidden in one ("[[0,1,…]]").
const SMALL_COUNT_TEXT = /(^|[^0-9.,])[1-4] (record|incident|crime|offence)s?\b/i;

describe("a public tile archive", { skip: !binary || !source ? "HOTSPOT_BINARY / HOTSPOT_SOURCE_DIR not set (ctest sets them)" : false }, () => {
  let work;
  let archive;
  before(() => {
    work = mkdtempSync(path.join(tmpdir(), "hotspot-public-"));
    const run = spawnSync(binary, ["analyse", "--config", path.join(source, "geodata/demo/hotspot.toml"), "--public",
      "--minimum-count", String(MINIMUM), "--sensitive", SENSITIVE, "--maxzoom", "13", "--no-viewer", "--quiet",
      "--out", work], { encoding: "utf8", timeout: 300_000 });
    assert.equal(run.status, 0, run.stderr);
    archive = new PMTiles(new FileSource(path.join(work, "tiles.pmtiles")));
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  test("holds no incidents layer, no small counts and no sensitive category in any tile", async () => {
    const header = await archive.getHeader();
    let tiles = 0;
    let features = 0;
    for (let z = header.minZoom; z <= header.maxZoom; z += 1) {
      const low = tileFor(header.minLon, header.maxLat, z);
      const high = tileFor(header.maxLon, header.minLat, z);
      for (let x = low.x; x <= high.x; x += 1) {
        for (let y = low.y; y <= high.y; y += 1) {
          const tile = await archive.getZxy(z, x, y);
          if (!tile) continue;
          tiles += 1;
          const decoded = new VectorTile(new PbfReader(new Uint8Array(tile.data)));
          assert.ok(!("incidents" in decoded.layers), `incidents layer in tile ${z}/${x}/${y}`);
          for (const [name, layer] of Object.entries(decoded.layers)) {
            for (let i = 0; i < layer.length; i += 1) {
              features += 1;
              const properties = layer.feature(i).properties;
              for (const [key, value] of Object.entries(properties)) {
                assert.ok(!key.startsWith(SENSITIVE), `${name}.${key} in ${z}/${x}/${y}`);
                assert.ok(!String(value).includes(SENSITIVE), `${name}.${key} = ${value}`);
                if (typeof value === "string") {
                  assert.ok(!/^\s*[[{]/.test(value), `${name}.${key} holds a table in a string in ${z}/${x}/${y}`);
                  assert.ok(!SMALL_COUNT_TEXT.test(value), `${name}.${key} = ${value} in ${z}/${x}/${y}`);
                }
                if (typeof value === "number" && !NOT_COUNTS.has(key) && !key.endsWith("_rate")) {
                  assert.ok(value === 0 || value >= MINIMUM, `${name}.${key} = ${value} in ${z}/${x}/${y}`);
                }
              }
            }
          }
        }
      }
    }
    assert.ok(tiles > 10 && features > 100, `decoded ${tiles} tiles, ${features} features`);
  });
});
