// Public outputs (analyse --public) checked as an adversary would read them: every file of a
// public run is decoded — CSV, GeoJSON, JSON, markdown, GeoTIFF — and checked for small counts
// (numbers and numbers inside strings), hour tables, counts that published totals give away
// (an independent linear-algebra audit against the true counts of a non-public run), density
// cells that rest on fewer than the minimum (brute force over the incidents), the sensitive
// category, and anything an earlier non-public run left in the folder. The tiles are decoded
// tile by tile in viewer/test/public.test.mjs.
#include <gdal.h>
#include <gdal_priv.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "engine/core/suppression.hpp"
#include "tests/e2e/e2e_support.hpp"

using namespace hotspot;
using namespace hotspot::testing;

namespace {

constexpr int64_t kMinimum = 5;
const std::string kSensitive = "burglary";

struct PublicRun {
  fs::path full;       // the same analysis, not public (true counts)
  fs::path published;  // public, written over an earlier non-public run
};

const PublicRun& public_run() {
  static const PublicRun runs = [] {
    PublicRun r{temp_dir("public-full"), temp_dir("public")};
    const std::string config = "analyse --config " + (demo_input() / "hotspot.toml").string();
    for (const fs::path& out : {r.full, r.published}) {
      const RunResult result =
          run(config + " --quiet --no-viewer --maxzoom 12 --out " + out.string());
      INFO(result.output);
      REQUIRE(result.exit_code == 0);
    }
    const RunResult result = run(config + " --public --minimum-count 5 --sensitive " + kSensitive +
                                 " --quiet --no-viewer --maxzoom 12 --out " + r.published.string());
    INFO(result.output);
    REQUIRE(result.exit_code == 0);
    return r;
  }();
  return runs;
}

bool is_count_shown_safely(const std::string& value) {
  if (value.empty()) return true;
  const long long count = std::stoll(value);
  return count == 0 || count >= kMinimum;
}

// Every string value anywhere in a JSON document.
void strings_in(const nlohmann::json& node, std::vector<std::string>& out) {
  if (node.is_string()) out.push_back(node.get<std::string>());
  if (node.is_structured())
    for (const auto& child : node) strings_in(child, out);
}

// Every (key, number) pair in a JSON document whose key names an incident count.
void counts_in(const nlohmann::json& node, const std::string& key,
               std::vector<std::pair<std::string, double>>& out) {
  static const std::set<std::string> kCountKeys = {
      "count",          "total",        "incidents",        "previous_count",
      "previous_total", "trend_last28", "trend_previous28", "timed_count",
      "untimed_records"};
  if (node.is_number() && kCountKeys.count(key)) out.emplace_back(key, node.get<double>());
  if (node.is_object())
    for (const auto& [child_key, child] : node.items())
      if (child_key != "timings_s") counts_in(child, child_key, out);  // seconds, not counts
  if (node.is_array())
    for (const auto& child : node) counts_in(child, key, out);
}

}  // namespace

TEST_CASE("a public run leaves nothing of an earlier non-public run, and writes no raw records") {
  const fs::path& out = public_run().published;
  CHECK_FALSE(fs::exists(out / "rejects.csv"));
  CHECK_FALSE(fs::exists(out / "incidents.csv"));
  CHECK_FALSE(fs::exists(out / "density" / (kSensitive + ".tif")));
  for (const auto& entry : fs::recursive_directory_iterator(out)) {
    const std::string name = entry.path().filename().string();
    CHECK(name[0] != '.');
    CHECK(name.find(".tmp") == std::string::npos);
  }
  const auto summary = nlohmann::json::parse(read_file(out / "summary.json"));
  for (const auto& layer : summary["tiles"]["layers"]) CHECK(layer["name"] != "incidents");
  CHECK(summary["rows"]["adds_up"].get<bool>());
  CHECK(summary["public"]["rules"].size() >= 5);
}

TEST_CASE("no public file names the sensitive category or quotes a small count in its text") {
  const fs::path& out = public_run().published;
  const std::regex small_count(R"((^|[^0-9.,])[1-4] (record|incident|crime|offence)s?\b)");
  int files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(out)) {
    const std::string extension = entry.path().extension().string();
    if (extension != ".csv" && extension != ".json" && extension != ".geojson" &&
        extension != ".md")
      continue;
    ++files;
    std::string text = read_file(entry.path());
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    INFO(entry.path());
    CHECK(text.find(kSensitive) == std::string::npos);
    CHECK_FALSE(std::regex_search(text, small_count));
  }
  CHECK(files >= 8);
}

