#include "engine/core/huge_pages.hpp"

#include <sys/mman.h>

#include <cstdint>

namespace hotspot {

thread_local int WholeHugePages::depth_ = 0;

void advise_huge_pages(void* data, size_t bytes) {
  constexpr uintptr_t kHugePage = uintptr_t{2} << 20;
  const auto start = reinterpret_cast<uintptr_t>(data);
  const uintptr_t first = (start + kHugePage - 1) & ~(kHugePage - 1);
  const uintptr_t last = (start + bytes) & ~(kHugePage - 1);
  if (data == nullptr || last <= first) return;
  // Advice only: where the kernel has no transparent huge pages this fails and nothing changes.
  (void)madvise(reinterpret_cast<void*>(first), last - first, MADV_HUGEPAGE);
}

}  // namespace hotspot
