// Time steps: sfhotspot's rule on the data's span, whole months for month-only records, steps
// ending with the study period, and the --time-step words.
#include <catch2/catch.hpp>

#include "engine/core/civil_time.hpp"
#include "engine/core/errors.hpp"
#include "engine/emerging/time_steps.hpp"

using namespace hotspot;
using namespace hotspot::emerging;

namespace {

int64_t at(int year, unsigned month, unsigned day, unsigned hour = 12) {
  return civil_time::to_seconds(year, month, day, hour, 0, 0);
}

}  // namespace

TEST_CASE("the step follows sfhotspot's rule on the span of the data") {
  const int32_t october_2026 = civil_time::month_index(2026, 10);
  // 10 days → days; 60 days → weeks; 729 days (the demo) → 28 days; 5 years → 91 days.
  CHECK(choose_time_steps(at(2026, 10, 20), at(2026, 10, 30), october_2026, false, {}).length == 1);
  const TimeSteps weeks =
      choose_time_steps(at(2026, 9, 1), at(2026, 10, 30), october_2026, false, {});
  CHECK(weeks.unit == StepUnit::days);
  CHECK(weeks.length == 7);
  const TimeSteps demo =
      choose_time_steps(at(2024, 11, 1, 1), at(2026, 10, 31, 23), october_2026, false, {});
  CHECK(demo.length == 28);
  CHECK(demo.count == 26);  // 730 days from 2024-11-01 to 2026-11-01: 26 whole steps, 2 days left
  CHECK(demo.label(25) == "2026-10-04 to 2026-10-31");  // the last step ends with the period
  CHECK(demo.label(0) == "2024-11-03 to 2024-11-30");
  CHECK(demo.step_of(at(2024, 11, 2)) == -1);  // before the first whole step
  CHECK(demo.step_of(at(2024, 11, 3, 0)) == 0);
  CHECK(demo.step_of(at(2026, 10, 31, 23)) == 25);
  CHECK(demo.step_of(at(2026, 11, 1, 0)) == -1);
  CHECK(choose_time_steps(at(2020, 1, 1), at(2024, 12, 31), civil_time::month_index(2024, 12),
                          false, {})
            .length == 91);
}

TEST_CASE("month-only records get whole months: 28 days become a month, 91 days a quarter") {
  const TimeSteps essex = choose_time_steps(at(2018, 1, 1, 0), at(2018, 6, 1, 0),
                                            civil_time::month_index(2018, 6), true, {});
  CHECK(essex.unit == StepUnit::months);
  CHECK(essex.length == 1);
  CHECK(essex.count == 6);
  CHECK(essex.label(0) == "2018-01");
  CHECK(essex.label(5) == "2018-06");
  const TimeSteps long_run = choose_time_steps(at(2015, 1, 1, 0), at(2019, 12, 1, 0),
                                               civil_time::month_index(2019, 12), true, {});
  CHECK(long_run.length == 3);
  CHECK(long_run.count == 20);
  CHECK(long_run.label(19) == "2019-10 to 2019-12");
  CHECK_THROWS_AS(
      choose_time_steps(at(2018, 1, 1), at(2018, 6, 1), civil_time::month_index(2018, 6), true,
                        TimeStepChoice{StepUnit::days, 7}),
      UsageError);
}

TEST_CASE("a given step is used as given, and a partial first step is left out") {
  const TimeSteps quarters =
      choose_time_steps(at(2024, 11, 5), at(2026, 10, 9), civil_time::month_index(2026, 10), true,
                        parse_time_step("quarter"));
  CHECK(quarters.count == 8);  // 2024-11 .. 2026-10 is 24 months
  CHECK(quarters.label(0) == "2024-11 to 2025-01");
  const TimeSteps five_months =
      choose_time_steps(at(2024, 11, 5), at(2026, 10, 9), civil_time::month_index(2026, 10), true,
                        parse_time_step("5 months"));
  CHECK(five_months.count == 4);  // 24 months: four of 5, the first 4 months left out
  CHECK(five_months.label(0) == "2025-03 to 2025-07");
  CHECK(five_months.rule == "given with --time-step");
}

TEST_CASE("time step words") {
  CHECK(parse_time_step("week").length == 7);
  CHECK(parse_time_step("month").unit == StepUnit::months);
  CHECK(parse_time_step("14 days").length == 14);
  CHECK(parse_time_step("2 weeks").length == 14);
  CHECK(parse_time_step("1 month").length == 1);
  CHECK_THROWS_AS(parse_time_step("fortnightly"), UsageError);
  CHECK_THROWS_AS(parse_time_step("0 days"), UsageError);
  CHECK_THROWS_AS(parse_time_step("3 days extra"), UsageError);
}