TEST_CASE("public JSON holds no small count, no hour table and no table hidden in a string") {
  const fs::path& out = public_run().published;
  for (const char* name : {"wards.json", "wards.geojson", "hotspots.geojson", "summary.json"}) {
    INFO(name);
    const auto document = nlohmann::json::parse(read_file(out / name));
    std::vector<std::pair<std::string, double>> counts;
    counts_in(document, "", counts);
    for (const auto& [key, value] : counts) {
      INFO(key << " = " << value);
      CHECK((value == 0 || value >= kMinimum));
    }
    std::vector<std::string> strings;
    strings_in(document, strings);
    for (const std::string& text : strings) {
      INFO(text.substr(0, 80));
      CHECK_FALSE((!text.empty() && (text[0] == '[' || text[0] == '{')));
    }
    CHECK(read_file(out / name).find("hour_by_weekday\":[") == std::string::npos);
  }
  const auto wards = nlohmann::json::parse(read_file(out / "wards.json"));
  for (const auto& ward : wards["wards"]) {
    CHECK(ward["monthly"].is_null());
    CHECK(ward["hour_by_weekday"].is_null());
    CHECK(ward["timed_count"].is_null());
  }
}

TEST_CASE("public ranks are among shown values only, ties sharing a rank") {
  const auto wards = nlohmann::json::parse(read_file(public_run().published / "wards.json"));
  const auto& list = wards["wards"];
  for (const auto& category : wards["categories"]) {
    const std::string slug = category["slug"];
    std::vector<double> shown;
    for (const auto& ward : list)
      if (!ward["categories"][slug]["count"].is_null())
        shown.push_back(ward["categories"][slug]["rate_per_1000"]);
    for (const auto& ward : list) {
      const auto& stats = ward["categories"][slug];
      INFO(slug << " " << ward["code"]);
      if (stats["count"].is_null()) {
        CHECK(stats["rank"].is_null());
        continue;
      }
      // Rates are written to 3 decimals, ranks use the exact rate: allow for rounding.
      const double key = stats["rate_per_1000"];
      const auto surely_higher = std::count_if(shown.begin(), shown.end(),
                                               [&](double other) { return other > key + 5e-4; });
      const auto maybe_higher = std::count_if(shown.begin(), shown.end(),
                                              [&](double other) { return other >= key - 5e-4; }) -
                                1;
      CHECK(stats["rank"].get<int64_t>() >= surely_higher + 1);
      CHECK(stats["rank"].get<int64_t>() <= maybe_higher + 1);
    }
  }
}

TEST_CASE("no withheld ward count can be found from the published counts and totals") {
  const auto truth = read_csv(public_run().full / "wards.csv");
  const auto published = read_csv(public_run().published / "wards.csv");
  const auto published_json =
      nlohmann::json::parse(read_file(public_run().published / "wards.json"));
  REQUIRE(truth.size() == published.size());
  std::vector<std::string> categories;
  for (const auto& category : published_json["categories"]) categories.push_back(category["slug"]);
  REQUIRE(std::find(categories.begin(), categories.end(), kSensitive) == categories.end());
  const size_t rows = truth.size(), columns = categories.size();
  std::vector<int64_t> cells(rows * columns);
  for (size_t w = 0; w < rows; ++w) {
    REQUIRE(truth[w].at("ward_code") == published[w].at("ward_code"));
    for (size_t c = 0; c < columns; ++c)
      cells[w * columns + c] = std::stoll(truth[w].at(categories[c]));
  }
  const TwoWayTable table = TwoWayTable::with_sums(rows, columns, cells);
  TableMask mask{rows, columns, std::vector<uint8_t>((rows + 1) * (columns + 1), 0)};
  int withheld = 0;
  for (size_t w = 0; w < rows; ++w) {
    for (size_t c = 0; c < columns; ++c) {
      const std::string& value = published[w].at(categories[c]);
      CHECK(is_count_shown_safely(value));
      if (!value.empty()) CHECK(std::stoll(value) == table.cells[w * columns + c]);
      mask.withheld[w * (columns + 1) + c] = value.empty();
      withheld += value.empty();
    }
    const std::string& total = published[w].at("total");
    if (!total.empty())
      CHECK(std::stoll(total) == table.row_totals[w]);  // totals without the sensitive category
    mask.withheld[w * (columns + 1) + columns] = total.empty();
    for (const char* column : {"previous_total", "night-time-violence", "anti-social-behaviour"})
      CHECK(is_count_shown_safely(published[w].at(column)));
  }
  for (size_t c = 0; c < columns; ++c)
    mask.withheld[rows * (columns + 1) + c] =
        published_json["area"]["counts"][categories[c]].is_null();
  mask.withheld.back() = published_json["area"]["total"].is_null();
  CHECK(withheld > 0);  // the demo has small counts: the test would be empty otherwise
  const auto determined = determined_by_algebra(table, mask);
  CHECK(std::count(determined.begin(), determined.end(), 1) == 0);
}

