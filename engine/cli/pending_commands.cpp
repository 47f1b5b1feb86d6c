// Subcommands whose library stage is not wired in yet.
#include "engine/cli/commands.hpp"
#include "engine/core/errors.hpp"

namespace hotspot::cli {

static void add_pending(CLI::App& app, Commands& commands, const char* name, const char* description) {
  CLI::App* command = app.add_subcommand(name, description);
  command->allow_extras();
  commands.handlers.emplace_back(command, [name]() -> int {
    throw UsageError(std::string("'hotspot ") + name + "' is not available in this build yet");
  });
}

void add_evaluate(CLI::App& app, Commands& commands) { add_pending(app, commands, "evaluate", "Score hotspot methods on a later period"); }

}  // namespace hotspot::cli
