// End-to-end: "what changed, and did it work" as a user runs it — baselines, peers, risk
// surfaces and emerging hot spots on the demo town (two years, with populations) and on the
// real Essex police.uk data (six months, no population), and their public versions.
#include <gdal.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <regex>

#include "tests/e2e/e2e_support.hpp"

namespace fs = std::filesystem;
using namespace hotspot::testing;

namespace {

const std::string kPeers = std::string(HOTSPOT_SOURCE_DIR) + "/geodata/demo/peers.csv";

std::string demo_config() { return (demo_input() / "hotspot.toml").string(); }

const fs::path& change_output() {
  static const fs::path dir = [] {
    const fs::path out = temp_dir("change-output");
    const RunResult result =
        run("analyse --config " + demo_config() + " --baseline last-year --peers " + kPeers +
            " --population-at-risk wards --risk-measure log-ratio --out " + out.string() +
            " --quiet --no-viewer --no-tiles");
    INFO(result.output);
    REQUIRE(result.exit_code == 0);
    return out;
  }();
  return dir;
}

fs::path essex_data() {
  const fs::path data = fs::path(HOTSPOT_SOURCE_DIR) / ".." / "shared" / "data" / "essex";
  if (!fs::exists(data) && std::getenv("CI")) FAIL("the Essex data is missing in CI: " << data);
  return data;
}

}  // namespace

TEST_CASE("the same period last year is the baseline of every change, each with its exact test") {
  const fs::path& out = change_output();
  const auto summary = nlohmann::json::parse(read_file(out / "summary.json"));
  CHECK(summary["period"]["previous"]["label"] == "the same period last year (2024-11 to 2025-10)");
  const auto& total = summary["change"]["total"];
  CHECK(total["count"].get<int64_t>() > 0);
  CHECK(total["change_p"].is_number());
  const auto wards = read_csv(out / "wards.csv");
  REQUIRE(wards.size() == 36);
  for (const char* column : {"previous_total", "change_percent", "change_ratio", "change_low",
                             "change_high", "change_p", "change_small"})
    CHECK(wards[0].count(column) == 1);
  int64_t previous_sum = 0;
  for (const auto& ward : wards) {
    previous_sum += std::stoll(ward.at("previous_total"));
    // Small numbers carry no percentage ("+400%" on 1 → 5 must not appear).
    if (ward.at("change_small") == "true") CHECK(ward.at("change_percent").empty());
    const double ratio = std::stod(ward.at("change_ratio"));
    CHECK(std::stod(ward.at("change_low")) <= ratio);
    CHECK(ratio <= std::stod(ward.at("change_high")));
  }
  CHECK(previous_sum == total["previous_count"].get<int64_t>());
  CHECK_THAT(read_file(out / "ward_profiles.md"),
             Catch::Contains("in the same period last year (2024-11 to 2025-10): "));
}

TEST_CASE("a baseline outside the data, or overlapping the period, stops with exit code 2") {
  const fs::path out = temp_dir("change-refused");
  const RunResult outside =
      run("analyse --config " + demo_config() +
          " --baseline 2023-01:2023-06 --quiet --no-viewer --out " + out.string());
  CHECK(outside.exit_code == 2);
  CHECK_THAT(outside.output, Catch::Contains("the baseline 2023-01 to 2023-06 lies outside the "
                                             "data, which runs from 2024-11 to 2026-10"));
  const RunResult overlap =
      run("analyse --config " + demo_config() +
          " --baseline 2026-01:2026-03 --quiet --no-viewer --out " + out.string());
  CHECK(overlap.exit_code == 2);
  CHECK_THAT(overlap.output, Catch::Contains("overlaps the study period"));
  const RunResult words = run("analyse --config " + demo_config() +
                              " --baseline yesterday --quiet --no-viewer --out " + out.string());
  CHECK(words.exit_code == 2);
}

TEST_CASE("peers.csv and peers.md compare every category with England and the MSG") {
  const fs::path& out = change_output();
  const auto rows = read_csv(out / "peers.csv");
  REQUIRE(rows.size() == 15);  // 14 categories and all of them together
  for (const auto& row : rows) {
    CHECK(std::regex_match(row.at("england_comparison"), std::regex("above|similar|below")));
    CHECK(std::stoi(row.at("msg_rank")) >= 1);
    CHECK(std::stoi(row.at("msg_rank")) <= 8);
    CHECK(row.at("msg_ranked") == "8");
  }
  CHECK(rows.back().at("category") == "total");
  CHECK_THAT(read_file(out / "peers.md"), Catch::Contains("rank "));
  const auto summary = nlohmann::json::parse(read_file(out / "summary.json"));
  CHECK(summary["peers"]["group"].size() == 7);
}

TEST_CASE("risk surfaces open in GDAL on the density grid and say what they measure") {
  const fs::path& out = change_output();
  GDALAllRegister();
  GDALDatasetUniquePtr risk(
      GDALDataset::Open((out / "density" / "burglary_risk.tif").c_str(), GDAL_OF_RASTER));
  GDALDatasetUniquePtr density(
      GDALDataset::Open((out / "density" / "burglary.tif").c_str(), GDAL_OF_RASTER));
  REQUIRE(risk);
  REQUIRE(density);
  CHECK(std::string(risk->GetMetadataItem("RISK_MEASURE")) == "log-ratio");
  CHECK_THAT(risk->GetMetadataItem("UNITS"), Catch::Contains("relative risk"));
  CHECK(std::string(risk->GetMetadataItem("BANDWIDTH_M")) ==
        density->GetMetadataItem("BANDWIDTH_M"));
  double risk_transform[6], density_transform[6];
  risk->GetGeoTransform(risk_transform);
  density->GetGeoTransform(density_transform);
  for (int i = 0; i < 6; ++i) CHECK(risk_transform[i] == density_transform[i]);
  // Log relative risk: positive somewhere (above the area's rate) and negative somewhere.
  double minimum = 0, maximum = 0, mean = 0, sd = 0;
  risk->GetRasterBand(1)->ComputeStatistics(FALSE, &minimum, &maximum, &mean, &sd, nullptr,
                                            nullptr);
  CHECK(minimum < 0);
  CHECK(maximum > 0);
  for (const char* layer : {"anti-social-behaviour", "night-time-violence"})
    CHECK(fs::exists(out / "density" / (std::string(layer) + "_risk.tif")));
}

