#include "engine/serve/viewer_files.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string_view>

#include "engine/core/atomic_file.hpp"
#include "engine/core/errors.hpp"
#include "engine/serve/offline_data.hpp"

namespace hotspot::serve {
namespace fs = std::filesystem;

namespace {

// The page's own files; its modules (*.mjs) are bundled into vendor/hotspot-viewer.js.
constexpr std::string_view kPageFiles[] = {"index.html", "style.css"};
constexpr std::string_view kBundle = "hotspot-viewer.js";

nlohmann::ordered_json read_config(const fs::path& path) {
  nlohmann::ordered_json config = {{"basemap_style_url", nullptr}, {"title", nullptr}};
  if (!fs::exists(path)) return config;
  std::ifstream stream(path, std::ios::binary);
  std::stringstream text;
  text << stream.rdbuf();
  try {
    return nlohmann::ordered_json::parse(text.str());
  } catch (const nlohmann::json::exception&) {
    throw ConfigError(path.string() + " is not valid JSON: fix it or delete it to get the default");
  }
}

}  // namespace

std::string viewer_source_dir() {
  if (const char* configured = std::getenv("HOTSPOT_VIEWER_DIR"); configured && *configured) {
    return configured;
  }
  return HOTSPOT_SOURCE_DIR "/viewer";
}

void copy_viewer(const std::string& out_dir, const BasemapSettings& basemap) {
  const fs::path viewer = viewer_source_dir();
  const fs::path page = viewer / "page";
  const fs::path bundle = viewer / "dist";
  if (!fs::is_regular_file(page / "index.html")) {
    throw ConfigError("the viewer page is not at " + page.string() +
                      "; set HOTSPOT_VIEWER_DIR to the viewer/ folder of a Hotspot checkout");
  }
  if (!fs::is_regular_file(bundle / kBundle)) {
    throw ConfigError("the viewer is not built (" + (bundle / kBundle).string() +
                      " is missing): run ./run build, or npm ci && npm run build in viewer/");
  }
  const fs::path out = out_dir;
  fs::create_directories(out / "vendor");
  for (std::string_view file : kPageFiles)
    fs::copy_file(page / file, out / file, fs::copy_options::overwrite_existing);
  fs::copy(bundle, out / "vendor",
           fs::copy_options::recursive | fs::copy_options::overwrite_existing);

  const fs::path config_path = out / "config.json";
  if (!fs::exists(config_path) || !basemap.empty()) {
    nlohmann::ordered_json config = read_config(config_path);
    if (!basemap.empty()) {
      config["basemap_pmtiles"] =
          basemap.pmtiles.empty() ? nullptr : nlohmann::json(basemap.pmtiles);
      config["basemap_style"] = basemap.style.empty() ? nullptr : nlohmann::json(basemap.style);
      config["basemap_style_url"] =
          basemap.style_url.empty() ? nullptr : nlohmann::json(basemap.style_url);
    }
    write_file_atomically(config_path.string(), config.dump(2) + "\n");
  }
  write_offline_data(out_dir);
}

}  // namespace hotspot::serve
