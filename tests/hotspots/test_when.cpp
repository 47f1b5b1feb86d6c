// "When" in words: the days-and-hours window that holds most incidents for its size, checked on
// hand-made weeks (and its running totals against a direct count).
#include <catch2/catch.hpp>

#include "engine/hotspots/when.hpp"

using namespace hotspot::hotspots;

TEST_CASE("Friday and Saturday nights past midnight are found and said as a meeting says them") {
  HourByWeekday table{};
  for (auto& day : table)
    for (auto& hour : day) hour = 1;  // 168 spread evenly
  // 20 more on each of Fri 22–23 and Sat 00–01 (Friday night), and Sat 22–23, Sun 00–01.
  for (int hour : {22, 23})
    table[4][static_cast<size_t>(hour)] += 20, table[5][static_cast<size_t>(hour)] += 20;
  for (int hour : {0, 1})
    table[5][static_cast<size_t>(hour)] += 20, table[6][static_cast<size_t>(hour)] += 20;
  const auto window = peak_window(table);
  REQUIRE(window);
  CHECK(window->first_day == 4);
  CHECK(window->days == 2);
  CHECK(window->start_hour == 22);
  CHECK(window->hours == 4);
  // 8 hours × (1 + 20) = 168 of 168 + 160 = 328 incidents.
  CHECK(window->incidents == 168);
  CHECK(window->share == Approx(168.0 / 328));
  CHECK(describe_window(*window) == "Fri–Sat 22:00–02:00: 51% of incidents");
}

TEST_CASE("incidents spread across the week give no window, and too few give none") {
  HourByWeekday even{};
  for (auto& day : even)
    for (auto& hour : day) hour = 3;
  CHECK_FALSE(peak_window(even));
  HourByWeekday few{};
  few[2][10] = 4;
  CHECK_FALSE(peak_window(few));
}

TEST_CASE("school-day afternoons are a weekday window") {
  HourByWeekday table{};
  for (auto& day : table)
    for (auto& hour : day) hour = 1;
  for (size_t day = 0; day < 5; ++day)
    for (size_t hour = 15; hour < 19; ++hour) table[day][hour] += 10;
  const auto window = peak_window(table);
  REQUIRE(window);
  CHECK(describe_window(*window).rfind("Mon–Fri 15:00–19:00", 0) == 0);
  CHECK(describe_peaks(table).find("busiest hour 15:00") != std::string::npos);
}
