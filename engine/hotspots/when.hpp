// When incidents happen, in words a tasking meeting can act on: the days-and-hours window that
// holds most incidents for its size ("Fri–Sat 22:00–02:00: 41% of incidents"). Windows are a run
// of consecutive days (1 to 7) and a run of hours (2 to 12) starting each of those days, crossing
// midnight into the next morning; the chosen one has the highest lift (its share over the share
// of the week it spans) among windows that hold at least a quarter of the incidents.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>

namespace hotspot::hotspots {

using HourByWeekday = std::array<std::array<int64_t, 24>, 7>;  // [weekday, Monday first][hour]

struct TimeWindow {
  int first_day = 0;   // 0 = Monday
  int days = 7;        // consecutive days from first_day
  int start_hour = 0;  // the window starts at this hour on each of its days
  int hours = 24;      // and runs this many hours (past midnight when start + hours > 24)
  int64_t incidents = 0;
  double share = 0;  // of all timed incidents
  double lift() const { return share / (double(days) * hours / 168.0); }
};

// The window, or nullopt when there are fewer than `minimum_incidents` timed incidents or no
// window stands out (lift under 1.5): incidents are then spread across the week.
std::optional<TimeWindow> peak_window(const HourByWeekday& table, int64_t minimum_incidents = 10);

// "Fri–Sat 22:00–02:00: 41% of incidents", "Mon–Fri 15:00–19:00: 38% of incidents".
std::string describe_window(const TimeWindow& window);

// The busiest day and hour on their own ("busiest day Saturday (22%), busiest hour 23:00 (11%)").
std::string describe_peaks(const HourByWeekday& table);

}  // namespace hotspot::hotspots