TEST_CASE("emerging hot spots classify the demo's cells and list the places for the briefing") {
  const fs::path& out = change_output();
  const auto summary = nlohmann::json::parse(read_file(out / "summary.json"));
  const auto& emerging = summary["emerging"];
  CHECK(emerging["steps"] == 26);  // 28-day steps over two years, as sfhotspot chooses
  CHECK(emerging["time_step"] == "28 days");
  int64_t cells = 0;
  for (const auto& layer : emerging["layers"]) {
    CHECK(layer["classified"] == true);
    for (const auto& [pattern, count] : layer["cells_by_pattern"].items())
      cells += count.get<int64_t>();
  }
  const auto rows = read_csv(out / "emerging.csv");
  CHECK(static_cast<int64_t>(rows.size()) == cells);
  CHECK(cells > 0);
  GDALAllRegister();
  GDALDatasetUniquePtr geojson(
      GDALDataset::Open((out / "emerging.geojson").c_str(), GDAL_OF_VECTOR));
  REQUIRE(geojson);
  CHECK(geojson->GetLayer(0)->GetFeatureCount() == cells);
  // The town centre's night-time economy is an intensifying hot spot.
  bool centre = false;
  for (const auto& place : emerging["places"])
    centre |= place["layer"] == "night-time-violence" && place["ward_name"] == "Town Centre";
  CHECK(centre);
  CHECK_THAT(read_file(out / "emerging.md"), Catch::Contains("## New or intensifying places"));
}

TEST_CASE("public: peers, emerging and risk outputs quote no small count") {
  const fs::path out = temp_dir("change-public");
  const RunResult result = run("analyse --config " + demo_config() + " --peers " + kPeers +
                               " --population-at-risk wards --public --quiet --no-viewer "
                               "--no-tiles --out " +
                               out.string());
  INFO(result.output);
  REQUIRE(result.exit_code == 0);
  const std::regex small_count(R"((^|[^0-9.,])[1-4] (record|incident|crime|offence)s?\b)");
  for (const char* name :
       {"peers.md", "peers.csv", "emerging.md", "emerging.csv", "ward_profiles.md"})
    CHECK_FALSE(std::regex_search(read_file(out / name), small_count));
  const auto cells = read_csv(out / "emerging.csv");
  REQUIRE_FALSE(cells.empty());
  CHECK(cells[0].count("incidents") == 0);  // no per-cell counts in public
  for (const auto& row : read_csv(out / "wards.csv"))
    if (row.at("previous_total").empty()) CHECK(row.at("change_ratio").empty());
  for (const auto& row : read_csv(out / "peers.csv")) {
    for (const char* column : {"count", "england_count", "msg_count"})
      if (!row.at(column).empty())
        CHECK((std::stoll(row.at(column)) == 0 || std::stoll(row.at(column)) >= 5));
  }
  const auto summary = nlohmann::json::parse(read_file(out / "summary.json"));
  for (const auto& place : summary["emerging"]["places"])
    if (place["final_incidents"].is_number()) CHECK(place["final_incidents"].get<int64_t>() >= 5);
}

TEST_CASE("on the Essex police.uk data: a baseline of months, and too few months to classify") {
  const fs::path data = essex_data();
  if (!fs::exists(data)) {
    WARN("skipped: " << data << " is absent (it is in ../shared/data in CI)");
    return;
  }
  const fs::path out = temp_dir("essex-change");
  const std::string inputs = "analyse --incidents " + (data / "police-uk").string() + " --wards " +
                             (data / "wards-2013.geojson").string();
  const RunResult result = run(inputs +
                               " --from 2018-04 --to 2018-06 --baseline 2018-01:2018-03 "
                               "--quiet --no-viewer --no-tiles --out " +
                               out.string());
  INFO(result.output);
  REQUIRE(result.exit_code == 0);
  const auto summary = nlohmann::json::parse(read_file(out / "summary.json"));
  CHECK(summary["period"]["previous"]["label"] == "2018-01 to 2018-03");
  const auto& total = summary["change"]["total"];
  CHECK(total["count"].get<int64_t>() + total["previous_count"].get<int64_t>() ==
        summary["rows"]["in_wards"].get<int64_t>());
  for (const auto& layer : summary["emerging"]["layers"]) {
    CHECK(layer["classified"] == false);
    CHECK_THAT(layer["note"].get<std::string>(),
               Catch::Contains("6 time steps (month each) are too few"));
  }
  CHECK_THAT(read_file(out / "emerging.md"), Catch::Contains("Not classified"));
  // No population here: peers and ward-population risk surfaces are refused with a reason.
  const RunResult peers =
      run(inputs + " --peers " + kPeers + " --quiet --no-viewer --no-tiles --out " + out.string());
  CHECK(peers.exit_code == 2);
  CHECK_THAT(peers.output, Catch::Contains("--population"));
  const RunResult risk = run(
      inputs + " --population-at-risk wards --quiet --no-viewer --no-tiles --out " + out.string());
  CHECK(risk.exit_code == 2);
  CHECK_THAT(risk.output, Catch::Contains("--population"));
}
