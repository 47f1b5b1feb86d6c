// Whether the `hotspot` program places the blocks the library marks (WholeHugePages) on whole
// 2 MB pages: see large_allocations.cpp for why only some commands ask.
#pragma once

namespace hotspot::cli {

// From now on, for the rest of the process. Call before the work starts.
void place_marked_blocks_on_whole_huge_pages();

}  // namespace hotspot::cli
