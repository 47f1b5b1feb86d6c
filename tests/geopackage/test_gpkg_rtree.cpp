// The packed GeoPackage spatial index (engine/gis/gpkg_rtree.hpp), checked by SQLite itself:
// rtreecheck() on the shadow tables, box queries against a brute force over the same boxes,
// boxes equal to those SQLite's own insert stores, and edits through the R*Tree afterwards.
#include <sqlite3.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "engine/gis/gpkg_rtree.hpp"

using hotspot::gis::bulk_load_rtree;
using hotspot::gis::rtree_entry;
using hotspot::gis::RtreeEntry;

namespace {

class Database {
 public:
  Database() { REQUIRE(sqlite3_open(":memory:", &db_) == SQLITE_OK); }
  ~Database() { sqlite3_close(db_); }
  sqlite3* get() { return db_; }
  void exec(const std::string& sql) {
    char* message = nullptr;
    const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message);
    INFO(sql << ": " << (message ? message : ""));
    sqlite3_free(message);
    REQUIRE(rc == SQLITE_OK);
  }
  // Every row of a query, each as its columns' text.
  std::vector<std::vector<std::string>> rows(const std::string& sql) {
    sqlite3_stmt* statement = nullptr;
    REQUIRE(sqlite3_prepare_v2(db_, sql.c_str(), -1, &statement, nullptr) == SQLITE_OK);
    std::vector<std::vector<std::string>> result;
    while (sqlite3_step(statement) == SQLITE_ROW) {
      std::vector<std::string> row;
      for (int c = 0; c < sqlite3_column_count(statement); ++c) {
        const auto* text = sqlite3_column_text(statement, c);
        row.emplace_back(text ? reinterpret_cast<const char*>(text) : "");
      }
      result.push_back(std::move(row));
    }
    sqlite3_finalize(statement);
    return result;
  }
  std::string single(const std::string& sql) { return rows(sql).at(0).at(0); }

 private:
  sqlite3* db_ = nullptr;
};

// Random boxes (points when `points`), as doubles, over a BNG-sized extent.
struct Box {
  double min_x, max_x, min_y, max_y;
};
std::vector<Box> random_boxes(size_t count, bool points, uint32_t seed) {
  std::mt19937 random(seed);
  std::uniform_real_distribution<double> x(100000.123, 700000.987), y(0.5, 1200000.25),
      size(0, 3000);
  std::vector<Box> boxes;
  for (size_t i = 0; i < count; ++i) {
    const double bx = x(random), by = y(random);
    const double w = points ? 0 : size(random), h = points ? 0 : size(random);
    boxes.push_back({bx, bx + w, by, by + h});
  }
  return boxes;
}

// Ids 1, 2, 3, ... by default; every `stride`-th id from `first` otherwise, and ids with a gap
// after every tenth when `gaps` (the two ways the index is filled: by a lookup over nearly
// dense ids, by sorting otherwise).
std::vector<RtreeEntry> entries_of(const std::vector<Box>& boxes, int64_t first = 1,
                                   int64_t stride = 1, bool gaps = false) {
  std::vector<RtreeEntry> entries;
  for (size_t i = 0; i < boxes.size(); ++i) {
    const auto k = static_cast<int64_t>(i);
    entries.push_back(rtree_entry(first + stride * k + (gaps ? k / 10 : 0), boxes[i].min_x,
                                  boxes[i].max_x, boxes[i].min_y, boxes[i].max_y));
  }
  return entries;
}

}  // namespace

