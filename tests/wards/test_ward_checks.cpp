// Ward-file checks found by probing: population values that cannot be right, duplicate and
// unmatched population codes, overlapping wards (found with GEOS, checked against a hand-computed
// area), extents that cannot be right for their CRS, and GDAL's own reason when a file is bad.
#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "engine/core/errors.hpp"
#include "engine/wards/overlap_check.hpp"
#include "engine/wards/population_csv.hpp"
#include "engine/wards/ward_loader.hpp"

using namespace hotspot;
namespace fs = std::filesystem;

namespace {

std::string write_temp(const std::string& name, const std::string& content) {
  const fs::path dir =
      fs::temp_directory_path() / ("hotspot-ward-checks-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path file = dir / name;
  std::ofstream(file, std::ios::binary) << content;
  return file.string();
}

std::string square(double x0, double y0, double size) {
  const auto pt = [](double x, double y) {
    return "[" + std::to_string(x) + "," + std::to_string(y) + "]";
  };
  return "[[" + pt(x0, y0) + "," + pt(x0 + size, y0) + "," + pt(x0 + size, y0 + size) + "," +
         pt(x0, y0 + size) + "," + pt(x0, y0) + "]]";
}

// Wards as GeoJSON in British National Grid (or with no CRS member: WGS84 by RFC 7946).
std::string wards_geojson(const std::vector<std::pair<std::string, std::string>>& wards,
                          bool bng = true) {
  std::string text = R"({"type":"FeatureCollection",)";
  if (bng) text += R"("crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::27700"}},)";
  text += R"("features":[)";
  for (size_t i = 0; i < wards.size(); ++i)
    text += std::string(i ? "," : "") + R"({"type":"Feature","properties":{"WD23CD":")" +
            wards[i].first + R"("},"geometry":{"type":"Polygon","coordinates":)" + wards[i].second +
            "}}";
  return text + "]}";
}

WardSet load(const std::string& path, wards::WardLoadReport& report,
             const std::string& population = "") {
  wards::WardLoadOptions options;
  options.path = path;
  options.population_csv = population;
  return wards::load_wards(options, report);
}

const std::vector<std::pair<std::string, std::string>> kGrid = {
    {"W1", square(550000, 200000, 1000)},
    {"W2", square(551000, 200000, 1000)},
    {"W3", square(550000, 201000, 1000)}};

}  // namespace

TEST_CASE("population values that cannot be a ward's are errors naming line and field") {
  using wards::read_population_csv;
  CHECK_THROWS_WITH(read_population_csv(write_temp("p1.csv", "ward_code,population\nW1,5,400\n")),
                    Catch::Contains("p1.csv:2") && Catch::Contains("thousands separator"));
  CHECK_THROWS_WITH(
      read_population_csv(write_temp("p2.csv", "ward_code,population\nW1,1e308\n")),
      Catch::Contains("p2.csv:2 field 'population'") && Catch::Contains("10 million"));
  CHECK_THROWS_WITH(
      read_population_csv(write_temp("p3.csv", "ward_code,population\nW1,5\nW2,6\nW1,7\n")),
      Catch::Contains("p3.csv:4 field 'ward_code'") && Catch::Contains("already on line 2"));
  CHECK_THROWS_WITH(read_population_csv(write_temp("p4.csv", "ward_code,population\nW1,-1\n")),
                    Catch::Contains("p4.csv:2"));
  const auto rows = read_population_csv(
      write_temp("p5.csv", "ward_code,population\nW1,\"5,400\"\nW2,10000000\n"));
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].second == 5400);
  CHECK(rows[1].second == 1e7);
}

