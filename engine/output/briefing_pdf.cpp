#include "engine/output/briefing_pdf.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <vector>

#include "engine/core/atomic_file.hpp"
#include "engine/core/errors.hpp"

extern char** environ;

namespace hotspot::output {

namespace fs = std::filesystem;

std::string find_chromium() {
  if (const char* configured = std::getenv("HOTSPOT_CHROMIUM"); configured && *configured)
    return fs::is_regular_file(configured) ? configured : "";
  const char* path = std::getenv("PATH");
  std::stringstream folders(path ? path : "/usr/bin");
  for (std::string folder; std::getline(folders, folder, ':');) {
    for (const char* name : {"chromium", "chromium-browser"}) {
      const fs::path candidate = fs::path(folder) / name;
      if (!folder.empty() && access(candidate.c_str(), X_OK) == 0) return candidate.string();
    }
  }
  return "";
}

void print_briefing_pdf(const std::string& html_path, const std::string& pdf_path) {
  const std::string chromium = find_chromium();
  if (chromium.empty())
    throw ConfigError(
        "--pdf needs Chromium to print briefing.html: install Debian's chromium package "
        "(apt-get install chromium), or set HOTSPOT_CHROMIUM to a Chromium binary; briefing.html "
        "is written and can be printed from any browser");
  const std::string url = "file://" + fs::absolute(html_path).string();
  write_via_temporary(pdf_path, [&](const std::string& temporary) {
    const std::string profile = temporary + ".profile";
    std::vector<std::string> arguments = {chromium,
                                          "--headless",
                                          "--no-sandbox",
                                          "--disable-gpu",
                                          "--no-first-run",
                                          "--disable-background-networking",
                                          "--disable-component-update",
                                          "--disable-sync",
                                          "--user-data-dir=" + profile,
                                          "--no-pdf-header-footer",
                                          "--print-to-pdf=" + fs::absolute(temporary).string(),
                                          url};
    std::vector<char*> argv;
    for (std::string& argument : arguments) argv.push_back(argument.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    // Chromium starts with no signal blocked and default actions: the CLI blocks SIGINT and
    // SIGTERM in its own threads (engine/cli/interrupt.hpp), and a child would inherit that,
    // and so ignore a Ctrl+C sent to the terminal's process group.
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    sigset_t no_signals, default_signals;
    sigemptyset(&no_signals);
    sigemptyset(&default_signals);
    sigaddset(&default_signals, SIGINT);
    sigaddset(&default_signals, SIGTERM);
    posix_spawnattr_setsigmask(&attributes, &no_signals);
    posix_spawnattr_setsigdefault(&attributes, &default_signals);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    pid_t child = 0;
    const int spawned =
        posix_spawn(&child, chromium.c_str(), &actions, &attributes, argv.data(), environ);
    posix_spawnattr_destroy(&attributes);
    posix_spawn_file_actions_destroy(&actions);
    int status = 0;
    if (spawned == 0) waitpid(child, &status, 0);
    std::error_code ignored;
    fs::remove_all(profile, ignored);
    if (spawned != 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0 ||
        !fs::is_regular_file(temporary) || fs::file_size(temporary) == 0)
      throw IoError(pdf_path, "Chromium (" + chromium + ") did not print briefing.html to PDF");
  });
}

}  // namespace hotspot::output
