// Freed heap memory handed back to the kernel between a run's stages.
//
// The `hotspot` command keeps freed blocks in its heap for reuse (engine/cli/main.cpp): inside a
// stage that makes and drops the same grid-sized arrays dozens of times, mapping each afresh
// cost a quarter of the CPU in page faults. Between stages the same blocks are garbage: on a
// national run ~1 GB of them was still resident when the GeoPackage and the tiles, where
// memory peaks, started beside each other. A stage boundary is the one place where the next
// allocations are known to be of other shapes, so the heap is trimmed there.
#pragma once

namespace hotspot {

// Gives the kernel back the whole free pages in every heap arena (glibc's malloc_trim, which
// also releases pages inside the heap, not only at its top). Changes no live value; a no-op
// where the C library has no such call.
void return_freed_memory();

}  // namespace hotspot
