// `hotspot synth`: the synthetic demo town, or national-size data for benchmarks.
#include <iostream>
#include <memory>

#include "engine/cli/commands.hpp"
#include "engine/synth/synth.hpp"

namespace hotspot::cli {

void add_synth(CLI::App& app, Commands& commands) {
  struct Flags {
    std::string out;
    int64_t incidents = 0;
    uint64_t seed = 1;
    int wards = 0;
    bool police_uk = false, quiet = false;
  };
  auto flags = std::make_shared<Flags>();
  CLI::App* command = app.add_subcommand(
      "synth", "Generate a synthetic town (wards, population, incidents) deterministically");
  command->add_option("--out", flags->out, "Output folder")->required();
  command->add_option("--incidents", flags->incidents,
                      "Number of incidents (default: about 40,000 over two years)");
  command->add_option("--seed", flags->seed, "Random seed (default 1)");
  command->add_option(
      "--wards", flags->wards,
      "Number of wards (default: the 36-ward demo town; thousands for a national-size set)");
  command->add_flag("--police-uk", flags->police_uk,
                    "Write monthly police.uk street-level CSVs instead of incidents.csv");
  command->add_flag("--quiet,-q", flags->quiet, "No report on stderr");
  commands.handlers.emplace_back(command, [=] {
    synth::SynthOptions options;
    options.out_dir = flags->out;
    options.incidents = flags->incidents;
    options.seed = flags->seed;
    options.wards = flags->wards;
    options.police_uk_format = flags->police_uk;
    const synth::SynthReport report = synth::generate(options);
    say(flags->quiet, "Wrote " + std::to_string(report.wards) + " wards and " +
                          std::to_string(report.incidents) + " incidents (" +
                          std::to_string(report.incidents_outside) + " outside the wards) to " +
                          flags->out);
    say(flags->quiet,
        "Analyse it with: hotspot analyse --config " + flags->out + "/hotspot.toml --out OUT_DIR");
    return 0;
  });
}

}  // namespace hotspot::cli
