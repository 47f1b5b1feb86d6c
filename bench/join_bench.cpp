// Join benchmark: Hotspot's grid-indexed ward locator against a straightforward GEOS join
// (prepared geometries + STRtree), on national-size ward sets, at 100k / 1M / 10M incidents;
// and the join against parsing the CSV the incidents came from. Prints a markdown table.
// Usage: join_bench [--sizes 100000,1000000,10000000] [--runs 3] [--geos-limit 10000000] [--england
// FILE]
#include <geos_c.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "engine/core/random.hpp"
#include "engine/ingest/ingest.hpp"
#include "engine/join/ward_locator.hpp"
#include "engine/synth/synth.hpp"
#include "engine/wards/ward_loader.hpp"

using namespace hotspot;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

// Points where people are: pick a ward uniformly (small urban wards get dense points), then a
// point uniformly in its bounding box (some fall in neighbours or outside, as real data does).
IncidentTable make_points(const WardSet& wards, size_t count, uint64_t seed) {
  std::vector<Box> boxes;
  for (const auto& shape : wards.shape) {
    Box box;
    bg::envelope(shape, box);
    boxes.push_back(box);
  }
  Random random(seed);
  IncidentTable table;
  table.reserve(count);
  table.category_id("burglary");
  for (size_t i = 0; i < count; ++i) {
    const Box& box = boxes[random.below(boxes.size())];
    const double x =
        box.min_corner().x() + random.uniform() * (box.max_corner().x() - box.min_corner().x());
    const double y =
        box.min_corner().y() + random.uniform() * (box.max_corner().y() - box.min_corner().y());
    table.push_back(std::round(x), std::round(y), 0, 0, TimePrecision::month);
  }
  return table;
}

// The baseline: one prepared geometry per ward, an STRtree of their envelopes, and for each
// point the first candidate that contains it (boundary points: GEOS's intersects).
struct GeosJoin {
  GEOSContextHandle_t context = GEOS_init_r();
  std::vector<GEOSGeometry*> geometries;
  std::vector<const GEOSPreparedGeometry*> prepared;
  GEOSSTRtree* tree = nullptr;
  std::vector<int32_t> ids;

  explicit GeosJoin(const WardSet& wards) {
    tree = GEOSSTRtree_create_r(context, 10);
    ids.resize(wards.size());
    for (size_t w = 0; w < wards.size(); ++w) {
      std::vector<GEOSGeometry*> polygons;
      for (const Polygon& polygon : wards.shape[w]) {
        auto ring = [&](const Ring& r) {
          GEOSCoordSequence* sequence =
              GEOSCoordSeq_create_r(context, static_cast<unsigned>(r.size()), 2);
          for (size_t i = 0; i < r.size(); ++i)
            GEOSCoordSeq_setXY_r(context, sequence, static_cast<unsigned>(i), r[i].x(), r[i].y());
          return GEOSGeom_createLinearRing_r(context, sequence);
        };
        std::vector<GEOSGeometry*> holes;
        for (const Ring& hole : polygon.inners()) holes.push_back(ring(hole));
        polygons.push_back(GEOSGeom_createPolygon_r(context, ring(polygon.outer()), holes.data(),
                                                    static_cast<unsigned>(holes.size())));
      }
      GEOSGeometry* geometry = GEOSGeom_createCollection_r(
          context, GEOS_MULTIPOLYGON, polygons.data(), static_cast<unsigned>(polygons.size()));
      geometries.push_back(geometry);
      prepared.push_back(GEOSPrepare_r(context, geometry));
      ids[w] = static_cast<int32_t>(w);
      GEOSSTRtree_insert_r(context, tree, geometry, &ids[w]);
    }
    // GEOS 3.11 builds the tree on the first query (GEOSSTRtree_build_r arrived in 3.12).
  }
  ~GeosJoin() {
    for (auto* p : prepared) GEOSPreparedGeom_destroy_r(context, p);
    GEOSSTRtree_destroy_r(context, tree);
    for (auto* g : geometries) GEOSGeom_destroy_r(context, g);
    GEOS_finish_r(context);
  }

  struct Query {
    GeosJoin* join;
    const GEOSGeometry* point;
    int32_t found;
  };

  void assign(const IncidentTable& table, std::vector<int32_t>& out) {
    out.assign(table.size(), kOutside);
    for (size_t i = 0; i < table.size(); ++i) {
      GEOSGeometry* point = GEOSGeom_createPointFromXY_r(context, table.x[i], table.y[i]);
      Query query{this, point, std::numeric_limits<int32_t>::max()};
      GEOSSTRtree_query_r(
          context, tree, point,
          [](void* item, void* data) {
            auto* q = static_cast<Query*>(data);
            const int32_t ward = *static_cast<int32_t*>(item);
            if (ward < q->found &&
                GEOSPreparedIntersects_r(q->join->context,
                                         q->join->prepared[static_cast<size_t>(ward)], q->point))
              q->found = ward;
          },
          &query);
      out[i] = query.found == std::numeric_limits<int32_t>::max() ? kOutside : query.found;
      GEOSGeom_destroy_r(context, point);
    }
  }
};

// The incidents as a force-export CSV in EPSG:27700 (no transform needed): parsing it is the
// stage the join is compared with.
std::string write_csv(const IncidentTable& table, const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "wb");
  std::fputs("incident_id,offence,occurred_at,easting,northing\n", file);
  for (size_t i = 0; i < table.size(); ++i)
    std::fprintf(file, "%zu,Burglary,14/03/2025 22:%02zu,%.0f,%.0f\n", i, i % 60, table.x[i],
                 table.y[i]);
  std::fclose(file);
  return path;
}

