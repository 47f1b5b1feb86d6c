#include "engine/gis/gpkg_rtree.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <boost/sort/pdqsort/pdqsort.hpp>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <optional>
#include <stdexcept>

namespace hotspot::gis {

namespace {

// rtree.c: a node holds at most 51 cells, and is no larger than the page size less 64 bytes;
// a 2-D cell is an 8-byte id and four 4-byte coordinates.
constexpr int kMaxCells = 51;
constexpr int kBytesPerCell = 8 + 4 * 4;

// Position along a Hilbert curve on a 2^16 × 2^16 grid (the classic xy → d conversion), so
// neighbouring entries share nodes and node boxes stay small.
uint64_t hilbert_index(uint32_t x, uint32_t y) {
  uint64_t d = 0;
  for (uint32_t s = 1u << 15; s > 0; s /= 2) {
    const uint32_t rx = (x & s) ? 1 : 0;
    const uint32_t ry = (y & s) ? 1 : 0;
    d += uint64_t{s} * s * ((3 * rx) ^ ry);
    if (ry == 0) {
      if (rx == 1) {
        x = s - 1 - x;
        y = s - 1 - y;
      }
      std::swap(x, y);
    }
  }
  return d;
}

void put_u16(unsigned char* at, uint32_t value) {
  at[0] = static_cast<unsigned char>(value >> 8);
  at[1] = static_cast<unsigned char>(value);
}
void put_i64(unsigned char* at, int64_t value) {
  const auto bits = static_cast<uint64_t>(value);
  for (int i = 0; i < 8; ++i) at[i] = static_cast<unsigned char>(bits >> (56 - 8 * i));
}
void put_float(unsigned char* at, float value) {
  uint32_t bits = 0;
  std::memcpy(&bits, &value, 4);
  for (int i = 0; i < 4; ++i) at[i] = static_cast<unsigned char>(bits >> (24 - 8 * i));
}

class Statement {
 public:
  Statement(sqlite3* db, const std::string& sql) : db_(db) {
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &statement_, nullptr) != SQLITE_OK) fail();
  }
  ~Statement() { sqlite3_finalize(statement_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  void run(int64_t a, int64_t b) {
    sqlite3_bind_int64(statement_, 1, a);
    sqlite3_bind_int64(statement_, 2, b);
    step();
  }
  void run(int64_t a, const std::vector<unsigned char>& blob) {
    sqlite3_bind_int64(statement_, 1, a);
    sqlite3_bind_blob(statement_, 2, blob.data(), static_cast<int>(blob.size()), SQLITE_STATIC);
    step();
  }
  void run(const std::vector<int64_t>& values) {
    for (size_t k = 0; k < values.size(); ++k)
      sqlite3_bind_int64(statement_, static_cast<int>(k) + 1, values[k]);
    step();
  }
  // The first column of the first row, as an integer.
  int64_t single_integer() {
    if (sqlite3_step(statement_) != SQLITE_ROW) fail();
    return sqlite3_column_int64(statement_, 0);
  }

 private:
  void step() {
    if (sqlite3_step(statement_) != SQLITE_DONE) fail();
    sqlite3_reset(statement_);
  }
  [[noreturn]] void fail() {
    throw std::runtime_error(std::string("SQLite: ") + sqlite3_errmsg(db_));
  }
  sqlite3* db_;
  sqlite3_stmt* statement_ = nullptr;
};

std::string quoted(const std::string& name) {
  std::string text = "\"";
  for (char c : name) text += c == '"' ? std::string("\"\"") : std::string(1, c);
  return text + "\"";
}

// A packed node: its number, its children (entries, or nodes of the level below) and its box.
struct PackedNode {
  int64_t number = 0;
  RtreeEntry box;  // id unused
  size_t first = 0, count = 0;
};

// The leaf of each entry, for the R*Tree's %_rowid table: found while the entries are at hand,
// and written after the caller has let them go (on 10M incidents their Hilbert order is 80 MB,
// and SQLite's inserts are the long part). `cell(k)` is the leaves' k-th entry.
struct RowidLeaves {
  // Ids nearly dense (a new table's fids): the leaf of id min_id + k at leaf_of[k], 0 for none.
  int64_t min_id = 0;
  std::vector<uint32_t> leaf_of;
  // Otherwise (id, leaf) pairs, sorted by id.
  std::vector<std::pair<int64_t, int64_t>> pairs;
};

template <typename CellAt>
RowidLeaves leaves_of_rows(const std::vector<PackedNode>& leaves, size_t count,
                           const CellAt& cell) {
  RowidLeaves rows;
  int64_t min_id = std::numeric_limits<int64_t>::max(),
          max_id = std::numeric_limits<int64_t>::min();
  for (size_t k = 0; k < count; ++k) {
    min_id = std::min(min_id, cell(k).id);
    max_id = std::max(max_id, cell(k).id);
  }
  const auto span = static_cast<uint64_t>(max_id) - static_cast<uint64_t>(min_id);
  if (span < 2 * uint64_t{count} && leaves.size() < std::numeric_limits<uint32_t>::max()) {
    rows.min_id = min_id;
    rows.leaf_of.assign(span + 1, 0);
    for (const PackedNode& leaf : leaves)
      for (size_t c = 0; c < leaf.count; ++c) {
        const int64_t id = cell(leaf.first + c).id;
        uint32_t& slot = rows.leaf_of[static_cast<size_t>(id - min_id)];
        if (slot != 0) throw std::runtime_error("two rows share the id " + std::to_string(id));
        slot = static_cast<uint32_t>(leaf.number);
      }
  } else {
    rows.pairs.reserve(count);
    for (const PackedNode& leaf : leaves)
      for (size_t c = 0; c < leaf.count; ++c)
        rows.pairs.emplace_back(cell(leaf.first + c).id, leaf.number);
    std::sort(rows.pairs.begin(), rows.pairs.end());
  }
  return rows;
}

// The rows of the %_rowid table, by id, many to a statement: in the leaves' (Hilbert) order
// every row was a search in a growing B-tree, which took a quarter of the GeoPackage's time at
// 10M incidents; in id order each row is an append.
void write_rowids(sqlite3* db, const std::string& rtree_table, const RowidLeaves& rows) {
  constexpr size_t kRowsPerStatement = 64;
  auto prepare = [&](size_t count) {
    std::string sql = "INSERT INTO " + quoted(rtree_table + "_rowid") + "(rowid, nodeno) VALUES ";
    for (size_t r = 0; r < count; ++r) sql += r ? ", (?, ?)" : "(?, ?)";
    return std::make_unique<Statement>(db, sql);
  };
  const std::unique_ptr<Statement> full = prepare(kRowsPerStatement);
  std::vector<int64_t> batch;
  batch.reserve(2 * kRowsPerStatement);
  auto add = [&](int64_t id, int64_t node) {
    batch.push_back(id);
    batch.push_back(node);
    if (batch.size() == 2 * kRowsPerStatement) {
      full->run(batch);
      batch.clear();
    }
  };
  for (size_t k = 0; k < rows.leaf_of.size(); ++k)
    if (rows.leaf_of[k] != 0) add(rows.min_id + static_cast<int64_t>(k), rows.leaf_of[k]);
  for (const auto& [id, node] : rows.pairs) add(id, node);
  if (!batch.empty()) prepare(batch.size() / 2)->run(batch);
}

}  // namespace

RtreeEntry rtree_entry(int64_t id, double min_x, double max_x, double min_y, double max_y) {
  // rtree.c's rtreeValueDown / rtreeValueUp: the float nearest the double, moved one step
  // outwards (by SQLite's own factors) when rounding went inwards.
  constexpr double kTowards = 1.0 - 1.0 / 8388608.0, kAway = 1.0 + 1.0 / 8388608.0;
  auto down = [&](double d) {
    float f = static_cast<float>(d);
    if (f > d) f = static_cast<float>(d * (d < 0 ? kAway : kTowards));
    return f;
  };
  auto up = [&](double d) {
    float f = static_cast<float>(d);
    if (f < d) f = static_cast<float>(d * (d < 0 ? kTowards : kAway));
    return f;
  };
  return RtreeEntry{id, down(min_x), up(max_x), down(min_y), up(max_y)};
}

namespace {

// Packs the index from `count` rows: entry_at(i) gives row i's entry, or nothing for a row that
// is not indexed. Entries are read through it (by value) wherever they are needed, so the
// caller decides whether they are stored or made on demand.
template <typename EntryAt>
void pack_rtree(sqlite3* db, const std::string& rtree_table, size_t count,
                const EntryAt& entry_at) {
  // The node size SQLite chose when it created the table (the root node's blob).
  const int node_bytes =
      static_cast<int>(Statement(db, "SELECT length(data) FROM " + quoted(rtree_table + "_node") +
                                         " WHERE nodeno = 1")
                           .single_integer());
  const int max_cells = std::min(kMaxCells, (node_bytes - 4) / kBytesPerCell);
  if (max_cells < 2) throw std::runtime_error("SQLite: unexpected R*Tree node size");
  if (count > std::numeric_limits<uint32_t>::max())
    throw std::runtime_error("more rows than a spatial index here can hold (2^32)");

  // Hilbert order of the box centres over the entries' extent.
  float min_x = std::numeric_limits<float>::max(), min_y = min_x;
  float max_x = std::numeric_limits<float>::lowest(), max_y = max_x;
  size_t entries = 0;
  for (size_t i = 0; i < count; ++i)
    if (const std::optional<RtreeEntry> e = entry_at(i)) {
      min_x = std::min(min_x, e->min_x);
      min_y = std::min(min_y, e->min_y);
      max_x = std::max(max_x, e->max_x);
      max_y = std::max(max_y, e->max_y);
      ++entries;
    }
  if (entries == 0) return;
  const double span = std::max<double>({double(max_x) - min_x, double(max_y) - min_y, 1e-9});
  // Each entry's Hilbert position (32 bits on the 2^16 grid) and its row, as one integer: the
  // sort compares integers and ties go to the lower row. The leaves read the entries through
  // this order instead of the entries being moved into it (a chain of dependent cache misses).
  std::vector<uint64_t> order;
  order.reserve(entries);
  for (size_t i = 0; i < count; ++i)
    if (const std::optional<RtreeEntry> e = entry_at(i)) {
      const double cx = (0.5 * (double(e->min_x) + e->max_x) - min_x) / span;
      const double cy = (0.5 * (double(e->min_y) + e->max_y) - min_y) / span;
      const auto gx = static_cast<uint32_t>(std::clamp(cx * 65535.0, 0.0, 65535.0));
      const auto gy = static_cast<uint32_t>(std::clamp(cy * 65535.0, 0.0, 65535.0));
      order.push_back(hilbert_index(gx, gy) << 32 | i);
    }
  boost::sort::pdqsort_branchless(order.begin(), order.end());
  auto leaf_cell = [&](size_t k) { return *entry_at(order[k] & 0xffffffffu); };

  // Levels from the leaves up. Children are shared out evenly (never a nearly empty last node),
  // so every node but a lone root holds at least half of max_cells.
  auto pack = [&](size_t children, int64_t& next_number) {
    const size_t nodes = (children + max_cells - 1) / static_cast<size_t>(max_cells);
    std::vector<PackedNode> level(nodes);
    for (size_t j = 0; j < nodes; ++j) {
      level[j].first = j * children / nodes;
      level[j].count = (j + 1) * children / nodes - level[j].first;
      level[j].number = nodes == 1 ? 1 : next_number++;
    }
    return level;
  };
  Statement write_node(db, "INSERT OR REPLACE INTO " + quoted(rtree_table + "_node") +
                               "(nodeno, data) VALUES (?, ?)");
  Statement write_parent(
      db, "INSERT INTO " + quoted(rtree_table + "_parent") + "(nodeno, parentnode) VALUES (?, ?)");
  std::vector<unsigned char> blob(static_cast<size_t>(node_bytes));
  auto write = [&](const PackedNode& node, const auto& cell_at, int depth) {
    std::fill(blob.begin(), blob.end(), 0);
    if (node.number == 1) put_u16(blob.data(), static_cast<uint32_t>(depth));
    put_u16(blob.data() + 2, static_cast<uint32_t>(node.count));
    for (size_t c = 0; c < node.count; ++c) {
      const RtreeEntry& cell = cell_at(node.first + c);
      unsigned char* at = blob.data() + 4 + c * kBytesPerCell;
      put_i64(at, cell.id);
      put_float(at + 8, cell.min_x);
      put_float(at + 12, cell.max_x);
      put_float(at + 16, cell.min_y);
      put_float(at + 20, cell.max_y);
    }
    write_node.run(node.number, blob);
  };
  auto box_of = [](const PackedNode& node, const auto& cell_at) {
    RtreeEntry box = cell_at(node.first);
    for (size_t c = 1; c < node.count; ++c) {
      const RtreeEntry& cell = cell_at(node.first + c);
      box.min_x = std::min(box.min_x, cell.min_x);
      box.max_x = std::max(box.max_x, cell.max_x);
      box.min_y = std::min(box.min_y, cell.min_y);
      box.max_y = std::max(box.max_y, cell.max_y);
    }
    return box;
  };

  int64_t next_number = 2;
  std::vector<PackedNode> level = pack(entries, next_number);
  // The tree's height is known once the leaves are packed: the root's depth is height − 1.
  int depth = 0;
  for (size_t n = level.size(); n > 1; n = (n + max_cells - 1) / static_cast<size_t>(max_cells))
    ++depth;
  // One level: its nodes written, and their boxes returned as the entries of the level above.
  auto write_level = [&](const auto& cell_at) {
    std::vector<RtreeEntry> parents(level.size());
    for (size_t j = 0; j < level.size(); ++j) {
      write(level[j], cell_at, depth);
      parents[j] = box_of(level[j], cell_at);
      parents[j].id = level[j].number;
    }
    return parents;
  };
  std::vector<RtreeEntry> cells = write_level(leaf_cell);
  const RowidLeaves rowid_leaves = leaves_of_rows(level, entries, leaf_cell);
  std::vector<uint64_t>().swap(order);
  write_rowids(db, rtree_table, rowid_leaves);
  while (level.size() > 1) {
    std::vector<PackedNode> upper = pack(level.size(), next_number);
    for (const PackedNode& parent : upper)
      for (size_t c = 0; c < parent.count; ++c)
        write_parent.run(level[parent.first + c].number, parent.number);
    level = std::move(upper);
    cells = write_level([&](size_t k) -> const RtreeEntry& { return cells[k]; });
  }
}

}  // namespace

void bulk_load_rtree(sqlite3* db, const std::string& rtree_table, std::vector<RtreeEntry> entries) {
  pack_rtree(db, rtree_table, entries.size(),
             [&](size_t i) { return std::optional<RtreeEntry>(entries[i]); });
}

void bulk_load_point_rtree(sqlite3* db, const std::string& rtree_table, size_t count,
                           const std::function<void(size_t row, double& x, double& y)>& point_at) {
  pack_rtree(db, rtree_table, count, [&](size_t i) -> std::optional<RtreeEntry> {
    double x = 0, y = 0;
    point_at(i, x, y);
    if (!(std::isfinite(x) && std::isfinite(y))) return std::nullopt;
    return rtree_entry(static_cast<int64_t>(i) + 1, x, x, y, y);
  });
}

}  // namespace hotspot::gis
