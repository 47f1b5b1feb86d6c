// Subcommands of the `hotspot` CLI. Each add_* registers its options on the app and, when it
// is the chosen subcommand, the function Commands::run calls.
#pragma once
#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <vector>

namespace hotspot::cli {

struct Commands {
  std::vector<std::pair<CLI::App*, std::function<int()>>> handlers;
  int run() {
    for (auto& [command, handler] : handlers)
      if (command->parsed()) return handler();
    return 2;
  }
};

void add_analyse(CLI::App& app, Commands& commands, const std::vector<std::string>& command_line);
void add_kde(CLI::App& app, Commands& commands);
void add_tiles(CLI::App& app, Commands& commands);
void add_serve(CLI::App& app, Commands& commands);
void add_synth(CLI::App& app, Commands& commands);
void add_evaluate(CLI::App& app, Commands& commands);
void add_nearrepeat(CLI::App& app, Commands& commands);
void add_impact(CLI::App& app, Commands& commands);
void add_plan(CLI::App& app, Commands& commands);

// Prints a line to stderr unless quiet (the CLI's only chatter).
void say(bool quiet, const std::string& message);

}  // namespace hotspot::cli
