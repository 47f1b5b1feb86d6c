// The one way tiles/ uses threads: items handed out in chunks to `threads` workers, each
// worker's exception carried home through its future (never std::terminate).
// Guarantees: work(item, worker) runs exactly once per item; the caller places results by item.
#pragma once
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <future>
#include <vector>

namespace hotspot::tiles {

template <class Work>
void parallel_for(int threads, size_t count, size_t chunk, Work work) {
  std::atomic<size_t> next{0};
  auto run = [&](uint32_t worker) {
    for (size_t start; (start = next.fetch_add(chunk)) < count;)
      for (size_t item = start; item < std::min(count, start + chunk); ++item) work(item, worker);
  };
  std::vector<std::future<void>> workers;
  for (int t = 1; t < threads; ++t)
    workers.push_back(std::async(std::launch::async, run, static_cast<uint32_t>(t)));
  std::exception_ptr failure;
  try {
    run(0);
  } catch (...) {
    failure = std::current_exception();
    next = count;  // the others stop at their next chunk
  }
  for (auto& worker : workers) {
    try {
      worker.get();
    } catch (...) {
      if (!failure) failure = std::current_exception();
    }
  }
  if (failure) std::rethrow_exception(failure);
}

}  // namespace hotspot::tiles