TEST_CASE("population codes that match no ward are counted and listed in the notes") {
  wards::WardLoadReport report;
  const WardSet wards =
      load(write_temp("grid.geojson", wards_geojson(kGrid)), report,
           write_temp("pop.csv", "ward_code,population\nW1,100\nW2,200\nW3,300\nX9,1\nX8,2\n"));
  CHECK(report.population_codes_unmatched == 2);
  CHECK(report.wards_without_population == 0);
  const auto note =
      std::find_if(report.notes.begin(), report.notes.end(),
                   [](const std::string& n) { return n.find("rows of") != std::string::npos; });
  REQUIRE(note != report.notes.end());
  CHECK_THAT(*note, Catch::Contains("2 rows of") && Catch::Contains("(X9, X8)"));
}

TEST_CASE("overlapping wards: small overlaps are noted with their area, a ward drawn twice stops") {
  SECTION("two squares overlapping by a 10 m strip: 10,000 m², 1% of the smaller") {
    const std::vector<std::pair<std::string, std::string>> wards = {
        {"W1", square(550000, 200000, 1000)}, {"W2", square(550990, 200000, 1000)}};
    wards::WardLoadReport report;
    const WardSet set = load(write_temp("overlap.geojson", wards_geojson(wards)), report);
    const auto overlaps = wards::find_overlaps(set);
    REQUIRE(overlaps.size() == 1);
    CHECK(overlaps[0].first == 0);
    CHECK(overlaps[0].second == 1);
    CHECK(overlaps[0].area_m2 == Approx(10000).epsilon(1e-6));
    CHECK(overlaps[0].share_of_smaller == Approx(0.01).epsilon(1e-6));
    CHECK(report.overlapping_pairs == 1);
    bool noted = false;
    for (const auto& note : report.notes)
      noted = noted || note.find("W1 and W2 (10000 m², 1% of the smaller)") != std::string::npos;
    CHECK(noted);
  }
  SECTION("adjacent wards sharing an edge do not overlap") {
    wards::WardLoadReport report;
    const WardSet set = load(write_temp("grid.geojson", wards_geojson(kGrid)), report);
    CHECK(wards::find_overlaps(set).empty());
    CHECK(report.overlapping_pairs == 0);
  }
  SECTION("a ward inside another (two sets of wards in one file) is an error naming both") {
    auto wards = kGrid;
    wards.push_back({"W9", square(550100, 200100, 500)});
    wards::WardLoadReport report;
    CHECK_THROWS_WITH(load(write_temp("twice.geojson", wards_geojson(wards)), report),
                      Catch::Contains("twice.geojson") && Catch::Contains("W1 and W9") &&
                          Catch::Contains("overlap over 100%"));
  }
}

TEST_CASE("ward extents that cannot be right for their CRS are blamed on the ward file") {
  wards::WardLoadReport report;
  SECTION("degrees under British National Grid") {
    const std::string degrees = "[[[0.28,51.81],[0.30,51.81],[0.30,51.83],[0.28,51.81]]]";
    CHECK_THROWS_WITH(load(write_temp("degrees.geojson", wards_geojson({{"W1", degrees}})), report),
                      Catch::Contains("degrees.geojson") &&
                          Catch::Contains("look like longitude/latitude") &&
                          Catch::Contains("ogr2ogr -a_srs"));
  }
  SECTION("metres under WGS84") {
    CHECK_THROWS_WITH(load(write_temp("metres.geojson", wards_geojson(kGrid, false)), report),
                      Catch::Contains("metres.geojson") && Catch::Contains("look like metres"));
  }
  SECTION("metres far east of Great Britain under British National Grid") {
    const std::string far = square(1500000, 100000, 1000);
    CHECK_THROWS_WITH(load(write_temp("far.geojson", wards_geojson({{"W1", far}})), report),
                      Catch::Contains("outside the area where its CRS EPSG:27700 is used"));
  }
}

