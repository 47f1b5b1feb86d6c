// The large blocks the library marks as columns or grids to be written whole (WholeHugePages in
// engine/core/huge_pages.hpp) can be started on a 2 MB boundary, span whole 2 MB pages and be
// offered to transparent huge pages, in the `hotspot` program only (the library does not
// replace operator new: tests and embedders keep their own allocator), and only for commands
// that ask (place_marked_blocks_on_whole_huge_pages).
//
// Why: this machine's kernels give huge pages only where asked (THP "madvise"), and only for
// whole aligned 2 MB ranges. An 8 MB column that starts anywhere in the heap keeps its first and
// last partial 2 MB in 4 KB pages: about 512 page faults per column, each a trap into a
// paravirtualised kernel. `hotspot kde` on 1,000,000 points made 14,000 page faults, most of
// them from such heads and tails; glibc's own switch for this (GLIBC_TUNABLES
// glibc.malloc.hugetlb=1) halved them and cut the whole run by 7%, but tunables are read before
// main and would need the user to set them, and they apply to every block.
//
// Why only some commands: `kde` makes each block once and exits, so its page faults are most of
// what placing saves. `analyse` makes and frees grid-sized blocks dozens of times a layer and
// lives off reusing freed heap memory (main.cpp); 2 MB-aligned blocks fragment the heap, so fewer
// freed blocks fit the next request: on 10M incidents x 8,000 wards placing the marked blocks
// took 8% more page faults, 3 s more system time and 130 MB more peak memory (one run each), and
// placing every large block took `analyse` on 1M incidents from 1.55-1.60 to 1.67-1.79 GB.
//
// Memory is freed by the default operator delete (free), which takes posix_memalign's blocks.
// Sanitizer builds keep the sanitizer's operator new, which checks new/delete pairing.
#include "engine/cli/large_allocations.hpp"

#include <sys/mman.h>

#include <atomic>
#include <cstdlib>
#include <new>

#include "engine/core/huge_pages.hpp"

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define HOTSPOT_SANITIZED_BUILD 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || \
    __has_feature(memory_sanitizer)
#define HOTSPOT_SANITIZED_BUILD 1
#endif
#endif

namespace {
std::atomic<bool> place_on_whole_huge_pages{false};
}  // namespace

void hotspot::cli::place_marked_blocks_on_whole_huge_pages() {
  place_on_whole_huge_pages.store(true, std::memory_order_relaxed);
}

#if !defined(HOTSPOT_SANITIZED_BUILD)

namespace {

constexpr std::size_t kHugePage = std::size_t{2} << 20;
// Smaller blocks keep malloc's packing: a 2 MB alignment would waste up to a huge page of
// address space each, and their page faults are few.
constexpr std::size_t kAlignFrom = std::size_t{4} << 20;

void* allocate(std::size_t size) {
  if (size == 0) size = 1;
  for (;;) {
    void* block = nullptr;
    if (size >= kAlignFrom && hotspot::WholeHugePages::requested() &&
        place_on_whole_huge_pages.load(std::memory_order_relaxed)) {
      // Whole huge pages, so that the last one is not left to 4 KB pages either.
      const std::size_t rounded = (size + kHugePage - 1) & ~(kHugePage - 1);
      if (posix_memalign(&block, kHugePage, rounded) != 0) block = nullptr;
      // Advice only: where the kernel has no transparent huge pages this fails harmlessly.
      if (block) (void)madvise(block, rounded, MADV_HUGEPAGE);
    } else {
      block = std::malloc(size);
    }
    if (block) return block;
    std::new_handler handler = std::get_new_handler();
    if (!handler) throw std::bad_alloc();
    handler();
  }
}

}  // namespace

// Only this form is replaced: libstdc++'s other forms of new (arrays, nothrow) call it, and every
// form of delete frees with free(), which takes blocks from posix_memalign and malloc alike.
void* operator new(std::size_t size) { return allocate(size); }

#endif