TEST_CASE("a packed R-tree passes rtreecheck and answers box queries as a brute force does") {
  // 0, one node, one full node, two leaves, three levels, and a larger set of each kind.
  const bool points = GENERATE(true, false);
  const size_t count = GENERATE(0, 1, 51, 52, 2602, 30000);
  // Dense ids, dense with gaps, spread out (3, 1000) and negative.
  const auto [first, stride, gaps] = GENERATE(
      std::make_tuple(int64_t{1}, int64_t{1}, false), std::make_tuple(int64_t{1}, int64_t{1}, true),
      std::make_tuple(int64_t{5}, int64_t{3}, false),
      std::make_tuple(int64_t{-7000}, int64_t{1000}, false));
  CAPTURE(points, count, first, stride, gaps);
  Database db;
  db.exec("CREATE VIRTUAL TABLE rtree_t_geom USING rtree(id, minx, maxx, miny, maxy)");
  const std::vector<Box> boxes = random_boxes(count, points, static_cast<uint32_t>(count));
  const std::vector<RtreeEntry> entries = entries_of(boxes, first, stride, gaps);
  bulk_load_rtree(db.get(), "rtree_t_geom", entries);

  CHECK(db.single("SELECT rtreecheck('rtree_t_geom')") == "ok");
  CHECK(db.single("SELECT count(*) FROM rtree_t_geom") == std::to_string(count));
  // Every id is in the index once, in the leaf that holds it (rtreecheck follows the rowids).
  std::vector<std::string> ids;
  for (const auto& row : db.rows("SELECT rowid FROM rtree_t_geom_rowid ORDER BY rowid"))
    ids.push_back(row[0]);
  std::vector<std::string> expected_ids;
  std::vector<int64_t> sorted_ids;
  for (const RtreeEntry& e : entries) sorted_ids.push_back(e.id);
  std::sort(sorted_ids.begin(), sorted_ids.end());
  for (int64_t id : sorted_ids) expected_ids.push_back(std::to_string(id));
  CHECK(ids == expected_ids);
  std::mt19937 random(7);
  for (const Box& query : random_boxes(40, false, 99)) {
    Box wide = query;
    wide.max_x += std::uniform_real_distribution<double>(0, 80000)(random);
    wide.max_y += std::uniform_real_distribution<double>(0, 80000)(random);
    std::vector<std::string> expected;
    for (const RtreeEntry& e : entries)
      if (e.max_x >= wide.min_x && e.min_x <= wide.max_x && e.max_y >= wide.min_y &&
          e.min_y <= wide.max_y)
        expected.push_back(std::to_string(e.id));
    std::sort(expected.begin(), expected.end());
    char sql[400];
    std::snprintf(sql, sizeof sql,
                  "SELECT id FROM rtree_t_geom WHERE maxx >= %.17g AND minx <= %.17g AND "
                  "maxy >= %.17g AND miny <= %.17g",
                  wide.min_x, wide.max_x, wide.min_y, wide.max_y);
    std::vector<std::string> found;
    for (const auto& row : db.rows(sql)) found.push_back(row[0]);
    std::sort(found.begin(), found.end());
    CHECK(found == expected);
  }
}

TEST_CASE("packed boxes are the boxes SQLite's own insert stores and hold the geometry") {
  Database db;
  db.exec("CREATE VIRTUAL TABLE packed USING rtree(id, minx, maxx, miny, maxy)");
  db.exec("CREATE VIRTUAL TABLE inserted USING rtree(id, minx, maxx, miny, maxy)");
  const std::vector<Box> boxes = random_boxes(500, false, 3);
  bulk_load_rtree(db.get(), "packed", entries_of(boxes));
  for (size_t i = 0; i < boxes.size(); ++i) {
    char sql[300];
    std::snprintf(sql, sizeof sql, "INSERT INTO inserted VALUES (%zu, %.17g, %.17g, %.17g, %.17g)",
                  i + 1, boxes[i].min_x, boxes[i].max_x, boxes[i].min_y, boxes[i].max_y);
    db.exec(sql);
    const RtreeEntry e = entries_of({boxes[i]})[0];
    CHECK(double(e.min_x) <= boxes[i].min_x);
    CHECK(double(e.max_x) >= boxes[i].max_x);
    CHECK(double(e.min_y) <= boxes[i].min_y);
    CHECK(double(e.max_y) >= boxes[i].max_y);
  }
  CHECK(db.rows("SELECT * FROM packed ORDER BY id") ==
        db.rows("SELECT * FROM inserted ORDER BY id"));
}

TEST_CASE("a packed R-tree takes inserts and deletes through SQLite afterwards") {
  Database db;
  db.exec("CREATE VIRTUAL TABLE rtree_t_geom USING rtree(id, minx, maxx, miny, maxy)");
  bulk_load_rtree(db.get(), "rtree_t_geom", entries_of(random_boxes(5000, true, 11)));
  db.exec("DELETE FROM rtree_t_geom WHERE id % 3 = 0");
  for (int i = 0; i < 2000; ++i)
    db.exec("INSERT INTO rtree_t_geom VALUES (" + std::to_string(100000 + i) + ", " +
            std::to_string(200000 + i) + ", " + std::to_string(200001 + i) + ", 5000, 5001)");
  CHECK(db.single("SELECT rtreecheck('rtree_t_geom')") == "ok");
  CHECK(db.single("SELECT count(*) FROM rtree_t_geom") == std::to_string(5000 - 1666 + 2000));
}

TEST_CASE("an index given one id twice fails with a reason instead of pointing two rows at it") {
  Database db;
  db.exec("CREATE VIRTUAL TABLE rtree_t_geom USING rtree(id, minx, maxx, miny, maxy)");
  std::vector<RtreeEntry> entries = entries_of(random_boxes(100, true, 3));
  entries[60].id = entries[20].id;
  CHECK_THROWS_WITH(bulk_load_rtree(db.get(), "rtree_t_geom", entries),
                    Catch::Contains("two rows share the id 21"));
  // Far-apart ids (filled by sorting): SQLite's own uniqueness check refuses the second.
  Database other;
  other.exec("CREATE VIRTUAL TABLE rtree_t_geom USING rtree(id, minx, maxx, miny, maxy)");
  entries = entries_of(random_boxes(100, true, 3), 1, 1000);
  entries[60].id = entries[20].id;
  CHECK_THROWS_WITH(bulk_load_rtree(other.get(), "rtree_t_geom", entries),
                    Catch::Contains("UNIQUE"));
}
