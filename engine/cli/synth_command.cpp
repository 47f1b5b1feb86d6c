// `hotspot synth`: the synthetic demo town, or national-size data for benchmarks.
#include <iostream>
#include <memory>
#include <sstream>

#include "engine/cli/commands.hpp"
#include "engine/core/day.hpp"
#include "engine/core/errors.hpp"
#include "engine/synth/synth.hpp"

namespace hotspot::cli {

namespace {

// "CATEGORY,X,Y,RADIUS_M,FROM,TO,RATIO[,DISPLACED_SHARE,RING_M]" → an effect to plant.
synth::InjectedEffect parse_effect(const std::string& text) {
  const std::string usage =
      "--effect '" + text +
      "': expected CATEGORY,X,Y,RADIUS_M,FROM,TO,RATIO[,DISPLACED_SHARE,RING_M], e.g. "
      "anti-social-behaviour,560500,190200,400,2026-06-01,2026-07-26,0.6";
  std::vector<std::string> parts;
  std::stringstream stream(text);
  for (std::string part; std::getline(stream, part, ',');) parts.push_back(part);
  if (parts.size() != 7 && parts.size() != 9) throw UsageError(usage);
  synth::InjectedEffect effect;
  try {
    effect.category = parts[0];
    effect.x_m = std::stod(parts[1]);
    effect.y_m = std::stod(parts[2]);
    effect.radius_m = std::stod(parts[3]);
    effect.ratio = std::stod(parts[6]);
    if (parts.size() == 9) {
      effect.displaced_share = std::stod(parts[7]);
      effect.ring_m = std::stod(parts[8]);
    }
  } catch (const std::exception&) {
    throw UsageError(usage);
  }
  const auto from = parse_day(parts[4]), to = parse_day(parts[5]);
  if (!from || !to) throw UsageError(usage);
  effect.from_day = *from;
  effect.to_day = *to;
  return effect;
}

}  // namespace

void add_synth(CLI::App& app, Commands& commands) {
  struct Flags {
    std::string out;
    int64_t incidents = 0;
    uint64_t seed = 1;
    int wards = 0;
    bool police_uk = false, quiet = false;
    double near_repeats = 0;
    std::vector<std::string> effects;
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
  command->add_option("--near-repeats", flags->near_repeats,
                      "Plant near repeats: this share of burglaries is followed by another within "
                      "150 m and 10 days (default 0)");
  command->add_option("--effect", flags->effects,
                      "Plant an operation's effect: CATEGORY,X,Y,RADIUS_M,FROM,TO,RATIO"
                      "[,DISPLACED_SHARE,RING_M] (dates YYYY-MM-DD; RATIO = share kept)");
  command->add_flag("--quiet,-q", flags->quiet, "No report on stderr");
  commands.handlers.emplace_back(command, [=] {
    synth::SynthOptions options;
    options.out_dir = flags->out;
    options.incidents = flags->incidents;
    options.seed = flags->seed;
    options.wards = flags->wards;
    options.police_uk_format = flags->police_uk;
    options.injections.near_repeat_share = flags->near_repeats;
    for (const std::string& effect : flags->effects)
      options.injections.effects.push_back(parse_effect(effect));
    const synth::SynthReport report = synth::generate(options);
    say(flags->quiet, "Wrote " + std::to_string(report.wards) + " wards and " +
                          std::to_string(report.incidents) + " incidents (" +
                          std::to_string(report.incidents_outside) + " outside the wards) to " +
                          flags->out);
    if (options.injections.any())
      say(flags->quiet, "Planted: " + std::to_string(report.near_repeats_added) +
                            " near repeats; " + std::to_string(report.effect_removed) +
                            " incidents removed by effects (" +
                            std::to_string(report.effect_displaced) + " displaced to the ring)");
    say(flags->quiet,
        "Analyse it with: hotspot analyse --config " + flags->out + "/hotspot.toml --out OUT_DIR");
    return 0;
  });
}

}  // namespace hotspot::cli
