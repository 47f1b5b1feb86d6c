#include "engine/core/suppression.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace hotspot {

namespace {

// The (rows + 1) × (columns + 1) view of a table with its margins.
struct Augmented {
  size_t rows, columns;  // of the augmented table
  std::vector<int64_t> values;
  std::vector<uint8_t> is_margin;
  int64_t at(size_t r, size_t c) const { return values[r * columns + c]; }
};

Augmented augment(const TwoWayTable& table) {
  Augmented a{table.rows + 1, table.columns + 1, {}, {}};
  a.values.assign(a.rows * a.columns, 0);
  a.is_margin.assign(a.rows * a.columns, 0);
  for (size_t r = 0; r < table.rows; ++r) {
    for (size_t c = 0; c < table.columns; ++c)
      a.values[r * a.columns + c] = table.cells[r * table.columns + c];
    a.values[r * a.columns + table.columns] = table.row_totals[r];
    a.is_margin[r * a.columns + table.columns] = 1;
  }
  for (size_t c = 0; c < table.columns; ++c) {
    a.values[table.rows * a.columns + c] = table.column_totals[c];
    a.is_margin[table.rows * a.columns + c] = 1;
  }
  a.values[table.rows * a.columns + table.columns] = table.grand_total;
  a.is_margin.back() = 1;
  return a;
}

// Bridges of the graph whose nodes are the augmented rows and columns and whose edges are the
// withheld entries (iterative Tarjan: no recursion, so national tables cannot overflow the stack).
std::vector<size_t> bridges(const Augmented& a, const std::vector<uint8_t>& withheld) {
  const size_t nodes = a.rows + a.columns;
  std::vector<std::vector<std::pair<size_t, size_t>>> adjacent(nodes);  // (neighbour, entry)
  for (size_t r = 0; r < a.rows; ++r)
    for (size_t c = 0; c < a.columns; ++c)
      if (withheld[r * a.columns + c]) {
        adjacent[r].push_back({a.rows + c, r * a.columns + c});
        adjacent[a.rows + c].push_back({r, r * a.columns + c});
      }
  constexpr size_t kUnvisited = std::numeric_limits<size_t>::max();
  std::vector<size_t> order(nodes, kUnvisited), low(nodes, 0);
  std::vector<size_t> found;
  size_t counter = 0;
  struct Frame {
    size_t node, parent_entry, next;
  };
  for (size_t start = 0; start < nodes; ++start) {
    if (order[start] != kUnvisited) continue;
    std::vector<Frame> stack{{start, kUnvisited, 0}};
    order[start] = low[start] = counter++;
    while (!stack.empty()) {
      Frame& frame = stack.back();
      if (frame.next < adjacent[frame.node].size()) {
        const auto [neighbour, entry] = adjacent[frame.node][frame.next++];
        if (entry == frame.parent_entry) continue;
        if (order[neighbour] == kUnvisited) {
          order[neighbour] = low[neighbour] = counter++;
          stack.push_back({neighbour, entry, 0});
        } else {
          low[frame.node] = std::min(low[frame.node], order[neighbour]);
        }
      } else {
        const Frame done = frame;
        stack.pop_back();
        if (!stack.empty()) {
          const size_t parent = stack.back().node;
          low[parent] = std::min(low[parent], low[done.node]);
          if (low[done.node] > order[parent]) found.push_back(done.parent_entry);
        }
      }
    }
  }
  std::sort(found.begin(), found.end());
  return found;
}

// What withholding an entry costs: its count (small counts first); zero cells only when nothing
// else closes the cycle (a zero bounds the others from one side); totals last.
double cost(const Augmented& a, size_t entry) {
  double value = static_cast<double>(a.values[entry]);
  if (value == 0) value = 1e9;
  if (a.is_margin[entry]) value += 1e6;
  return value;
}

// Withholds the cheapest 2×2 rectangle through the bridge entry (r, c).
void close_cycle(const Augmented& a, size_t bridge, std::vector<uint8_t>& withheld) {
  const size_t r = bridge / a.columns, c = bridge % a.columns;
  double best = std::numeric_limits<double>::infinity();
  size_t best_r = 0, best_c = 0;
  auto price = [&](size_t entry) { return withheld[entry] ? 0.0 : cost(a, entry); };
  for (size_t r2 = 0; r2 < a.rows; ++r2) {
    if (r2 == r) continue;
    const double column_price = price(r2 * a.columns + c);
    if (column_price >= best) continue;
    for (size_t c2 = 0; c2 < a.columns; ++c2) {
      if (c2 == c) continue;
      const double total = column_price + price(r * a.columns + c2) + price(r2 * a.columns + c2);
      if (total < best) {
        best = total;
        best_r = r2;
        best_c = c2;
      }
    }
  }
  if (!std::isfinite(best))
    throw std::logic_error("cell suppression: a table needs two rows and two columns");
  withheld[best_r * a.columns + c] = 1;
  withheld[r * a.columns + best_c] = 1;
  withheld[best_r * a.columns + best_c] = 1;
}

}  // namespace

TwoWayTable TwoWayTable::with_sums(size_t rows, size_t columns, std::vector<int64_t> cells) {
  TwoWayTable table;
  table.rows = rows;
  table.columns = columns;
  table.cells = std::move(cells);
  table.row_totals.assign(rows, 0);
  table.column_totals.assign(columns, 0);
  for (size_t r = 0; r < rows; ++r)
    for (size_t c = 0; c < columns; ++c) {
      table.row_totals[r] += table.cells[r * columns + c];
      table.column_totals[c] += table.cells[r * columns + c];
      table.grand_total += table.cells[r * columns + c];
    }
  return table;
}

