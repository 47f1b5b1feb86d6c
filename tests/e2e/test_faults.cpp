// Runs that fail part-way lose nothing and leave nothing behind: a full disk (a file-size limit,
// and a small tmpfs where this user may mount one), a folder that cannot be written, and
// SIGINT, SIGTERM and SIGKILL at random moments. Whatever is left under a published name is
// complete, no temporary file survives a catchable signal, and summary.json exists only after a
// complete run.
#include <gdal.h>
#include <gdal_priv.h>
#include <signal.h>
#include <sys/mount.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>

#include "tests/e2e/e2e_support.hpp"

using namespace hotspot::testing;

namespace {

// Every file left under a published name opens and reads in full.
void check_outputs_complete(const fs::path& out) {
  GDALAllRegister();
  for (const auto& entry : fs::recursive_directory_iterator(out)) {
    if (!entry.is_regular_file()) continue;
    const fs::path& path = entry.path();
    const std::string extension = path.extension().string();
    INFO(path);
    CHECK(path.filename().string().find(".tmp") == std::string::npos);
    if (extension == ".json" || extension == ".geojson") {
      CHECK_NOTHROW(nlohmann::json::parse(read_file(path)));
    } else if (extension == ".tif") {
      GDALDatasetUniquePtr tif(GDALDataset::Open(path.c_str(), GDAL_OF_RASTER));
      REQUIRE(tif);
      std::vector<float> values(static_cast<size_t>(tif->GetRasterXSize()) * tif->GetRasterYSize());
      CHECK(tif->GetRasterBand(1)->RasterIO(
                GF_Read, 0, 0, tif->GetRasterXSize(), tif->GetRasterYSize(), values.data(),
                tif->GetRasterXSize(), tif->GetRasterYSize(), GDT_Float32, 0, 0) == CE_None);
    } else if (extension == ".csv") {
      const std::string text = read_file(path);
      CHECK((text.empty() || text.back() == '\n'));
    }
  }
}

// How long a whole demo run takes here, so that signals land during the run, not after it.
int run_time_ms(const std::string& arguments) {
  const auto start = std::chrono::steady_clock::now();
  run(arguments);
  return static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(
                              std::chrono::steady_clock::now() - start)
                              .count());
}

std::string demo_arguments(const fs::path& out) {
  return "analyse --config " + (demo_input() / "hotspot.toml").string() +
         " --quiet --maxzoom 13 --out " + out.string();
}

}  // namespace

TEST_CASE("a full disk stops the run with exit code 2, the path, a fix, and only complete files") {
  const fs::path out = temp_dir("full-disk");
  SECTION("a file-size limit") {
    for (const int blocks :
         {40, 400, 1000, 2500}) {  // stops the GeoTIFF, PNG, data.js, tiles writers
      CAPTURE(blocks);
      const RunResult result =
          run_in_shell("trap '' XFSZ; ulimit -f " + std::to_string(blocks) + "; exec " +
                       binary_under_test() + " " + demo_arguments(out) + " 2>&1");
      INFO(result.output);
      CHECK(result.exit_code == 2);
      CHECK_THAT(result.output, Catch::Contains("cannot write") && Catch::Contains("disk is full"));
      CHECK_THAT(result.output, !Catch::Contains("internal error"));
      CHECK_FALSE(fs::exists(out / "summary.json"));
      check_outputs_complete(out);
    }
  }
  SECTION("a small tmpfs") {
    const fs::path mount_point = temp_dir("tmpfs");
    if (::mount("tmpfs", mount_point.c_str(), "tmpfs", 0, "size=600k") != 0) {
      if (std::getenv("CI") && ::geteuid() == 0) FAIL("root could not mount a tmpfs");
      WARN("skipped: this user cannot mount a tmpfs (the file-size section covers a full disk)");
      return;
    }
    const RunResult result = run(demo_arguments(mount_point / "out"));
    INFO(result.output);
    CHECK(result.exit_code == 2);
    CHECK_THAT(result.output, Catch::Contains("disk is full"));
    CHECK_FALSE(fs::exists(mount_point / "out" / "summary.json"));
    check_outputs_complete(mount_point / "out");
    ::umount(mount_point.c_str());
  }
}

TEST_CASE("a folder that cannot be written is a user's error, not an internal one") {
  const RunResult result = run(demo_arguments("/proc/hotspot-out"));
  INFO(result.output);
  CHECK(result.exit_code == 2);
  CHECK_THAT(result.output, Catch::Contains("/proc/hotspot-out"));
  CHECK_THAT(result.output, !Catch::Contains("internal error"));
}

TEST_CASE("SIGINT and SIGTERM at any moment leave no temporary file and no summary.json") {
  std::mt19937_64 random(2026);
  const fs::path out = temp_dir("interrupted");
  std::uniform_int_distribution<int> delay_ms(
      5, std::max(10, run_time_ms(demo_arguments(out)) * 9 / 10));
  int interrupted = 0;
  for (int trial = 0; trial < 8; ++trial) {
    const int signal_number = trial % 2 ? SIGTERM : SIGINT;
    const int delay = delay_ms(random);
    CAPTURE(trial, signal_number, delay);
    const pid_t child = spawn(demo_arguments(out));
    std::this_thread::sleep_for(std::chrono::milliseconds(delay));
    ::kill(child, signal_number);
    const int status = wait_for(child);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {  // it finished first
      CHECK(fs::exists(out / "summary.json"));
    } else if (WIFSIGNALED(status)) {
      // Only while the dynamic loader maps the libraries (before any of the program's code
      // runs, so before it has written anything), or once main has returned (the run complete,
      // summary.json written last; under ASan the leak check at exit lasts seconds), may the
      // signal's default action end it.
      CHECK(WTERMSIG(status) == signal_number);
      CHECK((delay < 1000 || fs::exists(out / "summary.json")));
    } else {
      ++interrupted;
      CHECK((WIFEXITED(status) && WEXITSTATUS(status) == 128 + signal_number));
      CHECK_FALSE(fs::exists(out / "summary.json"));
    }
    check_outputs_complete(out);
  }
  CHECK(interrupted >= 4);
}

TEST_CASE("after SIGKILL at any moment the next run completes and clears what was left") {
  std::mt19937_64 random(99);
  const fs::path out = temp_dir("killed");
  std::uniform_int_distribution<int> delay_ms(
      5, std::max(10, run_time_ms(demo_arguments(out)) * 9 / 10));
  int killed = 0;
  for (int trial = 0; trial < 6; ++trial) {
    const pid_t child = spawn(demo_arguments(out));
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms(random)));
    ::kill(child, SIGKILL);
    const int status = wait_for(child);
    if (!WIFSIGNALED(status)) continue;  // it finished first
    // summary.json is written last: with it, the run had finished its outputs before the kill
    // (under a sanitizer the exit's leak check can take the kill), and they must be whole.
    if (fs::exists(out / "summary.json")) {
      check_outputs_complete(out);
      continue;
    }
    ++killed;  // killed mid-run: temporary files may remain (kill -9 cannot be caught)
  }
  CHECK(killed >= 3);
  const RunResult result = run(demo_arguments(out));
  REQUIRE(result.exit_code == 0);
  check_outputs_complete(out);
}
