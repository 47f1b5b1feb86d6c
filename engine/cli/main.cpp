// The `hotspot` command line: a thin layer that parses options, calls the library and reports.
// Only this layer prints and sets exit codes: 0 ok, 2 bad input or usage, 1 internal failure.
#include <malloc.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "engine/cli/commands.hpp"
#include "engine/cli/interrupt.hpp"
#include "engine/core/data_source.hpp"
#include "engine/core/errors.hpp"
#include "engine/core/gdal_init.hpp"
#include "tiles/tiles.hpp"

namespace {

// Freed blocks stay in the heap for the next allocation instead of going back to the kernel.
// The stages make and drop grid-sized arrays dozens of times per layer (64-128 MB each on a
// national 16M-cell grid); by default glibc maps each one afresh, and the kernel zeroes every
// page on its first touch while the workers queue on the process's page-fault lock. On 1M
// incidents x 8,000 wards that was a quarter of the CPU time (sys 25 s -> 4 s) and almost half
// of the backtest's wall time, for 7% more peak memory.
//
// One heap (arena) for every thread: with glibc's default of one per thread up to 8 per core,
// a block freed by one thread was kept for that thread's heap alone, and the GeoPackage writer
// and the tile workers, which run side by side, each held their own freed memory. On the
// national run (10M incidents, alternated pairs) the peak fell 2.27 -> 2.04 GB and 2.29 -> 2.06
// GB, for 0.6-3% more wall time (the threads now share the heap's lock).
void keep_freed_memory_for_reuse() {
  mallopt(M_MMAP_THRESHOLD, 1 << 30);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
  mallopt(M_ARENA_MAX, 1);
}

}  // namespace

int main(int argc, char** argv) {
  using namespace hotspot;
  keep_freed_memory_for_reuse();
  // Before anything else: from here on SIGINT and SIGTERM end the program through it.
  const cli::InterruptCleanup interrupts;
  CLI::App app{"Hotspot: crime hotspot maps and ward profiles for community safety partnerships"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("hotspot ") + HOTSPOT_VERSION);
  std::vector<std::string> command_line(argv, argv + argc);
  cli::Commands commands;
  cli::add_analyse(app, commands, command_line);
  cli::add_kde(app, commands);
  cli::add_tiles(app, commands);
  cli::add_serve(app, commands);
  cli::add_synth(app, commands);
  cli::add_evaluate(app, commands);
  cli::add_nearrepeat(app, commands);
  cli::add_impact(app, commands);
  cli::add_plan(app, commands);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error) == 0 ? 0 : 2;
  }
  try {
    // GDAL is loaded before any command that may use it (see load_gdal); `hotspot kde` on a CSV
    // never does, and loads it only when it opens ward boundaries or another format.
    if (!app.got_subcommand("kde")) load_gdal();
    return commands.run();
  } catch (const InputError& error) {
    std::cerr << "hotspot: error: " << redacted(error.what()) << "\n";
    return 2;
  } catch (const ConfigError& error) {
    std::cerr << "hotspot: configuration error: " << redacted(error.what()) << "\n";
    return 2;
  } catch (const UsageError& error) {
    std::cerr << "hotspot: " << redacted(error.what()) << "\n";
    return 2;
  } catch (const Error& error) {  // I/O failures and any other error the user can fix
    std::cerr << "hotspot: error: " << redacted(error.what()) << "\n";
    return 2;
  } catch (const std::filesystem::filesystem_error& error) {  // copying or creating files failed
    std::cerr << "hotspot: error: cannot write "
              << (error.path2().empty() ? error.path1() : error.path2()).string() << ": "
              << error.code().message()
              << ": the disk is full or the folder cannot be written; free some space or choose "
                 "another --out folder\n";
    return 2;
  } catch (const tiles::TilesIoError& error) {
    std::cerr << "hotspot: error: " << redacted(error.what()) << "\n";
    return 2;
  } catch (const tiles::TilesInputError& error) {
    std::cerr << "hotspot: error: " << redacted(error.what()) << "\n";
    return 2;
  } catch (const std::exception& error) {
    std::cerr << "hotspot: internal error: " << redacted(error.what()) << "\n";
    return 1;
  }
}
