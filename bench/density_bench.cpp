// Density benchmark: the fast exact kernel density against point-by-point stamping, and how
// its time grows with points, grid size and bandwidth. Prints markdown tables (median of runs).
// Not a test: timings never live in unit tests.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "engine/density/kde.hpp"
#include "engine/hotspots/patrol_areas.hpp"
#include "engine/hotspots/polygons.hpp"

using namespace hotspot;
using namespace hotspot::density;

namespace {

struct Points {
  std::vector<double> x, y;
};

// Half uniform, half in 200 Gaussian clusters: roughly how crime points sit in a town.
Points make_points(size_t n, double side_m, uint64_t seed) {
  std::mt19937_64 random(seed);
  std::uniform_real_distribution<double> uniform(0, side_m);
  std::normal_distribution<double> spread(0, side_m / 200);
  std::vector<std::pair<double, double>> centres(200);
  for (auto& c : centres) c = {uniform(random), uniform(random)};
  Points points;
  points.x.reserve(n);
  points.y.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    if (i % 2 == 0) {
      points.x.push_back(uniform(random));
      points.y.push_back(uniform(random));
    } else {
      const auto& c = centres[i % centres.size()];
      points.x.push_back(c.first + spread(random));
      points.y.push_back(c.second + spread(random));
    }
  }
  return points;
}

// CPU time of the process as well as wall time: on a shared machine the wall clock of a
// one-thread run also counts the time other programs held the core.
double cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return double(t.tv_sec) + 1e-9 * double(t.tv_nsec);
}

double last_cpu_median = 0;

