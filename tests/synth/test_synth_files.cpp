// The synth output files: byte-identical on every run, the committed demo never drifts, the
// police.uk format matches police.uk's layout, and bad options are refused.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "engine/core/errors.hpp"
#include "engine/synth/synth.hpp"
#include "tests/synth/synth_test_support.hpp"

using namespace hotspot;
using namespace hotspot::synth;

TEST_CASE("the same options write byte-identical files", "[synth]") {
  const TemporaryFolder first("same-1"), second("same-2"), other("other-seed");
  SynthOptions options;
  options.incidents = 3000;
  options.seed = 7;
  options.out_dir = first.path;
  const SynthReport report = generate(options);
  options.out_dir = second.path;
  generate(options);
  REQUIRE(report.files == std::vector<std::string>{"wards.geojson", "population.csv",
                                                   "incidents.csv", "hotspot.toml"});
  for (const std::string& file : report.files) {
    INFO(file);
    CHECK(read_text(first.path + "/" + file) == read_text(second.path + "/" + file));
  }
  options.out_dir = other.path;
  options.seed = 8;
  generate(options);
  CHECK(read_text(first.path + "/incidents.csv") != read_text(other.path + "/incidents.csv"));
  CHECK(read_text(first.path + "/wards.geojson") != read_text(other.path + "/wards.geojson"));
}

TEST_CASE("the committed demo area equals a fresh generate with the default options", "[synth]") {
  const std::string committed = std::string(HOTSPOT_SOURCE_DIR) + "/geodata/demo";
  REQUIRE(std::filesystem::exists(committed + "/incidents.csv"));
  const TemporaryFolder fresh("demo");
  SynthOptions options;
  options.out_dir = fresh.path;
  const SynthReport report = generate(options);
  CHECK(report.wards == kDemoWards);
  CHECK(report.incidents == kDemoIncidents);
  for (const std::string& file : report.files) {
    INFO(file << ": regenerate geodata/demo with the default options (see geodata/demo/README.md)");
    CHECK(read_text(committed + "/" + file) == read_text(fresh.path + "/" + file));
  }
}

TEST_CASE("the demo config is exactly the documented hotspot.toml", "[synth]") {
  const TemporaryFolder folder("config");
  SynthOptions options;
  options.out_dir = folder.path;
  options.incidents = 100;
  generate(options);
  CHECK(read_text(folder.path + "/hotspot.toml") ==
        "title = \"Hotspot Town (synthetic demo)\"\n[inputs]\nincidents = [\"incidents.csv\"]\n"
        "wards = \"wards.geojson\"\npopulation = \"population.csv\"\n[incidents]\ncrs = "
        "\"EPSG:27700\"\n"
        "x = \"easting\"\ny = \"northing\"\ncategory = \"offence\"\ntime = \"occurred_at\"\nid = "
        "\"incident_id\"\nstreet = \"street\"\n"
        "# The last 12 months, compared with the 12 before (the data covers both).\n"
        "[period]\nfrom = \"2025-11\"\nto = \"2026-10\"\n");
  CHECK(read_text(folder.path + "/population.csv").rfind("ward_code,population\nX05000001,", 0) ==
        0);
}

TEST_CASE("the police.uk format writes monthly street-level files in police.uk's layout",
          "[synth]") {
  const TemporaryFolder folder("police");
  SynthOptions options;
  options.out_dir = folder.path;
  options.incidents = 2400;
  options.police_uk_format = true;
  const SynthReport report = generate(options);
  REQUIRE(report.files.size() == 2 + 24 + 1);
  CHECK(report.files[2] == "2024-11/2024-11-hotspot-town-street.csv");
  CHECK(report.files[25] == "2026-10/2026-10-hotspot-town-street.csv");
  CHECK_FALSE(std::filesystem::exists(folder.path + "/incidents.csv"));

  int64_t rows = 0, asb_rows = 0;
  for (size_t f = 2; f < 26; ++f) {
    std::istringstream text(read_text(folder.path + "/" + report.files[f]));
    std::string line;
    std::getline(text, line);
    CHECK(line ==
          "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,"
          "Crime type,Last outcome category,Context\r");
    while (std::getline(text, line)) {
      ++rows;
      REQUIRE(line.back() == '\r');
      const std::vector<std::string> fields = split_csv_line(line.substr(0, line.size() - 1));
      REQUIRE(fields.size() == 12);
      CHECK(fields[1] == report.files[f].substr(0, 7));
      CHECK(fields[6].rfind("On or near ", 0) == 0);
      const double longitude = std::stod(fields[4]), latitude = std::stod(fields[5]);
      CHECK((longitude > 0.1 && longitude < 0.5 && latitude > 51.4 && latitude < 51.8));
      if (fields[9] == "Anti-social behaviour") {
        ++asb_rows;
        CHECK(fields[0].empty());
        CHECK(fields[10].empty());
      } else {
        CHECK(fields[0].size() == 64);
      }
    }
  }
  CHECK(rows == 2400);
  CHECK(rows == report.incidents);
  CHECK(asb_rows == 456);  // 19% of 2,400
  CHECK(read_text(folder.path + "/hotspot.toml").find("2026-10/2026-10-hotspot-town-street.csv") !=
        std::string::npos);
}

TEST_CASE("bad synth options are refused with a ConfigError", "[synth]") {
  SynthOptions options;
  CHECK_THROWS_AS(generate(options), ConfigError);  // no output folder
  options.out_dir =
      (std::filesystem::temp_directory_path() / "hotspot-synth-never-written").string();
  options.incidents = -5;
  CHECK_THROWS_AS(generate(options), ConfigError);
  options.incidents = 10;
  options.wards = 5;
  CHECK_THROWS_AS(generate(options), ConfigError);
  std::filesystem::remove_all(options.out_dir);
}
