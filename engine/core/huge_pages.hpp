// Room for a large column, asked of the kernel in 2 MB pages where it can give them.
//
// A column of a million incidents or a density grid of 2,000 × 2,000 cells is tens of MB that
// the kernel hands out 4 KB at a time, one page fault each, the first time it is written. On
// this project's virtual machines a fault costs several microseconds, and short runs spend a
// large share of their time there (`hotspot kde` on 1M points: 32,600 faults, ~15% of its CPU
// samples). Debian's kernel gives transparent huge pages only to memory marked with
// madvise(MADV_HUGEPAGE), and glibc marks its own only when GLIBC_TUNABLES asks it to, which a
// program cannot set for itself; so the few large columns are marked here, once reserved and
// before they are first written. The advice changes no value and is ignored where it is not
// supported.
#pragma once
#include <cstddef>
#include <memory>
#include <type_traits>
#include <vector>

namespace hotspot {

// Asks for huge pages for the whole 2 MB pages inside [data, data + bytes); nothing when
// `bytes` is too small to hold one.
void advise_huge_pages(void* data, size_t bytes);

// While one of these lives on a thread, the blocks that thread allocates are columns or grids
// that will be written whole: a program whose operator new asks (the `hotspot` command line,
// engine/cli/large_allocations.cpp) then starts large ones on a 2 MB boundary and rounds them
// to whole 2 MB pages, so that their first and last pages are huge too. A block placed anywhere
// in the heap keeps up to 2 MB at each end in 4 KB pages: ~500 page faults for a column of a
// million doubles. Elsewhere (tests, other programs) it changes nothing.
class WholeHugePages {
 public:
  WholeHugePages() { ++depth_; }
  ~WholeHugePages() { --depth_; }
  WholeHugePages(const WholeHugePages&) = delete;
  WholeHugePages& operator=(const WholeHugePages&) = delete;
  static bool requested() { return depth_ > 0; }

 private:
  static thread_local int depth_;
};

// v.reserve(n), then huge pages for the reserved room.
template <class T>
void reserve_in_huge_pages(std::vector<T>& v, size_t n) {
  {
    const WholeHugePages whole;
    v.reserve(n);
  }
  advise_huge_pages(v.data(), v.capacity() * sizeof(T));
}

// Room for n values in v, in huge pages where the kernel gives them when v has to grow (what v
// held is not kept then). For grids read at random as well as written whole: a forecast of a
// national grid (16M cells, 64 MB) read a few cells at a time all over the map touches a
// different 4 KB page at almost every read, and on a virtual machine each miss in the
// address-translation cache walks two sets of page tables; in 2 MB pages the whole grid fits
// that cache.
template <class T>
void room_in_huge_pages(std::vector<T>& v, size_t n) {
  if (v.capacity() >= n) return;
  std::vector<T>().swap(v);
  reserve_in_huge_pages(v, n);
}

// v sized to n values that the caller then writes, in room_in_huge_pages.
template <class T>
void size_in_huge_pages(std::vector<T>& v, size_t n) {
  room_in_huge_pages(v, n);
  v.resize(n);
}

// v.assign(n, value), in room_in_huge_pages (each value written once, not zeroed first).
template <class T>
void assign_in_huge_pages(std::vector<T>& v, size_t n, const T& value) {
  room_in_huge_pages(v, n);
  v.assign(n, value);
}

// Room for n values that are left unset, in huge pages where the kernel gives them. For buffers
// that are written whole on several threads: a vector would zero them first on one thread,
// taking every page fault there; left unset, each page is faulted in by the thread that first
// writes it.
template <class T>
std::unique_ptr<T[]> unset_in_huge_pages(size_t n) {
  static_assert(std::is_trivially_default_constructible_v<T>);
  std::unique_ptr<T[]> room;
  {
    const WholeHugePages whole;
    room.reset(new T[n]);  // default-initialised: no value is written
  }
  advise_huge_pages(room.get(), n * sizeof(T));
  return room;
}

}  // namespace hotspot