TEST_CASE("a ward file GDAL cannot read says why, and a FIFO is refused without blocking") {
  wards::WardLoadReport report;
  CHECK_THROWS_WITH(
      load(write_temp("cut.geojson", R"({"type":"FeatureCollection","features":[{"type":"Fe)"),
           report),
      Catch::Contains("cut.geojson") && Catch::Contains("(GDAL: "));
  CHECK_THROWS_WITH(load(write_temp("gone.geojson", "").append(".missing"), report),
                    Catch::Contains("does not exist"));
  const fs::path fifo = fs::path(write_temp("x", "")).parent_path() / "wards.fifo";
  fs::remove(fifo);
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  CHECK_THROWS_WITH(load(fifo.string(), report), Catch::Contains("not a regular file"));
}

// ONS's ward mid-year estimates as downloaded: title rows, then "Ward Code", ..., "All Ages",
// one column per age, and a note below the table.
const char* const kOnsRows[][7] = {
    {"Mid-2020 Population Estimates for 2020 Wards in England and Wales", "", "", "", "", "", ""},
    {"All Persons", "", "", "", "", "", ""},
    {"Ward Code", "Ward Name", "LA Code (2021 boundaries)", "LA name (2021 boundaries)", "All Ages",
     "0", "1"},
    {"E05012345", "Abbey", "E07000075", "Rochford", "5,432", "61", "58"},
    {"E05012346", "Bridge", "E07000075", "Rochford", "7001", "80", "77"},
    {"", "", "", "", "", "", ""},
    {"Source: Office for National Statistics", "", "", "", "", "", ""},
};

TEST_CASE("ONS population estimates are read as downloaded from a CSV or a spreadsheet") {
  std::string csv;
  for (const auto& row : kOnsRows) {
    for (int i = 0; i < 7; ++i) {
      const std::string cell = row[i];
      csv += (i ? "," : "") + (cell.find(',') != std::string::npos ? "\"" + cell + "\"" : cell);
    }
    csv += "\n";
  }
  const auto expect = [](const std::vector<std::pair<std::string, double>>& rows) {
    REQUIRE(rows.size() == 2);
    CHECK(rows[0] == std::make_pair(std::string("E05012345"), 5432.0));
    CHECK(rows[1] == std::make_pair(std::string("E05012346"), 7001.0));
  };
  SECTION("CSV") { expect(wards::read_population_csv(write_temp("ons.csv", csv))); }
  SECTION("another release's headers: \"Ward 2023 Code\" and \"Total\"") {
    const auto rows = wards::read_population_csv(write_temp(
        "ons2023.csv", "Title\n\nWard 2023 Code,Ward 2023 Name,Total\nE05000001,A,8512\n"));
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].second == 8512);
  }
  SECTION("a spreadsheet through GDAL's XLSX driver") {
    GDALAllRegister();
    const std::string path = (std::filesystem::temp_directory_path() / "hotspot_ons.xlsx").string();
    std::filesystem::remove(path);
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("XLSX");
    REQUIRE(driver);
    {
      GDALDatasetUniquePtr book(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
      REQUIRE(book);
      OGRLayer* sheet = book->CreateLayer("Mid-2020 Persons", nullptr, wkbNone, nullptr);
      REQUIRE(sheet);
      for (int i = 0; i < 7; ++i) {
        OGRFieldDefn field(("column" + std::to_string(i)).c_str(), OFTString);
        REQUIRE(sheet->CreateField(&field) == OGRERR_NONE);
      }
      for (const auto& row : kOnsRows) {
        OGRFeatureUniquePtr feature(OGRFeature::CreateFeature(sheet->GetLayerDefn()));
        for (int i = 0; i < 7; ++i) feature->SetField(i, row[i]);
        REQUIRE(sheet->CreateFeature(feature.get()) == OGRERR_NONE);
      }
    }
    expect(wards::read_population_csv(path));
  }
  SECTION("no code and population header in the first rows names both") {
    CHECK_THROWS_WITH(wards::read_population_csv(write_temp("none.csv", "a,b\n1,2\n")),
                      Catch::Contains("All Ages") && Catch::Contains("ward_code"));
  }
}
