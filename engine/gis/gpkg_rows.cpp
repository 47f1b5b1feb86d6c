#include "engine/gis/gpkg_rows.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstring>
#include <memory>
#include <stdexcept>

namespace hotspot::gis {

namespace {

using Statement = std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)>;

[[noreturn]] void fail(sqlite3* db, const std::string& doing) {
  throw std::runtime_error("SQLite: " + doing + ": " + sqlite3_errmsg(db));
}

Statement prepare(sqlite3* db, const std::string& sql, const std::string& doing) {
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) != SQLITE_OK) fail(db, doing);
  return Statement(statement, &sqlite3_finalize);
}

std::string quoted(const std::string& name) {
  std::string text = "\"";
  for (char c : name) text += c == '"' ? std::string("\"\"") : std::string(1, c);
  return text + "\"";
}

// Writes `value` as `width` decimal digits (zero-padded) at `out`.
char* digits(char* out, int value, int width) {
  for (int k = width - 1; k >= 0; --k) {
    out[k] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  return out + width;
}

// Binds one row's values to the insert statement: column k to parameter first + k + 1 (the
// point takes `first`). Texts are bound without a copy (SQLITE_STATIC: RowValues::text's views
// outlive the statement); dates are written into a slot of their own per parameter, which
// lives until the statement has run. Copying each text (SQLITE_TRANSIENT) was six allocations
// and copies a row, each allocation also taking the lock of SQLite's memory statistics.
class BoundRow final : public RowValues {
 public:
  BoundRow(sqlite3* db, size_t parameters) : db_(db), formatted_(parameters) {}
  void start(sqlite3_stmt* statement, int first) {
    statement_ = statement;
    parameter_ = first + 1;
  }
  void null() override { check(sqlite3_bind_null(statement_, parameter_++)); }
  void text(std::string_view value) override {
    check(sqlite3_bind_text(statement_, parameter_++, value.data(), static_cast<int>(value.size()),
                            SQLITE_STATIC));
  }
  void real(double value) override { check(sqlite3_bind_double(statement_, parameter_++, value)); }
  void date(int year, int month, int day) override {
    char* text = slot();  // GDAL's form: YYYY-MM-DD
    char* at = digits(text, year, 4);
    *at++ = '-';
    at = digits(at, month, 2);
    *at++ = '-';
    digits(at, day, 2);
    this->text({text, 10});
  }
  void datetime(int year, int month, int day, int hour, int minute) override {
    char* text = slot();  // GDAL's form without a zone: YYYY-MM-DDTHH:MM:SS.sss
    char* at = digits(text, year, 4);
    *at++ = '-';
    at = digits(at, month, 2);
    *at++ = '-';
    at = digits(at, day, 2);
    *at++ = 'T';
    at = digits(at, hour, 2);
    *at++ = ':';
    at = digits(at, minute, 2);
    std::memcpy(at, ":00.000", 7);
    this->text({text, 23});
  }
  int next_parameter() const { return parameter_; }

 private:
  void check(int status) {
    if (status != SQLITE_OK) fail(db_, "cannot bind a value");
  }
  // The text of the parameter about to be bound: its own, so it outlives the statement's run.
  char* slot() {
    const auto index = static_cast<size_t>(parameter_ - 1);
    if (index >= formatted_.size()) throw std::logic_error("a row gave more values than columns");
    return formatted_[index].data();
  }
  sqlite3* db_;
  std::vector<std::array<char, 24>> formatted_;  // by parameter
  sqlite3_stmt* statement_ = nullptr;
  int parameter_ = 1;
};

// A point as GeoPackage binary (GeoPackage 1.2, 2.1.3): "GP", version 0, flags 0x01 (little
// endian, no envelope: GDAL writes none for points), the srs_id, then the point as WKB.
std::array<unsigned char, 29> point_blob(int32_t srs_id, double x, double y) {
  std::array<unsigned char, 29> blob{};
  blob[0] = 'G';
  blob[1] = 'P';
  blob[2] = 0;
  blob[3] = 0x01;
  const auto srs = static_cast<uint32_t>(srs_id);
  for (int k = 0; k < 4; ++k) blob[4 + k] = static_cast<unsigned char>(srs >> (8 * k));
  blob[8] = 0x01;  // WKB little endian
  const uint32_t point_type = 1;
  std::memcpy(&blob[9], &point_type, 4);
  std::memcpy(&blob[13], &x, 8);
  std::memcpy(&blob[21], &y, 8);
  return blob;
}

static_assert(sizeof(double) == 8 && std::endian::native == std::endian::little,
              "GeoPackage binary is written in the machine's byte order, marked little endian");

int32_t srs_id_of(sqlite3* db, const std::string& table) {
  Statement query = prepare(db,
                            "SELECT srs_id FROM gpkg_geometry_columns WHERE lower(table_name) = "
                            "lower(?)",
                            "cannot read the table's coordinate system");
  sqlite3_bind_text(query.get(), 1, table.c_str(), -1, SQLITE_TRANSIENT);
  if (sqlite3_step(query.get()) != SQLITE_ROW)
    throw std::logic_error("GDAL registered no geometry column for " + table);
  return sqlite3_column_int(query.get(), 0);
}

}  // namespace

