// Near-repeat benchmark: the Knox test on 50,000 burglaries × 999 permutations (the target is
// under 10 s on 2 cores), on synthetic towns of realistic density with planted near repeats.
// Prints a markdown table (median of runs): close pairs, and the wall time of the whole test
// (pair search + permutations) with 1 and 2 threads. Not a test: timings never live in unit tests.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <vector>

#include "engine/core/day.hpp"
#include "engine/nearrepeat/knox.hpp"
#include "engine/synth/incident_model.hpp"
#include "engine/synth/synth.hpp"
#include "engine/synth/town.hpp"

using namespace hotspot;

namespace {

struct Events {
  std::vector<double> x, y;
  std::vector<int32_t> day;
};

// The first `wanted` burglaries (in time order) of a synthetic set of `wards` wards in which
// 20% of burglaries are followed by a near repeat.
Events burglaries(size_t wanted, int wards) {
  const synth::Town town = synth::build_town(wards, 7);
  synth::Injections injections;
  injections.near_repeat_share = 0.2;
  const auto total = static_cast<int64_t>(static_cast<double>(wanted) / 0.045 * 1.05);
  synth::IncidentModel model(town, total, 7, injections);
  Events events;
  for (int month = 0; month < synth::kMonths && events.x.size() < wanted; ++month)
    for (const synth::Record& record : model.month(month)) {
      if (std::string(synth::category_models()[record.category].slug) != "burglary") continue;
      if (events.x.size() == wanted) break;
      events.x.push_back(record.x_m);
      events.y.push_back(record.y_m);
      events.day.push_back(day_of(record.local_time_s));
    }
  return events;
}

// CPU time of the process as well as wall time: on a shared machine the wall clock also counts
// the time other programs held the cores.
double cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  const int runs = argc > 1 ? std::atoi(argv[1]) : 3;
  std::printf("## Near repeats: the Knox test, 999 permutations (median of %d runs)\n\n", runs);
  std::printf(
      "| burglaries | wards | days | pairs < 500 m | 1 thread | 2 threads | CPU, 2 threads |\n");
  std::printf("|---:|---:|---:|---:|---:|---:|---:|\n");
  for (const auto& [wanted, wards] :
       std::vector<std::pair<size_t, int>>{{50000, 120}, {50000, 300}, {50000, 1000}}) {
    const Events events = burglaries(wanted, wards);
    const auto [first, last] = std::minmax_element(events.day.begin(), events.day.end());
    nearrepeat::KnoxOptions options;  // 5 × 100 m, 5 × 14 days, 999 permutations
    int64_t pairs = 0;
    std::vector<double> seconds[2], cpu;
    for (int threads = 1; threads <= 2; ++threads) {
      options.threads = threads;
      for (int run = 0; run < runs; ++run) {
        const auto start = std::chrono::steady_clock::now();
        const double cpu_start = cpu_seconds();
        const nearrepeat::KnoxTable table =
            nearrepeat::knox_test(events.x, events.y, events.day, options);
        seconds[threads - 1].push_back(
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
        if (threads == 2) cpu.push_back(cpu_seconds() - cpu_start);
        pairs = table.close_pairs;
      }
    }
    std::printf("| %zu | %d | %d | %lld | %.2f s | **%.2f s** | %.2f s |\n", events.x.size(), wards,
                *last - *first + 1, static_cast<long long>(pairs), median(seconds[0]),
                median(seconds[1]), median(cpu));
  }
  return 0;
}
