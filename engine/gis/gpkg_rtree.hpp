// A GeoPackage spatial index (the SQLite R*Tree `rtree_<table>_<column>`) packed in one pass.
//
// GDAL 3.6 (Debian 12) fills the index one row at a time through SQLite's R*Tree insert, which
// took three quarters of the time of writing 1M incident points (~14 s of ~20 s). GDAL 3.7 and
// later bulk-load it instead; this does the same for the GDAL we have: the entries are sorted
// along a Hilbert curve, packed into full nodes level by level, and written straight into the
// R*Tree's shadow tables (%_node, %_rowid, %_parent) in the layout SQLite's rtree.c reads.
// SQLite's own `rtreecheck()` verifies the result in the tests, and the table keeps GDAL's
// triggers, so later edits (in QGIS) update it the usual way.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

struct sqlite3;

namespace hotspot::gis {

// One indexed row: its id and its bounding box as the R*Tree stores it (32-bit floats, rounded
// outwards as SQLite rounds them, so the box always contains the geometry).
struct RtreeEntry {
  int64_t id = 0;
  float min_x = 0, max_x = 0, min_y = 0, max_y = 0;
};

RtreeEntry rtree_entry(int64_t id, double min_x, double max_x, double min_y, double max_y);

// Fills the empty 2-D R*Tree virtual table `rtree_table` (just created, holding no rows) with
// `entries`. Throws std::runtime_error with SQLite's message on failure.
void bulk_load_rtree(sqlite3* db, const std::string& rtree_table, std::vector<RtreeEntry> entries);

// The same for `count` points, read through `point_at` (row i is the point with id i + 1; a row
// whose x or y is not finite has no entry): the index of 10M incidents is packed without a copy
// of their boxes (240 MB).
void bulk_load_point_rtree(sqlite3* db, const std::string& rtree_table, size_t count,
                           const std::function<void(size_t row, double& x, double& y)>& point_at);

}  // namespace hotspot::gis
