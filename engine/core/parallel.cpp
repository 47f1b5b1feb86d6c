#include "engine/core/parallel.hpp"

#include <algorithm>
#include <exception>
#include <future>
#include <vector>

namespace hotspot {

ChunkRange chunk_of(size_t count, int threads, int worker) {
  const auto n = static_cast<size_t>(std::max(1, threads));
  const size_t chunk = (count + n - 1) / n;
  const size_t begin = std::min(count, chunk * static_cast<size_t>(worker));
  return {begin, std::min(count, begin + chunk)};
}

void parallel_workers(int threads, const std::function<void(int worker)>& work) {
  threads = std::max(1, threads);
  std::vector<std::future<void>> others;
  for (int t = 1; t < threads; ++t) others.push_back(std::async(std::launch::async, work, t));
  std::exception_ptr first;
  try {
    work(0);
  } catch (...) {
    first = std::current_exception();
  }
  for (auto& other : others) {
    try {
      other.get();
    } catch (...) {
      if (!first) first = std::current_exception();
    }
  }
  if (first) std::rethrow_exception(first);
}

void parallel_for(size_t count, int threads,
                  const std::function<void(size_t begin, size_t end, int worker)>& work) {
  threads = std::max(1, threads);
  parallel_workers(threads, [&](int worker) {
    const ChunkRange range = chunk_of(count, threads, worker);
    work(range.begin, range.end, worker);
  });
}

}  // namespace hotspot