TEST_CASE(
    "the public density is zero wherever fewer than the minimum incidents lie within its reach") {
  const fs::path tif = public_run().published / "density" / "anti-social-behaviour.tif";
  GDALAllRegister();
  GDALDatasetUniquePtr dataset(GDALDataset::Open(tif.c_str(), GDAL_OF_RASTER));
  REQUIRE(dataset);
  const double bandwidth = std::stod(dataset->GetMetadataItem("BANDWIDTH_M"));
  double transform[6];
  dataset->GetGeoTransform(transform);
  const int columns = dataset->GetRasterXSize(), rows = dataset->GetRasterYSize();
  std::vector<float> values(static_cast<size_t>(columns) * static_cast<size_t>(rows));
  REQUIRE(dataset->GetRasterBand(1)->RasterIO(GF_Read, 0, 0, columns, rows, values.data(), columns,
                                              rows, GDT_Float32, 0, 0) == CE_None);
  // The layer's incidents in the study period, read straight from the demo's CSV.
  std::vector<std::pair<double, double>> points;
  for (const auto& row : read_csv(demo_input() / "incidents.csv")) {
    if (row.at("offence") != "Anti-social behaviour") continue;
    const std::string& date = row.at("occurred_at");  // dd/mm/yyyy HH:MM
    const int month = std::stoi(date.substr(6, 4)) * 12 + std::stoi(date.substr(3, 2)) - 1;
    if (month < 2025 * 12 + 10 || month > 2026 * 12 + 9) continue;  // 2025-11 .. 2026-10
    points.emplace_back(std::stod(row.at("easting")), std::stod(row.at("northing")));
  }
  REQUIRE(points.size() > 100);
  int64_t nonzero = 0, zero_inside = 0;
  for (int row = 0; row < rows; ++row)
    for (int column = 0; column < columns; ++column) {
      const float value = values[static_cast<size_t>(row) * static_cast<size_t>(columns) +
                                 static_cast<size_t>(column)];
      if (value == -9999.0f) continue;
      if (value == 0) {
        ++zero_inside;
        continue;
      }
      ++nonzero;
      const double x = transform[0] + (column + 0.5) * transform[1],
                   y = transform[3] + (row + 0.5) * transform[5];
      int64_t within = 0;
      for (const auto& [px, py] : points)
        within += (px - x) * (px - x) + (py - y) * (py - y) < bandwidth * bandwidth;
      INFO("cell " << column << "," << row << " density " << value);
      CHECK(within >= kMinimum);
      const double magnitude = std::pow(10.0, std::floor(std::log10(value)) - 1);
      CHECK(std::fabs(value / magnitude - std::round(value / magnitude)) <
            1e-3);  // two significant figures
    }
  CHECK(nonzero > 0);
  CHECK(zero_inside > 0);
}

TEST_CASE("the README states the public rules word for word as summary.json does") {
  const auto summary = nlohmann::json::parse(read_file(public_run().published / "summary.json"));
  const std::string readme = read_file(fs::path(HOTSPOT_SOURCE_DIR) / "README.md");
  const auto& rules = summary.at("public").at("rules");
  REQUIRE(rules.size() >= 5);
  for (const auto& rule : rules) {
    INFO(rule.get<std::string>());
    CHECK(readme.find("- " + rule.get<std::string>() + "\n") != std::string::npos);
  }
}
