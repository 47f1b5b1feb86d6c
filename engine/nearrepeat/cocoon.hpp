// Cocooning: a zone around each recent burglary (the last N days up to the data's last day or a
// given day) where the neighbours face a raised risk, to visit with crime prevention advice.
// The zone's distance and days come from the Knox test when it finds a near-repeat zone; else
// from stated defaults (200 m / 14 days) or the user's own; the plan says which. One zone per
// burglary, not dissolved: each has its own start and end day and its own list of addresses, and
// an officer visits around one victim's home at a time. An address inside several zones is
// listed in each (and counted once in the total).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/nearrepeat/addresses.hpp"
#include "engine/nearrepeat/bands.hpp"
#include "engine/nearrepeat/events.hpp"
#include "engine/nearrepeat/risk_zone.hpp"

namespace hotspot::nearrepeat {

struct CocoonOptions {
  int recent_days = 28;              // burglaries in the last N days get a zone
  std::optional<int32_t> as_of_day;  // default: the last day in the data
  std::optional<double> distance_m;  // given: overrides the Knox zone
  std::optional<int> days;           // given: overrides the Knox zone
  double default_distance_m = 200;   // when the Knox test finds no zone
  int default_days = 14;
  DistanceMetric metric = DistanceMetric::euclidean;
  // Throws ConfigError for non-positive numbers.
  void validate() const;
};

struct CocoonZone {
  uint32_t event = 0;               // index into the EventSet
  int32_t day = 0;                  // the burglary's day
  int32_t last_day = 0;             // the zone's last day of raised risk (day + days − 1)
  std::vector<uint32_t> addresses;  // indices into the AddressSet, nearest first
};

struct CocoonPlan {
  double distance_m = 0;
  int days = 0;
  std::string basis;                     // why this distance and these days, in words
  int32_t as_of_day = 0, first_day = 0;  // zones for burglaries on first_day .. as_of_day
  std::vector<CocoonZone> zones;         // by day, then by position in the events
  int64_t unique_addresses = 0;
};

// Throws UsageError when as_of_day lies outside the events' days.
CocoonPlan plan_cocoons(const EventSet& events, const RiskZone& zone, const CocoonOptions& options);

// Fills each zone's addresses (within distance_m of the burglary under the metric).
void assign_addresses(CocoonPlan& plan, const EventSet& events, const AddressSet& addresses,
                      DistanceMetric metric);

}  // namespace hotspot::nearrepeat
