#include "engine/nearrepeat/events.hpp"

#include <algorithm>

#include "engine/core/day.hpp"
#include "engine/core/errors.hpp"

namespace hotspot::nearrepeat {

EventSet select_events(const IncidentTable& incidents, const EventSelection& selection,
                       const std::string& source) {
  const int category = incidents.find_category(selection.category);
  if (category < 0) {
    std::string found;
    for (const std::string& slug : incidents.category_slugs)
      found += (found.empty() ? "" : ", ") + slug;
    throw InputError(source, 0, "",
                     "no '" + selection.category + "' incidents in the data (categories found: " +
                         found + "); choose one with --category");
  }
  EventSet events;
  int64_t of_category = 0;
  for (size_t i = 0; i < incidents.size(); ++i) {
    if (incidents.category[i] != category) continue;
    ++of_category;
    if (incidents.time_precision[i] == TimePrecision::month) {
      ++events.month_only;
      continue;
    }
    const int32_t day = day_of(incidents.local_time_s[i]);
    if ((selection.from_day && day < *selection.from_day) ||
        (selection.to_day && day > *selection.to_day)) {
      ++events.outside_window;
      continue;
    }
    events.x_m.push_back(incidents.x[i]);
    events.y_m.push_back(incidents.y[i]);
    events.day.push_back(day);
    events.incident.push_back(static_cast<uint32_t>(i));
  }
  if (events.month_only == of_category)
    throw InputError(
        source, 0, "",
        "all " + std::to_string(of_category) + " '" + selection.category +
            "' records give the month only (as police.uk publishes them), so the days between "
            "events are unknown and a near-repeat (Knox) test cannot run: use a force's own "
            "export with the date of each offence, or the synthetic demo town (hotspot synth)");
  if (events.size() == 0)
    throw UsageError("no dated '" + selection.category + "' incidents between " +
                     (selection.from_day ? day_label(*selection.from_day) : "the first day") +
                     " and " + (selection.to_day ? day_label(*selection.to_day) : "the last day") +
                     ": widen --from/--to");
  const auto [first, last] = std::minmax_element(events.day.begin(), events.day.end());
  events.first_day = *first;
  events.last_day = *last;
  return events;
}

}  // namespace hotspot::nearrepeat
