// The density picture and the print maps: the colour ramp against hand-computed values, the
// warped PNG read back with GDAL (clear outside the study area, its peak where the grid's peak
// is, its corners where PROJ puts the grid's corners), and SVG text escaped and kept in frame.
#include <gdal.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>

#include "engine/core/crs.hpp"
#include "engine/core/gdal_init.hpp"
#include "engine/output/density_image.hpp"
#include "engine/output/svg_map.hpp"

namespace fs = std::filesystem;
using namespace hotspot;
using namespace hotspot::output;

namespace {

fs::path temp_dir() {
  const fs::path dir = fs::temp_directory_path() /
                       ("hotspot-density-image-" + std::to_string(std::random_device{}()));
  fs::create_directories(dir);
  return dir;
}

// 40 × 30 cells of 100 m near Southend (British National Grid); one peak at column 30, row 20;
// the western 5 columns are outside the study area (NaN).
DensityGrid peaked_grid() {
  DensityGrid grid;
  grid.spec = GridSpec{585000, 185000, 100, 40, 30};
  grid.density_per_km2.resize(grid.spec.cell_count());
  for (int32_t row = 0; row < 30; ++row)
    for (int32_t column = 0; column < 40; ++column) {
      const double d2 = (column - 30) * (column - 30) + (row - 20) * (row - 20);
      grid.density_per_km2[grid.spec.index(column, row)] =
          column < 5 ? DensityGrid::kNoData : 200 * std::exp(-d2 / 8.0);
    }
  return grid;
}

}  // namespace

TEST_CASE("the density ramp is clear at zero, darkest at the peak and linear between stops") {
  const auto stops = density_ramp(100);
  REQUIRE(stops.size() == 6);
  CHECK(stops[1].density_per_km2 == Approx(4));  // (1/5)² of the peak
  CHECK(stops[2].density_per_km2 == Approx(16));
  CHECK(stops[5].density_per_km2 == Approx(100));
  CHECK(ramp_colour(stops, 0)[3] == 0);
  CHECK(ramp_colour(stops, -1)[3] == 0);
  CHECK(ramp_colour(stops, 250) == stops[5].rgba);
  // Half way from 4 to 16: each channel half way between the two stops' values.
  const auto middle = ramp_colour(stops, 10);
  for (size_t c = 0; c < 4; ++c)
    CHECK(middle[c] == std::lround((stops[1].rgba[c] + stops[2].rgba[c]) / 2.0));
  CHECK(density_ramp(0).empty());
}

TEST_CASE("the density picture is Web Mercator, clear outside the area, peaked where the grid is") {
  const fs::path dir = temp_dir();
  const DensityGrid grid = peaked_grid();
  const DensityImage image = write_density_image(grid, "EPSG:27700", "burglary", dir.string());
  REQUIRE(fs::exists(dir / "burglary.png"));
  REQUIRE(fs::exists(dir / "burglary.json"));
  CHECK_FALSE(fs::exists(dir / "burglary.png.aux.xml"));

  std::ifstream stream(dir / "burglary.json");
  std::stringstream text;
  text << stream.rdbuf();
  const auto json = nlohmann::json::parse(text.str());
  CHECK(json["units"] == "incidents per km²");
  CHECK(json["width"] == image.width);
  CHECK(json["coordinates"].size() == 4);

  // The corners enclose the grid's own corners, transformed independently, within two cells.
  double xs[4] = {grid.spec.xmin, grid.spec.xmax(), grid.spec.xmax(), grid.spec.xmin};
  double ys[4] = {grid.spec.ymax(), grid.spec.ymax(), grid.spec.ymin, grid.spec.ymin};
  CoordinateTransform to_lonlat("EPSG:27700", "EPSG:4326");
  to_lonlat.transform(xs, ys, 4);
  const double west = image.corners_lonlat[0][0], north = image.corners_lonlat[0][1];
  const double east = image.corners_lonlat[2][0], south = image.corners_lonlat[2][1];
  const double cell_deg = 0.003;  // about two 100 m cells at 51.5°N
  for (size_t k = 0; k < 4; ++k) {
    CHECK(xs[k] >= west - cell_deg);
    CHECK(xs[k] <= east + cell_deg);
    CHECK(ys[k] >= south - cell_deg);
    CHECK(ys[k] <= north + cell_deg);
  }

  ensure_gdal_registered();
  GDALDatasetH png = GDALOpen((dir / "burglary.png").c_str(), GA_ReadOnly);
  REQUIRE(png);
  REQUIRE(GDALGetRasterCount(png) == 4);
  const int width = GDALGetRasterXSize(png), height = GDALGetRasterYSize(png);
  CHECK(width == image.width);
  CHECK(width > grid.spec.columns);  // finer than the cells: a smooth surface
  std::vector<uint8_t> alpha(static_cast<size_t>(width) * static_cast<size_t>(height));
  REQUIRE(GDALRasterIO(GDALGetRasterBand(png, 4), GF_Read, 0, 0, width, height, alpha.data(), width,
                       height, GDT_Byte, 0, 0) == CE_None);
  GDALClose(png);
  // The western eighth (outside the area) is clear.
  for (int row = 0; row < height; ++row)
    for (int column = 0; column < width / 10; ++column)
      REQUIRE(alpha[static_cast<size_t>(row) * static_cast<size_t>(width) +
                    static_cast<size_t>(column)] == 0);
  // The most opaque pixel lies at the grid's peak (cell 30, 20), within two cells.
  const auto peak = std::max_element(alpha.begin(), alpha.end()) - alpha.begin();
  const double fx = (double(peak % width) + 0.5) / width,
               fy = (double(peak / width) + 0.5) / height;
  double px = grid.spec.centre_x(30), py = grid.spec.centre_y(20);
  to_lonlat.transform(&px, &py, 1);
  // Web Mercator is linear in longitude, and close enough to linear in latitude over 3 km.
  CHECK(west + fx * (east - west) == Approx(px).margin(cell_deg));
  CHECK(north + fy * (south - north) == Approx(py).margin(cell_deg));
  fs::remove_all(dir);
}

