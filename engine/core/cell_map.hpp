// A map from grid cell index to a small integer, for the few cells an algorithm touches on a
// grid of millions (patrol areas draw ~1% of a national grid's 20M cells). A dense per-cell
// array costs a 20M-entry allocation per call and a cache miss per look-up; this open-addressing
// table holds only the touched cells, so it stays in cache. Written here because the Debian
// packages offer no flat hash map (Boost 1.74 predates boost::unordered_flat_map) and
// std::unordered_map allocates a node per entry.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace hotspot {

class CellMap {
 public:
  explicit CellMap(std::size_t expected_entries = 16) { rehash(capacity_for(expected_entries)); }

  // The value stored for `cell`, or `missing`.
  int32_t get(uint32_t cell, int32_t missing = -1) const {
    for (std::size_t slot = first_slot(cell);; slot = (slot + 1) & mask_) {
      if (keys_[slot] == cell) return values_[slot];
      if (keys_[slot] == kEmpty) return missing;
    }
  }
  bool contains(uint32_t cell) const { return get(cell, kAbsent) != kAbsent; }

  void set(uint32_t cell, int32_t value) {
    if (2 * (size_ + 1) > keys_.size()) rehash(2 * keys_.size());
    std::size_t slot = first_slot(cell);
    while (keys_[slot] != kEmpty && keys_[slot] != cell) slot = (slot + 1) & mask_;
    if (keys_[slot] == kEmpty) ++size_;
    keys_[slot] = cell;
    values_[slot] = value;
  }

  std::size_t size() const { return size_; }

 private:
  static constexpr uint32_t kEmpty = UINT32_MAX;  // no grid has 2^32 - 1 cells
  static constexpr int32_t kAbsent = INT32_MIN;

  static std::size_t capacity_for(std::size_t entries) {
    std::size_t capacity = 16;
    while (capacity < 2 * entries) capacity *= 2;
    return capacity;
  }
  // Fibonacci hashing: neighbouring cells land far apart, so runs of probes stay short.
  std::size_t first_slot(uint32_t cell) const {
    return static_cast<std::size_t>((uint64_t{cell} * 0x9E3779B97F4A7C15ull) >> shift_);
  }
  void rehash(std::size_t capacity) {
    std::vector<uint32_t> keys(capacity, kEmpty);
    std::vector<int32_t> values(capacity, 0);
    keys.swap(keys_);
    values.swap(values_);
    mask_ = capacity - 1;
    shift_ = 64;
    for (std::size_t c = capacity; c > 1; c /= 2) --shift_;
    size_ = 0;
    for (std::size_t i = 0; i < keys.size(); ++i)
      if (keys[i] != kEmpty) set(keys[i], values[i]);
  }

  std::vector<uint32_t> keys_;
  std::vector<int32_t> values_;
  std::size_t mask_ = 0;
  int shift_ = 64;
  std::size_t size_ = 0;
};

}  // namespace hotspot