TableMask protect_table(const TwoWayTable& table, int64_t minimum) {
  const Augmented a = augment(table);
  std::vector<uint8_t> withheld(a.values.size(), 0);
  for (size_t entry = 0; entry < a.values.size(); ++entry) {
    const int64_t value = a.values[entry];
    withheld[entry] = value > 0 && value < minimum;
  }
  // An unpublished margin gives no equation: modelled as a withheld entry, so its row or column
  // sum constrains nothing.
  for (size_t r = 0; r < table.rows; ++r)
    if (!table.row_totals_published) withheld[r * a.columns + table.columns] = 1;
  for (size_t c = 0; c < table.columns; ++c)
    if (!table.column_totals_published) withheld[table.rows * a.columns + c] = 1;
  if (!table.row_totals_published || !table.column_totals_published) withheld.back() = 1;
  for (std::vector<size_t> found = bridges(a, withheld); !found.empty();
       found = bridges(a, withheld))
    close_cycle(a, found.front(), withheld);
  return TableMask{table.rows, table.columns, std::move(withheld)};
}

std::vector<uint8_t> protect_list(const std::vector<int64_t>& values, int64_t minimum,
                                  bool total_published) {
  std::vector<uint8_t> withheld(values.size(), 0);
  size_t count = 0;
  for (size_t i = 0; i < values.size(); ++i) {
    withheld[i] = values[i] > 0 && values[i] < minimum;
    count += withheld[i];
  }
  if (count == 1 && total_published) {
    size_t smallest = values.size();
    for (size_t i = 0; i < values.size(); ++i)
      if (!withheld[i] && values[i] > 0 &&
          (smallest == values.size() || values[i] < values[smallest]))
        smallest = i;
    if (smallest == values.size())  // nothing else is non-zero: a zero hides it as well as anything
      for (size_t i = 0; i < values.size() && smallest == values.size(); ++i)
        if (!withheld[i]) smallest = i;
    if (smallest < values.size()) withheld[smallest] = 1;
  }
  return withheld;
}

std::vector<uint8_t> determined_by_sums(const TwoWayTable& table, const TableMask& mask) {
  const Augmented a = augment(table);
  std::vector<uint8_t> determined(mask.withheld.size(), 0);
  for (size_t entry : bridges(a, mask.withheld)) determined[entry] = 1;
  return determined;
}

std::vector<uint8_t> determined_by_algebra(const TwoWayTable& table, const TableMask& mask) {
  const Augmented a = augment(table);
  std::vector<size_t> unknowns;
  for (size_t entry = 0; entry < mask.withheld.size(); ++entry)
    if (mask.withheld[entry]) unknowns.push_back(entry);
  // One equation per augmented row and column: Σ cells − total = 0 (signs by margin position).
  std::vector<std::vector<double>> equations;
  for (size_t r = 0; r < a.rows; ++r) {
    std::vector<double> equation(unknowns.size(), 0);
    for (size_t k = 0; k < unknowns.size(); ++k)
      if (unknowns[k] / a.columns == r)
        equation[k] = unknowns[k] % a.columns == a.columns - 1 ? -1 : 1;
    equations.push_back(equation);
  }
  for (size_t c = 0; c < a.columns; ++c) {
    std::vector<double> equation(unknowns.size(), 0);
    for (size_t k = 0; k < unknowns.size(); ++k)
      if (unknowns[k] % a.columns == c)
        equation[k] = unknowns[k] / a.columns == a.rows - 1 ? -1 : 1;
    equations.push_back(equation);
  }
  // Reduced row echelon form: an unknown is fixed when its pivot row has no free unknowns.
  std::vector<long> pivot_row(unknowns.size(), -1);
  size_t row = 0;
  for (size_t k = 0; k < unknowns.size() && row < equations.size(); ++k) {
    size_t best = row;
    for (size_t i = row; i < equations.size(); ++i)
      if (std::fabs(equations[i][k]) > std::fabs(equations[best][k])) best = i;
    if (std::fabs(equations[best][k]) < 1e-9) continue;
    std::swap(equations[row], equations[best]);
    const double scale = equations[row][k];
    for (double& value : equations[row]) value /= scale;
    for (size_t i = 0; i < equations.size(); ++i) {
      if (i == row || std::fabs(equations[i][k]) < 1e-12) continue;
      const double factor = equations[i][k];
      for (size_t j = 0; j < unknowns.size(); ++j) equations[i][j] -= factor * equations[row][j];
    }
    pivot_row[k] = static_cast<long>(row++);
  }
  std::vector<uint8_t> determined(mask.withheld.size(), 0);
  for (size_t k = 0; k < unknowns.size(); ++k) {
    if (pivot_row[k] < 0) continue;
    bool alone = true;
    for (size_t j = 0; j < unknowns.size() && alone; ++j)
      if (j != k && pivot_row[j] < 0 &&
          std::fabs(equations[static_cast<size_t>(pivot_row[k])][j]) > 1e-9)
        alone = false;
    determined[unknowns[k]] = alone;
  }
  return determined;
}

}  // namespace hotspot