double median_seconds(int runs, const std::function<void()>& run) {
  std::vector<double> seconds, cpu;
  for (int r = 0; r < runs; ++r) {
    const auto start = std::chrono::steady_clock::now();
    const double cpu_start = cpu_seconds();
    run();
    cpu.push_back(cpu_seconds() - cpu_start);
    seconds.push_back(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  std::sort(seconds.begin(), seconds.end());
  std::sort(cpu.begin(), cpu.end());
  last_cpu_median = cpu[cpu.size() / 2];
  return seconds[seconds.size() / 2];
}

struct Case {
  size_t points;
  int32_t cells;
  double bandwidth_cells;
};

double time_fast(const Case& c, int threads, int runs, Kernel kernel = Kernel::quartic) {
  const double cell_m = 10;
  const Points points = make_points(c.points, c.cells * cell_m, 42);
  const GridSpec spec{0, 0, cell_m, c.cells, c.cells};
  KdeOptions options;
  options.kernel = kernel;
  options.bandwidth_m = c.bandwidth_cells * cell_m;
  options.threads = threads;
  volatile double sink = 0;
  const double s = median_seconds(runs, [&] {
    sink = sink + estimate_density(points.x, points.y, spec, options).density_per_km2[0];
  });
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  const int runs = argc > 1 ? std::atoi(argv[1]) : 5;
  const Case headline{1'000'000, 2000, 10};
  std::printf(
      "## Kernel density: 1,000,000 points, 2,000 × 2,000 grid, bandwidth 10 cells, quartic\n\n");
  std::printf("| method | threads | wall s (median of %d) | CPU s |\n| --- | --- | --- | --- |\n",
              runs);
  double wall = time_fast(headline, 1, runs);
  std::printf("| fast exact (row running sums) | 1 | %.3f | %.3f |\n", wall, last_cpu_median);
  wall = time_fast(headline, 2, runs);
  std::printf("| fast exact (row running sums) | 2 | %.3f | %.3f |\n", wall, last_cpu_median);
  {
    const Points points = make_points(headline.points, headline.cells * 10.0, 42);
    const GridSpec spec{0, 0, 10.0, headline.cells, headline.cells};
    KdeOptions options;
    options.bandwidth_m = 100;
    const int stamp_runs = std::max(1, runs / 2);
    const double s = median_seconds(stamp_runs, [&] {
      volatile double v =
          estimate_density_brute_force(points.x, points.y, spec, options).density_per_km2[0];
      (void)v;
    });
    std::printf("| point-by-point stamping (median of %d) | 1 | %.3f | %.3f |\n", stamp_runs, s,
                last_cpu_median);
  }
  std::printf(
      "\nQGIS's heatmap on the same kind of points: bench/kde_bench.sh (whole processes).\n\n");
  if (argc > 2 && std::string(argv[2]) == "--headline") return 0;

  std::printf("## Growth (fast exact, quartic, 1 thread, median of %d)\n\n", runs);
  std::printf(
      "| points | grid | bandwidth (cells) | wall s | CPU s |\n| --- | --- | --- | --- | --- |\n");
  for (size_t n : {100'000ul, 300'000ul, 1'000'000ul, 3'000'000ul}) {
    const double s = time_fast({n, 2000, 10}, 1, runs);
    std::printf("| %zu | 2000² | 10 | %.3f | %.3f |\n", n, s, last_cpu_median);
  }
  for (int32_t cells : {500, 1000, 2000, 4000}) {
    const double s = time_fast({1'000'000, cells, 10}, 1, runs);
    std::printf("| 1000000 | %d² | 10 | %.3f | %.3f |\n", cells, s, last_cpu_median);
  }
  for (double h : {2.0, 5.0, 10.0, 20.0, 40.0}) {
    const double s = time_fast({1'000'000, 2000, h}, 1, runs);
    std::printf("| 1000000 | 2000² | %.0f | %.3f | %.3f |\n", h, s, last_cpu_median);
  }

  {
    // Hotspot polygons: the patrol areas of the headline surface at 5% of the grid, traced on the
    // grid and, for comparison, unioned by GEOS.
    const Points points = make_points(headline.points, headline.cells * 10.0, 42);
    const GridSpec spec{0, 0, 10.0, headline.cells, headline.cells};
    KdeOptions options;
    options.bandwidth_m = 100;
    const DensityGrid grid = estimate_density(points.x, points.y, spec, options);
    const std::vector<float> expected(grid.density_per_km2.begin(), grid.density_per_km2.end());
    const std::vector<uint8_t> inside(spec.cell_count(), 1);
    hotspots::PatrolAreaOptions patrol;
    patrol.budget_share = 0.05;
    std::vector<std::vector<uint32_t>> components;
    for (const auto& area : hotspots::build_patrol_areas(
             spec, expected, expected, inside, static_cast<int64_t>(spec.cell_count()), patrol))
      components.push_back(area.cells);
    size_t cells = 0;
    for (const auto& component : components) cells += component.size();
    const double traced = median_seconds(runs, [&] {
      for (const auto& component : components) (void)hotspots::trace_cell_outlines(spec, component);
    });
    const double traced_cpu = last_cpu_median;
    const double geos = median_seconds(runs, [&] {
      for (const auto& component : components)
        (void)hotspots::cells_to_polygons_geos(spec, component);
    });
    std::printf(
        "\n## Hotspot polygons (%zu areas, %zu hot cells)\n\n| method | wall s | CPU s |\n| --- | "
        "--- | --- |\n"
        "| outline tracer (used) | %.3f | %.3f |\n| GEOS union | %.3f | %.3f |\n",
        components.size(), cells, traced, traced_cpu, geos, last_cpu_median);
  }
  std::printf("\n## Other kernels (1,000,000 points, 2000², bandwidth 10 cells, 1 thread)\n\n");
  std::printf("| kernel | method | wall s | CPU s |\n| --- | --- | --- | --- |\n");
  for (Kernel kernel : {Kernel::epanechnikov, Kernel::uniform, Kernel::triangular}) {
    const double s = time_fast(headline, 1, std::max(1, runs / 2), kernel);
    std::printf("| %s | %s | %.3f | %.3f |\n", kernel_name(kernel).c_str(),
                is_polynomial(kernel) ? "row running sums" : "per-cell stamping along rows", s,
                last_cpu_median);
  }
  // The Gaussian reaches 4σ: ~5,000 cells per point at σ = 10 cells, so 100,000 points here.
  const double gaussian = time_fast({100'000, 2000, 10}, 1, 1, Kernel::gaussian);
  std::printf(
      "| gaussian (100,000 points, cut at 4σ) | per-cell stamping along rows | %.3f | %.3f |\n",
      gaussian, last_cpu_median);
  return 0;
}
