// Point rows inserted straight through SQLite (engine/gis/gpkg_rows.hpp) against GDAL's own
// writer as the reference: the same layer is written once each way, and every stored value
// (SQLite type and text), every point, the row count and the extent must agree.
#include <sqlite3.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <limits>
#include <string>
#include <vector>

#include "engine/gis/geopackage.hpp"
#include "engine/gis/gis_layer.hpp"

namespace fs = std::filesystem;
using namespace hotspot::gis;

namespace {

struct Row {
  std::string id;  // "" -> null
  std::string category;
  int year, month, day, hour, minute;
  bool dated, timed;
  double x, y;
};

// Four by hand, then enough more that the rows take three statements of 64 and a shorter
// last one: the texts and dates bound in one statement must all survive until it runs.
std::vector<Row> make_rows() {
  std::vector<Row> rows = {
      {"HT-1", "burglary", 2024, 1, 31, 23, 59, true, true, 530000.125, 180000.5},
      {"", "anti-social-behaviour", 2024, 2, 1, 0, 0, true, false, 530100.0, 180250.75},
      {"quote \"and\" comma, é", "violent-crime", 1999, 12, 5, 7, 3, false, false, 529999.999,
       179999.001},
      {"HT-4", "burglary", 2025, 6, 15, 12, 30, true, true, 610000.0, 250000.0},
  };
  const char* categories[] = {"burglary", "anti-social-behaviour", "violent-crime"};
  for (int k = 0; k < 200; ++k)
    rows.push_back({k % 7 == 0 ? "" : "R-" + std::to_string(k), categories[k % 3], 2020 + k % 6,
                    1 + k % 12, 1 + k % 28, k % 24, (7 * k) % 60, k % 5 != 0, k % 3 != 0,
                    540000.0 + 97.25 * k, 190000.0 + 41.5 * k});
  return rows;
}
const std::vector<Row> kRows = make_rows();

GisLayer layer_of_rows(bool direct) {
  GisLayer layer;
  layer.name = "incidents";
  layer.title = "Incidents";
  layer.geometry = GeometryKind::point;
  layer.fields = {{"id", FieldType::text},   {"category", FieldType::text},
                  {"date", FieldType::date}, {"occurred_at", FieldType::datetime},
                  {"x_m", FieldType::real},  {"y_m", FieldType::real}};
  layer.feature_count = kRows.size();
  layer.point_row = [](size_t i, RowValues& values) {
    const Row& row = kRows[i];
    if (row.id.empty())
      values.null();
    else
      values.text(row.id);
    values.text(row.category);
    if (row.dated)
      values.date(row.year, row.month, row.day);
    else
      values.null();
    if (row.timed)
      values.datetime(row.year, row.month, row.day, row.hour, row.minute);
    else
      values.null();
    values.real(row.x);
    values.real(row.y);
  };
  layer.point_at = [](size_t i, double& x, double& y) {
    x = kRows[i].x;
    y = kRows[i].y;
  };
  layer.fill = fill_from_point_rows(layer.point_row, layer.point_at, layer.fields);
  if (!direct) {  // GDAL's writer, from the same values
    layer.point_row = nullptr;
    layer.point_at = nullptr;
  }
  return layer;
}

std::vector<std::vector<std::string>> query(const std::string& file, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* statement = nullptr;
  INFO(sql);
  REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) == SQLITE_OK);
  std::vector<std::vector<std::string>> rows;
  while (sqlite3_step(statement) == SQLITE_ROW) {
    std::vector<std::string> row;
    for (int c = 0; c < sqlite3_column_count(statement); ++c) {
      const auto* text = sqlite3_column_text(statement, c);
      row.emplace_back(text ? reinterpret_cast<const char*>(text) : "<null>");
    }
    rows.push_back(std::move(row));
  }
  sqlite3_finalize(statement);
  sqlite3_close(db);
  return rows;
}

// A new empty folder under the system's temporary folder.
fs::path empty_folder(const std::string& name) {
  const fs::path folder = fs::temp_directory_path() / name;
  fs::remove_all(folder);
  fs::create_directories(folder);
  return folder;
}

}  // namespace

