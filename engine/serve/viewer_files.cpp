#include "engine/serve/viewer_files.hpp"

#include <cstdlib>
#include <filesystem>
#include <string_view>

#include "engine/core/atomic_file.hpp"
#include "engine/core/errors.hpp"

namespace hotspot::serve {
namespace fs = std::filesystem;

namespace {

struct VendorFile {
  std::string_view package_path;  // under viewer/node_modules
  std::string_view output_name;   // under out_dir/vendor
};

// The page imports exactly these (index.html maps the bare "fflate" import of pmtiles onto
// vendor/fflate.mjs); maplibre-gl.mjs loads its worker from the same folder by name.
constexpr VendorFile kVendorFiles[] = {
    {"maplibre-gl/dist/maplibre-gl.mjs", "maplibre-gl.mjs"},
    {"maplibre-gl/dist/maplibre-gl-worker.mjs", "maplibre-gl-worker.mjs"},
    {"maplibre-gl/dist/maplibre-gl.css", "maplibre-gl.css"},
    {"maplibre-gl/LICENSE.txt", "LICENSE-maplibre-gl.txt"},
    {"pmtiles/dist/esm/index.js", "pmtiles.mjs"},
    {"fflate/esm/browser.js", "fflate.mjs"},
    {"fflate/LICENSE", "LICENSE-fflate.txt"},
};

constexpr std::string_view kDefaultConfig =
    "{\n"
    "  \"basemap_style_url\": null,\n"
    "  \"title\": null\n"
    "}\n";

}  // namespace

std::string viewer_source_dir() {
  if (const char* configured = std::getenv("HOTSPOT_VIEWER_DIR"); configured && *configured) {
    return configured;
  }
  return HOTSPOT_SOURCE_DIR "/viewer";
}

void copy_viewer(const std::string& out_dir) {
  const fs::path viewer = viewer_source_dir();
  const fs::path page = viewer / "page";
  const fs::path packages = viewer / "node_modules";
  if (!fs::is_regular_file(page / "index.html")) {
    throw ConfigError("the viewer page is not at " + page.string() +
                      "; set HOTSPOT_VIEWER_DIR to the viewer/ folder of a Hotspot checkout");
  }
  if (!fs::is_directory(packages)) {
    throw ConfigError("the viewer's npm packages are not installed in " + packages.string() +
                      ": run ./run build to install the viewer's packages");
  }
  const fs::path out = out_dir;
  fs::create_directories(out / "vendor");
  for (const VendorFile& vendor : kVendorFiles) {
    const fs::path source = packages / vendor.package_path;
    if (!fs::is_regular_file(source)) {
      throw ConfigError("the viewer's npm packages are incomplete (" + source.string() +
                        " is missing): run ./run build to install the viewer's packages");
    }
    fs::copy_file(source, out / "vendor" / vendor.output_name,
                  fs::copy_options::overwrite_existing);
  }
  fs::copy(page, out, fs::copy_options::recursive | fs::copy_options::overwrite_existing);
  if (!fs::exists(out / "config.json")) {
    write_file_atomically((out / "config.json").string(), std::string(kDefaultConfig));
  }
}

}  // namespace hotspot::serve
