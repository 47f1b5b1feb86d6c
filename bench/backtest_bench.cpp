// Backtest benchmark: the forecast backtest of `hotspot analyse` (every candidate method drawn
// as patrol areas in each rolling origin) on a real study, layer by layer, without the rest of
// the pipeline. Loads a hotspot.toml as analyse does, then times backtest() per layer and
// prints the median wall time of the runs with a digest of the result (each method's captured
// incidents and area), so that two builds can be checked to agree while their speed is compared.
// Not a test: timings never live in unit tests.
//   backtest_bench CONFIG.toml [RUNS]
#include <malloc.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <exception>
#include <string>
#include <vector>

#include "engine/analyse/analyse.hpp"
#include "engine/hotspots/analyse_layers.hpp"
#include "engine/hotspots/backtest.hpp"
#include "engine/hotspots/selection.hpp"

using namespace hotspot;

namespace {

// CPU time of the process (both threads) as well as wall time: on a shared machine the wall
// clock also counts the time other programs held the cores.
double cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return double(t.tv_sec) + 1e-9 * double(t.tv_nsec);
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

int run(const std::string& config, int runs) {
  analyse::AnalyseOptions options;
  analyse::load_config(config, options);
  StageClock clock;
  study::Study study = study::load_study(options.inputs, clock);
  const IncidentTable& incidents = study.incidents();
  const profile::AreaProfile area =
      profile::build_profiles(incidents, *study.wards, options.profile);
  const hotspots::HotspotInputs inputs{incidents,
                                       *study.wards,
                                       *study.locator,
                                       MonthRange{area.from_month, area.to_month},
                                       std::nullopt,
                                       options.disclosure,
                                       options.inputs.threads,
                                       {}};
  const hotspots::StudyGrid grid = hotspots::make_study_grid(inputs, options.hotspots);
  const GridSpec& spec = grid.choice.spec;
  std::printf("%zu incidents, grid %d x %d cells of %.0f m, %lld in the study area\n",
              incidents.size(), spec.columns, spec.rows, spec.cell_size_m,
              static_cast<long long>(grid.study_cells));
  std::printf(
      "| layer | incidents | median s | min s | median CPU s | digest |\n"
      "|---|---:|---:|---:|---:|---|\n");
  const std::vector<hotspots::Method> candidates = hotspots::candidate_methods();
  const hotspots::Method fallback{hotspots::Method::Kind::grid_counts, 0, 0, 0, 0.3};
  for (const LayerDefinition& layer : options.layers) {
    const hotspots::LayerSelection selection =
        hotspots::select_layer(incidents, layer, area.from_month, area.to_month);
    const hotspots::LayerPoints points = hotspots::layer_points(inputs, spec, selection);
    hotspots::PatrolAreaOptions patrol = options.hotspots.patrol_areas(grid.study_area_km2());
    patrol.minimum_incidents =
        options.disclosure.smallest_feature(options.hotspots.minimum_area_incidents);
    const hotspots::BacktestInputs backtest_inputs{points,      grid.all_crime,   spec,
                                                   grid.inside, grid.study_cells, inputs.period,
                                                   patrol,      inputs.threads};
    std::vector<double> seconds, cpu;
    std::string digest;
    for (int r = 0; r < runs; ++r) {
      const auto start = std::chrono::steady_clock::now();
      const double cpu_start = cpu_seconds();
      const hotspots::BacktestResult result =
          hotspots::backtest(backtest_inputs, candidates, fallback);
      seconds.push_back(
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
      cpu.push_back(cpu_seconds() - cpu_start);
      digest.clear();
      for (const hotspots::MethodScore& score : result.scores)
        digest += std::to_string(score.captured) + "/" +
                  std::to_string(static_cast<long long>(score.area_share_sum * 1e9)) + " ";
    }
    std::printf("| %s | %zu | %.3f | %.3f | %.3f | %s|\n", layer.name.c_str(), points.x.size(),
                median(seconds), *std::min_element(seconds.begin(), seconds.end()), median(cpu),
                digest.c_str());
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: backtest_bench CONFIG.toml [RUNS]\n");
    return 2;
  }
  // As hotspot's main does: grid-sized arrays made and dropped many times a layer are reused
  // from the heap, not mapped and zeroed afresh each time, and every thread shares one heap.
  mallopt(M_MMAP_THRESHOLD, 1 << 30);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
  mallopt(M_ARENA_MAX, 1);
  try {
    return run(argv[1], argc > 2 ? std::max(1, std::atoi(argv[2])) : 3);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "backtest_bench: %s\n", error.what());
    return 1;
  }
}
