#include "engine/nearrepeat/run.hpp"

#include <cmath>
#include <filesystem>

#include "engine/core/atomic_file.hpp"
#include "engine/core/csv_text.hpp"
#include "engine/core/day.hpp"
#include "engine/core/errors.hpp"
#include "engine/nearrepeat/addresses.hpp"
#include "engine/nearrepeat/cocoon_outputs.hpp"
#include "engine/nearrepeat/knox_outputs.hpp"
#include "engine/nearrepeat/risk_zone.hpp"

namespace hotspot::nearrepeat {

std::string category_words(const std::string& slug) {
  if (slug == "burglary") return "burglaries";
  std::string words = slug;
  for (char& c : words)
    if (c == '-') c = ' ';
  return words + " incidents";
}

void NearRepeatOptions::validate() const {
  if (public_output)
    throw UsageError(
        "nearrepeat has no public mode: its cocoon zones and address lists place recent "
        "victims' homes and are for operational use inside the partnership only. Run it without "
        "--public and do not publish its outputs");
  inputs.validate(false);
  if (out_dir.empty()) throw UsageError("no output folder: give --out DIR");
  if (selection.from_day && selection.to_day && *selection.from_day > *selection.to_day)
    throw UsageError("--from is after --to");
  knox.validate();
  cocoon.validate();
}

NearRepeatResult run_nearrepeat(const NearRepeatOptions& options) {
  options.validate();
  StageClock clock(options.on_stage);
  const study::Study study = study::load_study(options.inputs, clock);
  study::require_incidents(study, options.inputs, "");
  const std::string source = options.inputs.incidents.size() == 1 ? options.inputs.incidents.front()
                                                                  : "the incident files";
  NearRepeatResult result;
  const EventSet events = select_events(study.incidents(), options.selection, source);
  result.events = static_cast<int64_t>(events.size());
  result.month_only = events.month_only;
  result.first_day = events.first_day;
  result.last_day = events.last_day;
  const std::string words = category_words(options.selection.category);
  if (events.month_only > 0)
    result.notes.push_back(std::to_string(events.month_only) + " " + words +
                           " with the month only (no day) were left out");

  result.table = clock.time(
      "knox", [&] { return knox_test(events.x_m, events.y_m, events.day, options.knox); });
  result.zone = find_risk_zone(result.table);
  result.summary = describe_risk_zone(result.zone, result.table, words);

  result.plan = plan_cocoons(events, result.zone, [&] {
    CocoonOptions cocoon = options.cocoon;
    cocoon.metric = options.knox.bands.metric;
    return cocoon;
  }());
  std::optional<AddressSet> addresses;
  if (!options.addresses_path.empty()) {
    addresses = clock.time("addresses", [&] {
      return read_addresses(options.addresses_path, options.address_field, study.analysis_crs());
    });
    assign_addresses(result.plan, events, *addresses, options.knox.bands.metric);
    result.addresses_read = static_cast<int64_t>(addresses->size());
    if (addresses->not_points > 0)
      result.notes.push_back(std::to_string(addresses->not_points) +
                             " address features without a point were left out");
  }

  std::filesystem::create_directories(options.out_dir);
  KnoxReportContext context;
  context.title = "Near repeats: " + options.selection.category;
  context.category_words = words;
  context.period = day_label(events.first_day) + " to " + day_label(events.last_day);
  context.summary = result.summary;
  context.notes = result.notes;
  context.notes.push_back(
      "Cocoon zones (cocoon_zones.*): " + std::to_string(result.plan.zones.size()) + " " + words +
      " from " + day_label(result.plan.first_day) + " to " + day_label(result.plan.as_of_day) +
      ", each a zone of " + std::to_string(std::lround(result.plan.distance_m)) + " m for " +
      std::to_string(result.plan.days) + " days (" + result.plan.basis + ")");
  context.seed = options.knox.seed;
  clock.time("write", [&] {
    write_file_atomically(options.out_dir + "/knox.csv",
                          std::string(kCsvByteOrderMark) + knox_csv(result.table));
    write_file_atomically(options.out_dir + "/knox.md",
                          knox_markdown(result.table, result.zone, context));
    result.files = {"knox.csv", "knox.md"};
    const auto cocoon_files = write_cocoon_outputs(
        options.out_dir, result.plan, events, study.incidents().ward,
        study.wards ? &*study.wards : nullptr, addresses ? &*addresses : nullptr,
        study.analysis_crs(), options.knox.bands.metric);
    result.files.insert(result.files.end(), cocoon_files.begin(), cocoon_files.end());
  });
  result.timings_s = clock.timings();
  return result;
}

}  // namespace hotspot::nearrepeat
