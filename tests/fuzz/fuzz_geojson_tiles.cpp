// Fuzzes the GeoJSON reading behind `hotspot tiles` through the public tiles::build_tiles API
// (not the reader's internals, which may change): any bytes either tile or stop with a
// TilesInputError; never a crash, UB or another exception type.
#include <cstdint>

#include "tests/fuzz/fuzz_input_file.hpp"
#include "tiles/tiles.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string path = hotspot::fuzz::input_file(data, size, ".geojson");
  static const std::string out = hotspot::fuzz::scratch_path("tiles.pmtiles");
  hotspot::tiles::TilesOptions options;
  options.min_zoom = 0;
  options.max_zoom = 3;  // enough to cut and clip; deeper zooms only repeat the work
  options.threads = 1;
  try {
    hotspot::tiles::build_tiles({{"layer", path}}, options, out);
  } catch (const hotspot::tiles::TilesInputError&) {
  }
  return 0;
}
