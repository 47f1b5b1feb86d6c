#include "engine/hotspots/when.hpp"

#include <cstdio>

namespace hotspot::hotspots {

namespace {

const char* const kShortDays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
const char* const kDays[] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                             "Friday", "Saturday", "Sunday"};

// Running totals over the week's 168 hours, twice round, so a window that runs past Sunday
// midnight is one subtraction.
struct WeekTotals {
  std::array<int64_t, 337> running{};
  explicit WeekTotals(const HourByWeekday& table) {
    for (int hour = 0; hour < 336; ++hour)
      running[static_cast<size_t>(hour + 1)] =
          running[static_cast<size_t>(hour)] +
          table[static_cast<size_t>(hour % 168 / 24)][static_cast<size_t>(hour % 24)];
  }
  int64_t between(int first, int count) const {
    return running[static_cast<size_t>(first + count)] - running[static_cast<size_t>(first)];
  }
};

int64_t count_in(const WeekTotals& totals, int first_day, int days, int start_hour, int hours) {
  int64_t total = 0;
  for (int d = 0; d < days; ++d)
    total += totals.between(((first_day + d) % 7) * 24 + start_hour, hours);
  return total;
}

}  // namespace

std::optional<TimeWindow> peak_window(const HourByWeekday& table, int64_t minimum_incidents) {
  int64_t total = 0;
  for (const auto& day : table)
    for (int64_t count : day) total += count;
  if (total < minimum_incidents) return std::nullopt;
  const WeekTotals totals(table);
  std::optional<TimeWindow> best;
  for (int days = 1; days <= 7; ++days)
    for (int first_day = 0; first_day < (days == 7 ? 1 : 7); ++first_day)
      for (int hours = 2; hours <= (days == 7 ? 12 : 24); ++hours)
        for (int start = 0; start < (hours == 24 ? 1 : 24); ++start) {
          const int64_t inside = count_in(totals, first_day, days, start, hours);
          TimeWindow window{first_day, days, start, hours, inside, double(inside) / double(total)};
          if (window.share < 0.25) continue;
          // Highest lift; on a tie the larger share, then the earlier window (deterministic).
          if (!best || window.lift() > best->lift() + 1e-12 ||
              (window.lift() > best->lift() - 1e-12 && window.share > best->share + 1e-12))
            best = window;
        }
  if (!best || best->lift() < 1.5) return std::nullopt;
  return best;
}

std::string describe_window(const TimeWindow& window) {
  char text[96];
  std::string days;
  if (window.days == 7)
    days = "every day";
  else if (window.days == 1)
    days = kShortDays[window.first_day];
  else
    days = std::string(kShortDays[window.first_day]) + "–" +
           kShortDays[(window.first_day + window.days - 1) % 7];
  if (window.hours == 24) {
    std::snprintf(text, sizeof text, "%s, all day: %.0f%% of incidents", days.c_str(),
                  100 * window.share);
  } else {
    std::snprintf(text, sizeof text, "%s %02d:00–%02d:00: %.0f%% of incidents", days.c_str(),
                  window.start_hour, (window.start_hour + window.hours) % 24, 100 * window.share);
  }
  return text;
}

std::string describe_peaks(const HourByWeekday& table) {
  std::array<int64_t, 7> by_day{};
  std::array<int64_t, 24> by_hour{};
  int64_t total = 0;
  for (size_t d = 0; d < 7; ++d)
    for (size_t h = 0; h < 24; ++h) {
      by_day[d] += table[d][h];
      by_hour[h] += table[d][h];
      total += table[d][h];
    }
  if (total == 0) return "";
  size_t day = 0, hour = 0;
  for (size_t d = 1; d < 7; ++d)
    if (by_day[d] > by_day[day]) day = d;
  for (size_t h = 1; h < 24; ++h)
    if (by_hour[h] > by_hour[hour]) hour = h;
  char text[96];
  std::snprintf(text, sizeof text, "busiest day %s (%.0f%%), busiest hour %02zu:00 (%.0f%%)",
                kDays[day], 100.0 * double(by_day[day]) / double(total), hour,
                100.0 * double(by_hour[hour]) / double(total));
  return text;
}

}  // namespace hotspot::hotspots
