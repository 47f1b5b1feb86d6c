// The events a near-repeat analysis works on: the incidents of one category whose day is known
// (force exports, the synthetic town), optionally within a date window. police.uk records give
// the month only: they are counted and left out, and a category with no dated record at all is
// refused with a message saying why and what data would do.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/incident_table.hpp"

namespace hotspot::nearrepeat {

struct EventSelection {
  std::string category = "burglary";
  std::optional<int32_t> from_day, to_day;  // inclusive day indices (core/day.hpp)
};

struct EventSet {
  std::vector<double> x_m, y_m;
  std::vector<int32_t> day;
  std::vector<uint32_t> incident;  // row in the IncidentTable
  int64_t month_only = 0;          // records of the category with no day, left out
  int64_t outside_window = 0;      // dated records outside from_day..to_day
  int32_t first_day = 0, last_day = 0;
  size_t size() const { return day.size(); }
};

// Throws InputError (naming `source`) when the category has no record, or none with a day.
EventSet select_events(const IncidentTable& incidents, const EventSelection& selection,
                       const std::string& source);

}  // namespace hotspot::nearrepeat
