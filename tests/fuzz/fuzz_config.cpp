// Fuzzes the configuration reader (engine/analyse/config.cpp, analyse::load_config): any bytes
// either load or stop with a hotspot::Error (ConfigError, InputError); never a crash, UB or an
// exception the command line would report as an internal error.
#include <cstdint>

#include "engine/analyse/analyse.hpp"
#include "engine/core/errors.hpp"
#include "tests/fuzz/fuzz_input_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string path = hotspot::fuzz::input_file(data, size, ".toml");
  hotspot::analyse::AnalyseOptions options;
  try {
    hotspot::analyse::load_config(path, options);
  } catch (const hotspot::Error&) {
  }
  return 0;
}
