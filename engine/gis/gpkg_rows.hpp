// The rows of a GeoPackage point table inserted straight through SQLite.
//
// GDAL 3.6 (Debian 12) stores a feature in ~6.5 µs: an OGRFeature filled per row, its point
// serialised through OGRGeometry, each value bound through the field definitions. For 10M
// incidents that was over a minute, the largest single cost of a national `analyse`. GDAL 3.8's
// OGRLayer::WriteArrowBatch would batch this inside GDAL; the GDAL we have does not, so the rows
// go into the table GDAL created (its columns, its triggers) as GDAL itself writes them: the same
// SQLite types and text forms (dates 'YYYY-MM-DD', times 'YYYY-MM-DDTHH:MM:SS.sss' without a
// zone), points as GeoPackage binary without an envelope, ids given by SQLite in row order.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "engine/gis/gis_layer.hpp"

struct sqlite3;

namespace hotspot::gis {

// What the rows of a point table add up to: its row count, how many have a point, and their
// extent. (The spatial index is packed afterwards from layer.point_at: bulk_load_point_rtree.)
struct PointRows {
  int64_t count = 0;
  int64_t points = 0;
  double min_x = 0, min_y = 0, max_x = 0, max_y = 0;  // meaningless when points is 0
};

// Inserts layer.point_row's rows, at layer.point_at's points, into the empty table
// `layer.name`, which GDAL created with the columns layer.fields and the point column "geom".
// Row i gets the id i + 1. Throws std::runtime_error with SQLite's message (it names no row
// data) on failure.
PointRows insert_point_rows(sqlite3* db, const GisLayer& layer);

// The table's extent in gpkg_contents and its row count in gpkg_ogr_contents, where GDAL keeps
// them for the tables it fills itself. Throws std::runtime_error as above.
void record_point_rows(sqlite3* db, const std::string& table, const PointRows& rows);

}  // namespace hotspot::gis