TEST_CASE("point rows stored through SQLite are the rows GDAL stores, value for value",
          "[geopackage]") {
  const fs::path folder = empty_folder("hotspot_gpkg_rows_test");
  const std::string direct = (folder / "direct.gpkg").string();
  const std::string gdal = (folder / "gdal.gpkg").string();
  std::vector<GisRaster> no_rasters;
  write_geopackage({layer_of_rows(true)}, no_rasters, "EPSG:27700", direct);
  write_geopackage({layer_of_rows(false)}, no_rasters, "EPSG:27700", gdal);

  // Every column as SQLite holds it: its storage type and its value (points as hex bytes).
  const std::string every_value =
      "SELECT fid, hex(geom), typeof(id), id, typeof(category), category, typeof(date), date, "
      "typeof(occurred_at), occurred_at, typeof(x_m), quote(x_m), typeof(y_m), quote(y_m) "
      "FROM incidents ORDER BY fid";
  const auto ours = query(direct, every_value);
  REQUIRE(ours.size() == kRows.size());
  CHECK(ours == query(gdal, every_value));
  CHECK(ours[0][9] == "2024-01-31T23:59:00.000");  // by hand: GDAL's form, no zone
  CHECK(ours[1][3] == "<null>");

  const std::string count =
      "SELECT feature_count FROM gpkg_ogr_contents WHERE table_name = 'incidents'";
  CHECK(query(direct, count) == query(gdal, count));
  CHECK(query(direct, count)[0][0] == std::to_string(kRows.size()));
  // The extent: the points' own bounds (GDAL's text may differ in the last binary digit).
  const auto extent = query(direct,
                            "SELECT min_x, min_y, max_x, max_y FROM gpkg_contents "
                            "WHERE table_name = 'incidents'");
  const auto reference = query(gdal,
                               "SELECT min_x, min_y, max_x, max_y FROM gpkg_contents "
                               "WHERE table_name = 'incidents'");
  for (size_t k = 0; k < 4; ++k)
    CHECK(std::stod(extent[0][k]) == Approx(std::stod(reference[0][k])).epsilon(1e-12));
  CHECK(std::stod(extent[0][0]) == 529999.999);
  CHECK(std::stod(extent[0][3]) == 250000.0);
  // The spatial index holds every point, and the triggers GDAL made are in place.
  CHECK(query(direct, "SELECT rtreecheck('rtree_incidents_geom')")[0][0] == "ok");
  CHECK(query(direct, "SELECT count(*) FROM rtree_incidents_geom")[0][0] ==
        std::to_string(kRows.size()));
  // Packed from the layer's points again (not from a copy kept while the rows went in): the same
  // boxes, under the same ids, as packed from GDAL's features.
  const std::string boxes =
      "SELECT id, minx, maxx, miny, maxy FROM rtree_incidents_geom ORDER BY id";
  CHECK(query(direct, boxes) == query(gdal, boxes));
  const std::string triggers =
      "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'incidents' "
      "ORDER BY name";
  CHECK(query(direct, triggers) == query(gdal, triggers));
  fs::remove_all(folder);
}

TEST_CASE("a point row without a finite point is stored without one and left out of the index",
          "[geopackage]") {
  const fs::path folder = empty_folder("hotspot_gpkg_rows_missing_test");
  const std::string file = (folder / "direct.gpkg").string();
  GisLayer layer = layer_of_rows(true);
  const std::vector<size_t> without = {0, 5, kRows.size() - 1};
  auto lacks_point = [without](size_t i) {
    return std::find(without.begin(), without.end(), i) != without.end();
  };
  layer.point_at = [lacks_point](size_t i, double& x, double& y) {
    // No x in rows 0 and the last, no y in row 5.
    x = lacks_point(i) && i != 5 ? std::nan("") : kRows[i].x;
    y = i == 5 ? std::numeric_limits<double>::infinity() : kRows[i].y;
  };
  std::vector<GisRaster> no_rasters;
  write_geopackage({layer}, no_rasters, "EPSG:27700", file);
  const auto nulls = query(file, "SELECT fid FROM incidents WHERE geom IS NULL ORDER BY fid");
  REQUIRE(nulls.size() == without.size());
  for (size_t k = 0; k < without.size(); ++k) CHECK(nulls[k][0] == std::to_string(without[k] + 1));
  CHECK(query(file, "SELECT count(*) FROM incidents")[0][0] == std::to_string(kRows.size()));
  CHECK(query(file, "SELECT rtreecheck('rtree_incidents_geom')")[0][0] == "ok");
  const auto indexed = query(file, "SELECT id FROM rtree_incidents_geom ORDER BY id");
  REQUIRE(indexed.size() == kRows.size() - without.size());
  // Every other row, under its own id (row i is id i + 1), at its own point.
  size_t k = 0;
  for (size_t i = 0; i < kRows.size(); ++i)
    if (!lacks_point(i)) CHECK(indexed[k++][0] == std::to_string(i + 1));
  const auto second = query(file, "SELECT minx, miny FROM rtree_incidents_geom WHERE id = 2");
  CHECK(std::stod(second[0][0]) == Approx(kRows[1].x).epsilon(1e-7));
  CHECK(std::stod(second[0][1]) == Approx(kRows[1].y).epsilon(1e-7));
  // The extent is the extent of the rows with a point.
  const auto extent = query(file, "SELECT min_x FROM gpkg_contents WHERE table_name = 'incidents'");
  CHECK(std::stod(extent[0][0]) == 529999.999);
  fs::remove_all(folder);
}
