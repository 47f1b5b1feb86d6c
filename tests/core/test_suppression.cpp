// Cell suppression: withheld counts cannot be recovered from published totals, checked against
// an independent linear-algebra audit on hand-made and random tables.
#include <catch2/catch.hpp>
#include <random>

#include "engine/core/suppression.hpp"

using namespace hotspot;

namespace {

TwoWayTable random_table(std::mt19937_64& random, size_t rows, size_t columns, double small_share) {
  std::vector<int64_t> cells(rows * columns);
  std::uniform_real_distribution<double> u(0, 1);
  std::uniform_int_distribution<int64_t> small(1, 4), large(5, 60);
  for (auto& cell : cells) {
    const double pick = u(random);
    cell = pick < 0.2 ? 0 : pick < 0.2 + small_share ? small(random) : large(random);
  }
  return TwoWayTable::with_sums(rows, columns, cells);
}

}  // namespace

TEST_CASE(
    "one small count in a row with its total is found by subtraction unless a second count is "
    "withheld") {
  // | 3 | 20 | 30 | total 53 |: withholding the 3 alone lets anyone compute 53 − 20 − 30.
  const TwoWayTable table = TwoWayTable::with_sums(2, 3, {3, 20, 30, 40, 50, 60});
  TableMask primary{2, 3, std::vector<uint8_t>(12, 0)};
  primary.withheld[0] = 1;
  CHECK(determined_by_algebra(table, primary)[0] == 1);
  CHECK(determined_by_sums(table, primary)[0] == 1);
  const TableMask mask = protect_table(table, 5);
  CHECK(mask.cell(0, 0));
  const auto determined = determined_by_algebra(table, mask);
  CHECK(std::count(determined.begin(), determined.end(), 1) == 0);
  // The cheapest rectangle: the 20 and, in the other row, the 40 and the 50.
  CHECK(mask.cell(0, 1));
  CHECK(mask.cell(1, 0));
  CHECK(mask.cell(1, 1));
  CHECK_FALSE(mask.row_total(0));
}

TEST_CASE("the graph rule agrees with linear algebra on which withheld counts are determined") {
  std::mt19937_64 random(7);
  std::bernoulli_distribution pick(0.3);
  for (int trial = 0; trial < 200; ++trial) {
    const TwoWayTable table = random_table(random, 2 + trial % 5, 2 + trial % 4, 0.3);
    TableMask mask{table.rows, table.columns,
                   std::vector<uint8_t>((table.rows + 1) * (table.columns + 1))};
    for (auto& entry : mask.withheld) entry = pick(random);
    CAPTURE(trial);
    CHECK(determined_by_sums(table, mask) == determined_by_algebra(table, mask));
  }
}

TEST_CASE("after suppression no withheld count is determined, and every small count is withheld") {
  std::mt19937_64 random(11);
  for (int trial = 0; trial < 100; ++trial) {
    const size_t rows = 2 + static_cast<size_t>(trial % 9),
                 columns = 2 + static_cast<size_t>(trial % 6);
    TwoWayTable table = random_table(random, rows, columns, 0.1 + 0.05 * (trial % 6));
    if (trial % 3 == 0) table.column_totals_published = false;
    const TableMask mask = protect_table(table, 5);
    CAPTURE(trial, rows, columns);
    for (size_t r = 0; r < rows; ++r)
      for (size_t c = 0; c < columns; ++c) {
        const int64_t value = table.cells[r * columns + c];
        if (value > 0 && value < 5) CHECK(mask.cell(r, c));
      }
    const auto determined = determined_by_algebra(table, mask);
    CHECK(std::count(determined.begin(), determined.end(), 1) == 0);
  }
}

TEST_CASE("a list with its total withholds a second value when exactly one is small") {
  CHECK(protect_list({3, 20, 7, 0}, 5, true) == std::vector<uint8_t>{1, 0, 1, 0});
  CHECK(protect_list({3, 2, 7}, 5, true) == std::vector<uint8_t>{1, 1, 0});
  CHECK(protect_list({3, 20, 7}, 5, false) == std::vector<uint8_t>{1, 0, 0});
  CHECK(protect_list({3, 0, 0}, 5, true) == std::vector<uint8_t>{1, 1, 0});
  CHECK(protect_list({8, 20}, 5, true) == std::vector<uint8_t>{0, 0});
}
