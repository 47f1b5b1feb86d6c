// The Mann–Kendall test for a monotonic trend in a series (Mann 1945; Kendall 1975), as Emerging
// Hot Spot Analysis applies it to each location's series of Gi* z-scores:
//   S = Σ_{i<j} sign(x_j − x_i),
//   Var(S) = [n(n−1)(2n+5) − Σ_g t_g(t_g−1)(2t_g+5)] / 18   (t_g: sizes of groups of ties),
//   Z = (S − 1)/√Var(S) if S > 0, (S + 1)/√Var(S) if S < 0, else 0 (continuity correction),
//   p = two-sided normal p-value of Z.
// Values within 1e-9 of each other count as ties (z-scores computed from equal counts).
#pragma once
#include <cmath>
#include <vector>

namespace hotspot::emerging {

struct MannKendall {
  int n = 0;
  double s = 0;
  double variance = 0;
  double z = 0;
  double p = 1;
  double tau = 0;  // Kendall's tau-a: S / (n(n−1)/2)
  // Positive significant trend (p < alpha, S > 0), negative, or none.
  int direction(double alpha = 0.05) const { return p < alpha ? (s > 0) - (s < 0) : 0; }
};

// Hand-written: a dozen lines; no Debian C++ library has it.
MannKendall mann_kendall(const std::vector<double>& series);

}  // namespace hotspot::emerging
