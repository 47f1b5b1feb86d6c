// copy_viewer: the output folder gets the page, its modules and the npm builds it imports, and
// a clear error names the fix when the viewer's packages are not installed.
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
    write(viewer / "page" / "app.mjs", "export {};");
    write(viewer / "page" / "icons" / "marker.svg", "<svg/>");
    if (with_packages) {
      for (const char* file :
           {"maplibre-gl/dist/maplibre-gl.mjs", "maplibre-gl/dist/maplibre-gl-worker.mjs",
            "maplibre-gl/dist/maplibre-gl.css", "maplibre-gl/LICENSE.txt",
            "pmtiles/dist/esm/index.js", "fflate/esm/browser.js", "fflate/LICENSE"}) {
        write(viewer / "node_modules" / file, std::string("content of ") + file);
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
  write(fake.out / "wards.json", "{\"keep\": true}");
  hotspot::serve::copy_viewer(fake.out.string());
  CHECK(read(fake.out / "index.html") == "<!doctype html>page");
  CHECK(read(fake.out / "app.mjs") == "export {};");
  CHECK(read(fake.out / "icons" / "marker.svg") == "<svg/>");
  CHECK(read(fake.out / "vendor" / "maplibre-gl.mjs") ==
        "content of maplibre-gl/dist/maplibre-gl.mjs");
  CHECK(read(fake.out / "vendor" / "maplibre-gl-worker.mjs") ==
        "content of maplibre-gl/dist/maplibre-gl-worker.mjs");
  CHECK(read(fake.out / "vendor" / "pmtiles.mjs") == "content of pmtiles/dist/esm/index.js");
  CHECK(read(fake.out / "vendor" / "fflate.mjs") == "content of fflate/esm/browser.js");
  CHECK(read(fake.out / "wards.json") == "{\"keep\": true}");
  CHECK(read(fake.out / "config.json").find("basemap_style_url") != std::string::npos);
}

TEST_CASE("copy_viewer keeps a config.json the user wrote") {
  FakeViewer fake;
  write(fake.out / "config.json",
        "{\"basemap_style_url\": \"https://example.invalid/style.json\"}");
  hotspot::serve::copy_viewer(fake.out.string());
  CHECK(read(fake.out / "config.json") ==
        "{\"basemap_style_url\": \"https://example.invalid/style.json\"}");
}

TEST_CASE("copy_viewer says how to install the packages when node_modules is missing") {
  FakeViewer fake(false);
  try {
    hotspot::serve::copy_viewer(fake.out.string());
    FAIL("copy_viewer did not throw");
  } catch (const hotspot::ConfigError& error) {
    CHECK_THAT(error.what(), Catch::Contains("run ./run build to install the viewer's packages"));
  }
  CHECK_FALSE(fs::exists(fake.out / "index.html"));
}