TEST_CASE("the density picture is the same whatever the number of warp threads") {
  // A grid large enough for the warp to split its rows between threads: ridges and a hole.
  DensityGrid grid;
  grid.spec = GridSpec{560000, 170000, 100, 600, 450};
  grid.density_per_km2.resize(grid.spec.cell_count());
  for (int32_t row = 0; row < grid.spec.rows; ++row)
    for (int32_t column = 0; column < grid.spec.columns; ++column)
      grid.density_per_km2[grid.spec.index(column, row)] =
          (column - 300) * (column - 300) + (row - 200) * (row - 200) < 900
              ? DensityGrid::kNoData
              : 50 + 40 * std::sin(column / 17.0) * std::cos(row / 23.0);
  auto bytes = [](const fs::path& path) {
    std::ifstream stream(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(stream), {});
  };
  const fs::path one = temp_dir(), three = temp_dir();
  const DensityImage single = write_density_image(grid, "EPSG:27700", "asb", one.string(), 1);
  const DensityImage threaded = write_density_image(grid, "EPSG:27700", "asb", three.string(), 3);
  CHECK(single.width == threaded.width);
  CHECK(single.height == threaded.height);
  CHECK(single.width > grid.spec.columns);
  const std::string png = bytes(one / "asb.png");
  CHECK(png.size() > 1000);
  CHECK(png == bytes(three / "asb.png"));
  CHECK(bytes(one / "asb.json") == bytes(three / "asb.json"));
  fs::remove_all(one);
  fs::remove_all(three);
}

TEST_CASE("print maps escape text and draw no label outside the frame") {
  CHECK(xml_escape("<b>&\"'") == "&lt;b&gt;&amp;&quot;&#39;");
  const std::vector<MultiPolygon> wards;
  SvgMap map;
  map.frame = Box{Point{0, 0}, Point{1000, 1000}};
  map.width_px = 200;
  map.height_px = 200;
  map.wards = &wards;
  map.labels = {{"street", "<b>Castle Street", 10, 500, 500},
                {"street", "Far Away Road", 20, 5000, 5000},
                {"street", "Castle Mews", 5, 505, 505}};  // collides with Castle Street
  const std::string svg = draw_svg_map(map);
  CHECK(svg.find("&lt;b&gt;Castle Street") != std::string::npos);
  CHECK(svg.find("<b>") == std::string::npos);
  CHECK(svg.find("Far Away Road") == std::string::npos);
  CHECK(svg.find("Castle Mews") == std::string::npos);
  CHECK(svg.find("200 m") != std::string::npos);  // the scale bar: a fifth of 1 km, rounded
}
