// Cell suppression for tables published with their totals: small counts are withheld (primary
// suppression) and further cells are withheld (secondary suppression) until no withheld count
// can be found by subtracting published counts from published totals, in any combination.
//
// Why hand-written: no Debian package does statistical disclosure control (tau-argus and
// sdcTable are not packaged). The method: a two-way table with its margins is a bipartite graph
// (rows and columns are the sum equations, every cell is an edge); the published values fix
// every withheld cell exactly when, and only when, its edge is a bridge of the graph of withheld
// edges (the null space of the equations is the graph's cycle space). So secondary suppression
// adds the cheapest 2×2 rectangle through each bridge until none is left. Tested against an
// independent linear-algebra audit (is_determined_by_algebra) on random tables.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace hotspot {

// rows × columns counts with their row totals, column totals and grand total. A margin that is
// not published at all is marked so: it then gives the attacker no equation.
struct TwoWayTable {
  size_t rows = 0, columns = 0;
  std::vector<int64_t> cells;          // row-major, rows × columns
  std::vector<int64_t> row_totals;     // rows
  std::vector<int64_t> column_totals;  // columns
  int64_t grand_total = 0;
  bool row_totals_published = true, column_totals_published = true;

  // Fills the margins as the sums of the cells.
  static TwoWayTable with_sums(size_t rows, size_t columns, std::vector<int64_t> cells);
};

// Which values are withheld: the (rows + 1) × (columns + 1) table with the row totals as the
// last column, the column totals as the last row and the grand total in the corner.
struct TableMask {
  size_t rows = 0, columns = 0;
  std::vector<uint8_t> withheld;  // (rows + 1) × (columns + 1), row-major
  bool cell(size_t row, size_t column) const { return withheld[row * (columns + 1) + column]; }
  bool row_total(size_t row) const { return withheld[row * (columns + 1) + columns]; }
  bool column_total(size_t column) const { return withheld[rows * (columns + 1) + column]; }
  bool grand_total() const { return withheld[rows * (columns + 1) + columns]; }
};

// Withholds values from 1 to minimum − 1, then adds complementary cells (smallest non-zero
// counts first, totals only when nothing else closes the gap) until no withheld value is fixed
// by the published ones.
TableMask protect_table(const TwoWayTable& table, int64_t minimum);

// One list of counts published with (or without) their sum: values from 1 to minimum − 1 are
// withheld, and when exactly one is, the smallest other non-zero value too.
std::vector<uint8_t> protect_list(const std::vector<int64_t>& values, int64_t minimum,
                                  bool total_published);

// Each withheld value that the published values fix through the sum equations: the bridges of
// the graph of withheld entries (what protect_table removes). Same layout as TableMask.
std::vector<uint8_t> determined_by_sums(const TwoWayTable& table, const TableMask& mask);

// The independent reference for tests: true for each withheld value that the published values
// determine through the table's sum equations (Gaussian elimination, not graph theory).
std::vector<uint8_t> determined_by_algebra(const TwoWayTable& table, const TableMask& mask);

}  // namespace hotspot
