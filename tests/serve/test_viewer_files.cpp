// copy_viewer: the output folder gets the page, the built bundle and glyphs, and data.js for
// opening from disk; a clear error names the fix when the viewer is not built.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include "engine/core/errors.hpp"
#include "engine/serve/viewer_files.hpp"

namespace fs = std::filesystem;

namespace {

void write(const fs::path& path, const std::string& content) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << content;
}

std::string read(const fs::path& path) {
  std::ifstream stream(path, std::ios::binary);
  std::stringstream buffer;
  buffer << stream.rdbuf();
  return buffer.str();
}

// A stand-in viewer/ folder with a page and the npm files copy_viewer needs; HOTSPOT_VIEWER_DIR
// points at it while the test runs.
struct FakeViewer {
  fs::path base = fs::temp_directory_path() /
                  ("hotspot-viewer-files-" + std::to_string(std::random_device{}()));
  fs::path viewer = base / "viewer";
  fs::path out = base / "out";

  explicit FakeViewer(bool with_packages = true) {
    write(viewer / "page" / "index.html", "<!doctype html>page");
    write(viewer / "page" / "style.css", "body {}");
    write(viewer / "page" / "app.mjs", "export {};");
    if (with_packages) {
      for (const char* file : {"hotspot-viewer.js", "maplibre-gl-worker.js", "maplibre-gl.css",
                               "fonts/DejaVu Sans Book/0-255.pbf", "fonts/glyphs-inline.js"}) {
        write(viewer / "dist" / file, std::string("content of ") + file);
      }
    }
    setenv("HOTSPOT_VIEWER_DIR", viewer.c_str(), 1);
  }
  ~FakeViewer() {
    unsetenv("HOTSPOT_VIEWER_DIR");
    std::error_code ignored;
    fs::remove_all(base, ignored);
  }
};

}  // namespace

TEST_CASE("the viewer folder is found through HOTSPOT_VIEWER_DIR") {
  FakeViewer fake;
  CHECK(hotspot::serve::viewer_source_dir() == fake.viewer.string());
}

TEST_CASE("copy_viewer makes the output folder self-contained") {
  FakeViewer fake;
  write(fake.out / "wards.json", "{\"layers\": [{\"name\": \"burglary\"}], \"keep\": true}");
  write(fake.out / "density" / "burglary.json", "{\"layer\": \"burglary\"}");
  write(fake.out / "density" / "burglary.png", "PNG");
  hotspot::serve::copy_viewer(fake.out.string());
  CHECK(read(fake.out / "index.html") == "<!doctype html>page");
  CHECK(read(fake.out / "style.css") == "body {}");
  CHECK_FALSE(fs::exists(fake.out / "app.mjs"));  // bundled into vendor/hotspot-viewer.js
  CHECK(read(fake.out / "vendor" / "hotspot-viewer.js") == "content of hotspot-viewer.js");
  CHECK(read(fake.out / "vendor" / "fonts" / "DejaVu Sans Book" / "0-255.pbf") ==
        "content of fonts/DejaVu Sans Book/0-255.pbf");
  CHECK(read(fake.out / "wards.json").find("\"keep\": true") != std::string::npos);
  CHECK(read(fake.out / "config.json").find("basemap_style_url") != std::string::npos);
  // data.js carries the data inline for file://, the picture as a data URL ("PNG" in base64).
  const std::string data = read(fake.out / "data.js");
  CHECK(data.find("window.HOTSPOT_DATA = {") != std::string::npos);
  CHECK(data.find("\"wards_json\": {\"layers\"") != std::string::npos);
  CHECK(data.find("\"hotspots\": null") != std::string::npos);
  CHECK(data.find("data:image/png;base64,UE5H") != std::string::npos);
}

TEST_CASE("copy_viewer records the basemap in config.json, keeping the user's other keys") {
  FakeViewer fake;
  write(fake.out / "config.json", "{\"title\": \"Mine\"}");
  hotspot::serve::BasemapSettings basemap;
  basemap.pmtiles = "basemap.pmtiles";
  hotspot::serve::copy_viewer(fake.out.string(), basemap);
  const std::string config = read(fake.out / "config.json");
  CHECK(config.find("\"title\": \"Mine\"") != std::string::npos);
  CHECK(config.find("\"basemap_pmtiles\": \"basemap.pmtiles\"") != std::string::npos);
}

TEST_CASE("copy_viewer keeps a config.json the user wrote") {
  FakeViewer fake;
  write(fake.out / "config.json",
        "{\"basemap_style_url\": \"https://example.invalid/style.json\"}");
  hotspot::serve::copy_viewer(fake.out.string());
  CHECK(read(fake.out / "config.json") ==
        "{\"basemap_style_url\": \"https://example.invalid/style.json\"}");
}

TEST_CASE("copy_viewer says how to build the viewer when its bundle is missing") {
  FakeViewer fake(false);
  try {
    hotspot::serve::copy_viewer(fake.out.string());
    FAIL("copy_viewer did not throw");
  } catch (const hotspot::ConfigError& error) {
    CHECK_THAT(error.what(), Catch::Contains("npm ci && npm run build in viewer/"));
  }
  CHECK_FALSE(fs::exists(fake.out / "index.html"));
}
