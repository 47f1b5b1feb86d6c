// A small, portable random number generator: xoshiro256** seeded with splitmix64 (Blackman &
// Vigna, public domain). Hand-written because the std:: distributions give different numbers on
// different standard libraries, and synthetic data and permutation tests must be identical.
#pragma once
#include <cmath>
#include <cstdint>
#include <vector>

namespace hotspot {

class Random {
 public:
  explicit Random(uint64_t seed) {
    for (uint64_t& word : state_) {
      seed += 0x9E3779B97F4A7C15ull;  // splitmix64
      uint64_t z = seed;
      z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
      z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
      word = z ^ (z >> 31);
    }
  }

  uint64_t next() {
    const uint64_t result = rotate_left(state_[1] * 5, 7) * 9;
    const uint64_t shifted = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= shifted;
    state_[3] = rotate_left(state_[3], 45);
    return result;
  }

  // Uniform in [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  double uniform(double low, double high) { return low + (high - low) * uniform(); }
  // Uniform integer in [0, n); the tiny modulo bias is irrelevant for synthetic data.
  uint64_t below(uint64_t n) { return next() % n; }
  // Standard normal by Box–Muller (one of the pair; simplicity over speed).
  double normal() {
    const double u = 1.0 - uniform();  // (0, 1]: log is finite
    return std::sqrt(-2.0 * std::log(u)) * std::cos(6.283185307179586 * uniform());
  }

 private:
  static uint64_t rotate_left(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t state_[4];
};

// Index drawn with probability proportional to weights; `cumulative` holds running sums.
inline size_t pick(const std::vector<double>& cumulative, Random& random) {
  const double target = random.uniform() * cumulative.back();
  size_t low = 0, high = cumulative.size() - 1;
  while (low < high) {
    const size_t middle = (low + high) / 2;
    if (cumulative[middle] > target)
      high = middle;
    else
      low = middle + 1;
  }
  return low;
}

inline std::vector<double> running_sums(const double* weights, size_t n) {
  std::vector<double> sums(n);
  double sum = 0;
  for (size_t i = 0; i < n; ++i) sums[i] = sum += weights[i];
  return sums;
}

}  // namespace hotspot
