// reserve_in_huge_pages: the room is reserved, values are kept, and where the kernel offers
// transparent huge pages on request the reserved room is marked for them (read back from the
// kernel's own /proc/self/smaps, not from our call's return).
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <fstream>
#include <numeric>
#include <sstream>
#include <string>
#include <vector>

#include "engine/core/huge_pages.hpp"

using namespace hotspot;

namespace {

// The kernel's THP mode ("always", "madvise" or "never"), or "" where it has none.
std::string thp_mode() {
  std::ifstream in("/sys/kernel/mm/transparent_hugepage/enabled");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const size_t open = text.find('['), close = text.find(']');
  return open == std::string::npos || close == std::string::npos
             ? ""
             : text.substr(open + 1, close - open - 1);
}

// Whether the mapping that holds `address` may be backed by huge pages (smaps' THPeligible),
// or -1 when smaps does not say.
int thp_eligible(const void* address) {
  std::ifstream smaps("/proc/self/smaps");
  const auto target = reinterpret_cast<uintptr_t>(address);
  std::string line;
  bool inside = false;
  while (std::getline(smaps, line)) {
    uintptr_t begin = 0, end = 0;
    char dash = 0;
    std::istringstream range(line);
    if (range >> std::hex >> begin >> dash >> end && dash == '-') {
      inside = begin <= target && target < end;
      continue;
    }
    if (inside && line.rfind("THPeligible:", 0) == 0) return std::stoi(line.substr(12));
  }
  return -1;
}

}  // namespace

TEST_CASE("reserve_in_huge_pages reserves the room and keeps the values already there") {
  std::vector<int64_t> values(1000);
  std::iota(values.begin(), values.end(), int64_t{7});
  reserve_in_huge_pages(values, 3'000'000);
  CHECK(values.capacity() >= 3'000'000);
  REQUIRE(values.size() == 1000);
  for (size_t i = 0; i < values.size(); ++i) CHECK(values[i] == int64_t(i) + 7);

  std::vector<double> small;  // too small for a huge page: reserved all the same
  reserve_in_huge_pages(small, 10);
  CHECK(small.capacity() >= 10);
  advise_huge_pages(nullptr, 0);  // nothing to advise: no effect, no failure
}

TEST_CASE("the reserved room is marked for huge pages where the kernel gives them on request") {
  const std::string mode = thp_mode();
  if (mode != "madvise" && mode != "always") {
    WARN("this kernel gives no transparent huge pages on request (mode '"
         << mode << "'): nothing to check");
    return;
  }
  std::vector<double> column;
  reserve_in_huge_pages(column, size_t{16} << 20);  // 128 MB: many whole 2 MB pages inside
  // A point in the middle of the room lies inside a whole 2 MB page, the part that is advised.
  const double* middle = column.data() + column.capacity() / 2;
  CHECK(thp_eligible(middle) == 1);
}

TEST_CASE("size_in_huge_pages and assign_in_huge_pages give n values, in marked room when grown") {
  std::vector<float> grid;
  assign_in_huge_pages(grid, size_t{4} << 20, 2.5f);  // 16 MB: whole 2 MB pages inside
  REQUIRE(grid.size() == size_t{4} << 20);
  CHECK(std::all_of(grid.begin(), grid.end(), [](float v) { return v == 2.5f; }));
  const std::string mode = thp_mode();
  if (mode == "madvise" || mode == "always")
    CHECK(thp_eligible(grid.data() + grid.size() / 2) == 1);

  // Room enough already: the same block is reused, sized or refilled as asked.
  const float* block = grid.data();
  size_in_huge_pages(grid, 1000);
  CHECK(grid.size() == 1000);
  CHECK(grid.data() == block);
  assign_in_huge_pages(grid, 2000, 0.0f);
  CHECK(grid.data() == block);
  CHECK(std::all_of(grid.begin(), grid.end(), [](float v) { return v == 0.0f; }));

  // Growing past the room: what it held is not kept, and the n values are value-initialised.
  std::vector<int32_t> counts(3, 9);
  size_in_huge_pages(counts, 100);
  REQUIRE(counts.size() == 100);
  CHECK(counts.capacity() >= 100);
  CHECK(std::all_of(counts.begin(), counts.end(), [](int32_t v) { return v == 0; }));
}
