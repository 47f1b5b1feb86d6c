// Work split across threads that carries exceptions home: the one way the engine runs code in
// parallel. A worker that throws does not call std::terminate; the first exception (by chunk
// order) is rethrown in the caller after every worker has finished.
#pragma once
#include <cstddef>
#include <functional>

namespace hotspot {

// Calls work(begin, end, worker) on `threads` contiguous chunks of [0, count) (fewer when
// count is small), worker 0 on the calling thread. Chunk boundaries depend only on count and
// threads, so per-chunk results can be merged deterministically.
void parallel_for(size_t count, int threads,
                  const std::function<void(size_t begin, size_t end, int worker)>& work);

// The chunk [begin, end) that parallel_for gives worker `worker` of `threads`.
struct ChunkRange {
  size_t begin, end;
};
ChunkRange chunk_of(size_t count, int threads, int worker);

// Calls work(worker) on `threads` workers that share a queue of their own (e.g. an atomic row
// counter); for loops whose items differ widely in cost.
void parallel_workers(int threads, const std::function<void(int worker)>& work);

}  // namespace hotspot