long peak_rss_kb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

struct Options {
  std::vector<size_t> sizes = {100000, 1000000, 10000000};
  int runs = 3;
  size_t geos_limit = 10000000;
  std::string england;
};

void bench_ward_set(const std::string& label, const WardSet& wards, const Options& options) {
  size_t vertices = 0;
  for (const auto& shape : wards.shape) vertices += bg::num_points(shape);
  auto start = Clock::now();
  const join::WardLocator locator(wards);
  const double build_s = seconds_since(start);
  start = Clock::now();
  GeosJoin geos(wards);
  const double geos_build_s = seconds_since(start);
  std::printf("\n### %s: %zu wards, %zu vertices\n\n", label.c_str(), wards.size(), vertices);
  std::printf("Index build: Hotspot %.3f s (%.1f MB); GEOS prepared + STRtree %.3f s\n\n", build_s,
              static_cast<double>(locator.memory_bytes()) / 1e6, geos_build_s);
  std::printf(
      "| incidents | parse CSV (s) | join, 1 thread (s) | join, 2 threads (s) | GEOS join (s) | "
      "speed-up vs GEOS, 1 thread | speed-up vs GEOS, 2 threads | join (2 threads) vs parse | "
      "agreement | bytes/incident |\n");
  std::printf("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
  for (size_t size : options.sizes) {
    IncidentTable table = make_points(wards, size, 20261124 + size);
    const std::string csv = write_csv(table, "/tmp/hotspot-join-bench.csv");
    std::vector<double> parse, one, two, baseline;
    ingest::IngestOptions ingest_options;
    ingest_options.crs = "EPSG:27700";
    ingest_options.analysis_crs = "EPSG:27700";
    for (int run = 0; run < options.runs; ++run) {
      start = Clock::now();
      const auto parsed = ingest::ingest({csv}, ingest_options);
      parse.push_back(seconds_since(start));
      if (parsed.table.size() != size) std::fprintf(stderr, "parse lost rows!\n");
      start = Clock::now();
      join::assign_wards(table, locator, 1);
      one.push_back(seconds_since(start));
      start = Clock::now();
      join::assign_wards(table, locator, 2);
      two.push_back(seconds_since(start));
    }
    std::filesystem::remove(csv);
    std::string geos_cell = "not run", speedup = "", speedup_two = "", agreement = "";
    if (size <= options.geos_limit) {
      std::vector<int32_t> geos_wards;
      const int geos_runs = size >= 10000000 ? 1 : options.runs;
      for (int run = 0; run < geos_runs; ++run) {
        start = Clock::now();
        geos.assign(table, geos_wards);
        baseline.push_back(seconds_since(start));
      }
      size_t same = 0;
      for (size_t i = 0; i < size; ++i) same += geos_wards[i] == table.ward[i];
      char buffer[64];
      std::snprintf(buffer, sizeof buffer, "%.3f", median(baseline));
      geos_cell = buffer;
      std::snprintf(buffer, sizeof buffer, "%.0f×", median(baseline) / median(one));
      speedup = buffer;
      std::snprintf(buffer, sizeof buffer, "%.0f×", median(baseline) / median(two));
      speedup_two = buffer;
      std::snprintf(buffer, sizeof buffer, "%.4f%%",
                    100.0 * static_cast<double>(same) / static_cast<double>(size));
      agreement = buffer;
    }
    const double per_incident = (static_cast<double>(size) * (8 + 8 + 2 + 8 + 1 + 4) +
                                 static_cast<double>(locator.memory_bytes())) /
                                static_cast<double>(size);
    std::printf("| %zu | %.3f | %.4f | %.4f | %s | %s | %s | %.1f× faster | %s | %.1f |\n", size,
                median(parse), median(one), median(two), geos_cell.c_str(), speedup.c_str(),
                speedup_two.c_str(), median(parse) / median(two), agreement.c_str(), per_incident);
    std::fflush(stdout);
  }
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--sizes") {
      options.sizes.clear();
      for (size_t at = 0; at < value.size();) {
        const size_t comma = value.find(',', at);
        options.sizes.push_back(std::stoull(value.substr(at, comma - at)));
        at = comma == std::string::npos ? value.size() : comma + 1;
      }
    } else if (flag == "--runs") {
      options.runs = std::stoi(value);
    } else if (flag == "--geos-limit") {
      options.geos_limit = std::stoull(value);
    } else if (flag == "--england") {
      options.england = value;
    }
  }
  std::printf("## Join: Hotspot's ward locator vs GEOS (prepared geometries + STRtree)\n");
  std::printf(
      "Medians of %d runs; GEOS at 10M runs once. Parse = reading the incidents' CSV (ingest, no "
      "CRS transform).\n",
      options.runs);
  synth::SynthOptions synth_options;
  synth_options.wards = 8000;
  bench_ward_set("Synthetic national ward set", synth::synth_wards(synth_options), options);
  if (!options.england.empty() && std::filesystem::exists(options.england)) {
    wards::WardLoadOptions ward_options;
    ward_options.path = options.england;
    wards::WardLoadReport report;
    bench_ward_set("England wards 2013 (ONS, generalised)", wards::load_wards(ward_options, report),
                   options);
  }
  std::printf("\nPeak memory of this benchmark process: %.0f MB\n",
              static_cast<double>(peak_rss_kb()) / 1024.0);
  return 0;
}