PointRows insert_point_rows(sqlite3* db, const GisLayer& layer) {
  if (!layer.point_row || !layer.point_at)
    throw std::logic_error(layer.name + " gives no point rows");
  const int32_t srs_id = srs_id_of(db, layer.name);
  std::string columns = "\"geom\"", one_row = "(?";
  for (const FieldSpec& field : layer.fields) {
    columns += ", " + quoted(field.name);
    one_row += ", ?";
  }
  one_row += ")";
  // Many rows per statement: SQLite's work per statement (the AUTOINCREMENT bookkeeping in
  // sqlite_sequence, starting and ending the statement) is then paid once per batch.
  constexpr size_t kRowsPerStatement = 64;
  auto prepare_insert = [&](size_t rows) {
    std::string sql = "INSERT INTO " + quoted(layer.name) + " (" + columns + ") VALUES ";
    for (size_t r = 0; r < rows; ++r) sql += (r ? ", " : "") + one_row;
    return prepare(db, sql, "cannot prepare the rows of " + layer.name);
  };
  Statement full = prepare_insert(kRowsPerStatement);
  Statement tail(nullptr, &sqlite3_finalize);
  const int per_row = static_cast<int>(layer.fields.size()) + 1;
  std::vector<std::array<unsigned char, 29>> blobs(kRowsPerStatement);

  PointRows rows;
  BoundRow values(db, kRowsPerStatement * static_cast<size_t>(per_row));
  for (size_t first = 0; first < layer.feature_count; first += kRowsPerStatement) {
    const size_t count = std::min(kRowsPerStatement, layer.feature_count - first);
    if (count < kRowsPerStatement) tail = prepare_insert(count);
    sqlite3_stmt* insert = count == kRowsPerStatement ? full.get() : tail.get();
    for (size_t r = 0; r < count; ++r) {
      const size_t i = first + r;
      const int point_parameter = static_cast<int>(r) * per_row + 1;
      double x = 0, y = 0;
      values.start(insert, point_parameter);
      layer.point_row(i, values);
      layer.point_at(i, x, y);
      if (values.next_parameter() != point_parameter + per_row)
        throw std::logic_error(layer.name + ": a row gave the wrong number of values");
      // The table is new and its ids come from SQLite in insertion order: row i gets i + 1
      // (checked after each statement below).
      if (!(std::isfinite(x) && std::isfinite(y))) {
        if (sqlite3_bind_null(insert, point_parameter) != SQLITE_OK)
          fail(db, "cannot bind a point");
        continue;
      }
      blobs[r] = point_blob(srs_id, x, y);
      if (sqlite3_bind_blob(insert, point_parameter, blobs[r].data(),
                            static_cast<int>(blobs[r].size()), SQLITE_STATIC) != SQLITE_OK)
        fail(db, "cannot bind a point");
      if (rows.points++ == 0) {
        rows.min_x = rows.max_x = x;
        rows.min_y = rows.max_y = y;
      }
      rows.min_x = std::min(rows.min_x, x);
      rows.max_x = std::max(rows.max_x, x);
      rows.min_y = std::min(rows.min_y, y);
      rows.max_y = std::max(rows.max_y, y);
    }
    if (sqlite3_step(insert) != SQLITE_DONE) fail(db, "cannot write the rows of " + layer.name);
    sqlite3_reset(insert);
    if (sqlite3_last_insert_rowid(db) != static_cast<int64_t>(first + count))
      throw std::logic_error(layer.name + " was not empty, or SQLite numbered its rows otherwise");
  }
  rows.count = static_cast<int64_t>(layer.feature_count);
  return rows;
}

void record_point_rows(sqlite3* db, const std::string& table, const PointRows& rows) {
  Statement extent =
      prepare(db,
              "UPDATE gpkg_contents SET min_x = ?, min_y = ?, max_x = ?, max_y = ? WHERE "
              "lower(table_name) = lower(?)",
              "cannot record the extent of " + table);
  if (rows.points == 0) {
    for (int k = 1; k <= 4; ++k) sqlite3_bind_null(extent.get(), k);
  } else {
    sqlite3_bind_double(extent.get(), 1, rows.min_x);
    sqlite3_bind_double(extent.get(), 2, rows.min_y);
    sqlite3_bind_double(extent.get(), 3, rows.max_x);
    sqlite3_bind_double(extent.get(), 4, rows.max_y);
  }
  sqlite3_bind_text(extent.get(), 5, table.c_str(), -1, SQLITE_TRANSIENT);
  if (sqlite3_step(extent.get()) != SQLITE_DONE) fail(db, "cannot record the extent of " + table);
  Statement count = prepare(
      db, "UPDATE gpkg_ogr_contents SET feature_count = ? WHERE lower(table_name) = lower(?)",
      "cannot record the row count of " + table);
  sqlite3_bind_int64(count.get(), 1, rows.count);
  sqlite3_bind_text(count.get(), 2, table.c_str(), -1, SQLITE_TRANSIENT);
  if (sqlite3_step(count.get()) != SQLITE_DONE) fail(db, "cannot record the row count of " + table);
}

}  // namespace hotspot::gis
