#include "engine/synth/synth.hpp"

#include <filesystem>

#include "engine/core/errors.hpp"
#include "engine/synth/incident_model.hpp"
#include "engine/synth/town.hpp"
#include "engine/synth/writers.hpp"

namespace hotspot::synth {

WardSet synth_wards(const SynthOptions& options) {
  return build_town(options.wards, options.seed).wards;
}

SynthReport generate(const SynthOptions& options) {
  if (options.out_dir.empty()) throw ConfigError("synth needs an output folder: give --out DIR");
  if (options.incidents < 0)
    throw ConfigError("--incidents must be 0 (the default) or a positive number");
  if (options.wards < 0)
    throw ConfigError("--wards must be 0 (the demo town) or a positive number");
  options.injections.validate();
  std::error_code error;
  std::filesystem::create_directories(options.out_dir, error);
  if (error)
    throw ConfigError("cannot create the output folder " + options.out_dir + ": " +
                      error.message());

  const Town town = build_town(options.wards, options.seed);
  SynthReport report;
  report.wards = static_cast<int64_t>(town.wards.size());
  for (double population : town.wards.population) report.population += population;
  const std::string dir = options.out_dir + "/";
  write_wards_geojson(dir + "wards.geojson", town.wards);
  write_population_csv(dir + "population.csv", town.wards);
  report.files = {"wards.geojson", "population.csv"};

  IncidentModel model(town, options.incidents > 0 ? options.incidents : kDemoIncidents,
                      options.seed, options.injections);
  std::vector<std::string> incident_files;
  if (options.police_uk_format) {
    incident_files = write_police_uk(options.out_dir, model, options.seed, report.incidents);
  } else {
    report.incidents = write_force_export(dir + "incidents.csv", model);
    incident_files = {"incidents.csv"};
  }
  report.incidents_outside = model.outside();
  report.near_repeats_added = model.near_repeats_added();
  report.effect_removed = model.effect_removed();
  report.effect_displaced = model.effect_displaced();
  report.files.insert(report.files.end(), incident_files.begin(), incident_files.end());
  write_config(dir + "hotspot.toml", incident_files, options.police_uk_format);
  report.files.push_back("hotspot.toml");
  return report;
}

}  // namespace hotspot::synth
