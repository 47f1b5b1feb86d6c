// Grid rules, the study-area mask and edge correction, the GeoTIFF writer and the automatic
// bandwidth.
#include <gdal.h>
#include <ogr_srs_api.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "engine/core/errors.hpp"
#include "engine/core/gdal_init.hpp"
#include "engine/density/bandwidth_cv.hpp"
#include "engine/density/geotiff.hpp"
#include "engine/density/grid_choice.hpp"

using namespace hotspot;
using namespace hotspot::density;

TEST_CASE("the default grid is the shorter side over 150 and the bandwidth five cells") {
  const Box extent{Point{500000, 100000}, Point{515000, 106000}};
  const GridChoice choice = choose_grid(extent, std::nullopt, std::nullopt);
  CHECK(choice.spec.cell_size_m == Approx(40.0));
  CHECK(choice.bandwidth_m == Approx(200.0));
  CHECK(choice.spec.columns == 375);
  CHECK(choice.spec.rows == 150);
  CHECK(choice.spec.xmin == 500000);
  CHECK(choice.notes.empty());
}

TEST_CASE("a bandwidth under one cell and a huge grid are reported in notes") {
  const Box extent{Point{0, 0}, Point{100000, 100000}};
  const GridChoice small = choose_grid(extent, 100.0, 50.0);
  REQUIRE(small.notes.size() == 1);
  CHECK(small.notes[0].find("under one cell") != std::string::npos);
  const GridChoice huge = choose_grid(extent, 1.0, std::nullopt, 1'000'000);
  CHECK(huge.spec.cell_count() <= 1'000'000);
  REQUIRE(!huge.notes.empty());
  CHECK(huge.notes[0].find("raised") != std::string::npos);
}

TEST_CASE("cells outside the study area are nodata and edge correction restores edge cells") {
  const GridSpec spec{0, 0, 10, 60, 40};
  // Study area: the western half of the grid.
  std::vector<uint8_t> inside(spec.cell_count(), 0);
  for (int32_t row = 0; row < spec.rows; ++row)
    for (int32_t column = 0; column < 30; ++column) inside[spec.index(column, row)] = 1;
  // Points spread evenly over the study area: the true density is uniform inside it.
  std::vector<double> x, y;
  for (int32_t row = 0; row < spec.rows; ++row)
    for (int32_t column = 0; column < 30; ++column) {
      x.push_back(spec.centre_x(column));
      y.push_back(spec.centre_y(row));
    }
  KdeOptions options;
  options.bandwidth_m = 50;
  DensityGrid plain = estimate_density(x, y, spec, options);
  DensityGrid corrected = plain;
  apply_study_area(plain, inside, false, options);
  apply_study_area(corrected, inside, true, options);
  CHECK(std::isnan(plain.density_per_km2[spec.index(45, 20)]));
  const double truth = 1e6 / (10.0 * 10.0);  // one point per 100 m² cell
  // Next to the cut edge the plain estimate loses about half its mass; the corrected one not.
  CHECK(plain.density_per_km2[spec.index(29, 20)] < 0.7 * truth);
  CHECK(corrected.density_per_km2[spec.index(29, 20)] == Approx(truth).epsilon(0.02));
  CHECK(corrected.density_per_km2[spec.index(15, 20)] == Approx(truth).epsilon(0.02));
}

TEST_CASE("the GeoTIFF is north-up with the standard geotransform, nodata and metadata") {
  ensure_gdal_registered();
  DensityGrid grid;
  grid.spec = GridSpec{530000, 180000, 50, 4, 3};
  grid.density_per_km2 = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, DensityGrid::kNoData};
  const std::string path =
      (std::filesystem::temp_directory_path() / "hotspot_density_test.tif").string();
  write_density_geotiff(grid, "EPSG:27700", path, {{"KERNEL", "quartic"}, {"BANDWIDTH_M", "250"}});
  GDALDatasetH dataset = GDALOpen(path.c_str(), GA_ReadOnly);
  REQUIRE(dataset != nullptr);
  double transform[6];
  GDALGetGeoTransform(dataset, transform);
  CHECK(transform[0] == 530000);
  CHECK(transform[3] == 180150);
  CHECK(transform[1] == 50);
  CHECK(transform[5] == -50);
  CHECK(std::string(GDALGetMetadataItem(dataset, "KERNEL", nullptr)) == "quartic");
  CHECK(std::string(GDALGetProjectionRef(dataset)).find("British National Grid") !=
        std::string::npos);
  GDALRasterBandH band = GDALGetRasterBand(dataset, 1);
  int has_nodata = 0;
  CHECK(GDALGetRasterNoDataValue(band, &has_nodata) == kGeoTiffNoData);
  CHECK(has_nodata);
  float values[12];
  REQUIRE(GDALRasterIO(band, GF_Read, 0, 0, 4, 3, values, 4, 3, GDT_Float32, 0, 0) == CE_None);
  CHECK(values[0] == 9);  // first file row = northern grid row 2
  CHECK(values[3] == kGeoTiffNoData);
  CHECK(values[8] == 1);  // last file row = southern grid row 0
  GDALClose(dataset);
  std::filesystem::remove(path);
}

TEST_CASE("a GeoTIFF of several tiles, with part-filled edge tiles, reads back cell for cell") {
  ensure_gdal_registered();
  // 600 x 300 cells: three columns and two rows of 256-cell tiles, the last of each part-filled.
  DensityGrid grid;
  grid.spec = GridSpec{530000, 180000, 10, 600, 300};
  grid.density_per_km2.resize(grid.spec.cell_count());
  for (size_t i = 0; i < grid.density_per_km2.size(); ++i)
    grid.density_per_km2[i] = i % 997 == 0 ? DensityGrid::kNoData : double(i);
  const std::string path =
      (std::filesystem::temp_directory_path() / "hotspot_density_tiles_test.tif").string();
  for (int threads : {1, 2}) {
    write_density_geotiff(grid, "EPSG:27700", path, {}, threads);
    GDALDatasetH dataset = GDALOpen(path.c_str(), GA_ReadOnly);
    REQUIRE(dataset != nullptr);
    GDALRasterBandH band = GDALGetRasterBand(dataset, 1);
    int block_columns = 0, block_rows = 0;
    GDALGetBlockSize(band, &block_columns, &block_rows);
    CHECK(block_columns == 256);
    CHECK(block_rows == 256);
    std::vector<float> values(grid.spec.cell_count());
    REQUIRE(GDALRasterIO(band, GF_Read, 0, 0, 600, 300, values.data(), 600, 300, GDT_Float32, 0,
                         0) == CE_None);
    GDALClose(dataset);
    size_t wrong = 0;
    for (int32_t row = 0; row < 300; ++row)
      for (int32_t column = 0; column < 600; ++column) {
        const size_t cell = grid.spec.index(column, row);
        const float expected = cell % 997 == 0 ? kGeoTiffNoData : float(cell);
        wrong += values[grid.spec.index(column, 299 - row)] != expected;  // file rows run north
      }
    CHECK(wrong == 0);
  }
  std::filesystem::remove(path);
}

TEST_CASE("the GeoTIFF's CRS, units and metadata read back through GDAL as written") {
  ensure_gdal_registered();
  DensityGrid grid;
  grid.spec = GridSpec{430000, 5700000, 25, 3, 2};
  grid.density_per_km2 = {0.5, 1e-30, 3e30, DensityGrid::kNoData, 0, -0.0};
  const std::string path =
      (std::filesystem::temp_directory_path() / "hotspot_density_crs_test.tif").string();
  // A category name with XML's special characters, and a risk surface's own units.
  write_density_geotiff(grid, "EPSG:32630", path,
                        {{"CATEGORY", "theft & \"shoplifting\" <all>"}, {"UNITS", "risk"}});
  GDALDatasetH dataset = GDALOpen(path.c_str(), GA_ReadOnly);
  REQUIRE(dataset != nullptr);
  OGRSpatialReferenceH srs = OSRNewSpatialReference(GDALGetProjectionRef(dataset));
  REQUIRE(srs != nullptr);
  CHECK(std::string(OSRGetAuthorityName(srs, nullptr)) == "EPSG");
  CHECK(std::string(OSRGetAuthorityCode(srs, nullptr)) == "32630");
  OSRDestroySpatialReference(srs);
  CHECK(std::string(GDALGetMetadataItem(dataset, "CATEGORY", nullptr)) ==
        "theft & \"shoplifting\" <all>");
  CHECK(std::string(GDALGetMetadataItem(dataset, "UNITS", nullptr)) == "risk");
  CHECK(std::string(GDALGetMetadataItem(dataset, "AREA_OR_POINT", nullptr)) == "Area");
  GDALRasterBandH band = GDALGetRasterBand(dataset, 1);
  CHECK(std::string(GDALGetRasterUnitType(band)) == "risk");
  CHECK(std::string(GDALGetMetadataItem(dataset, "COMPRESSION", "IMAGE_STRUCTURE")) == "DEFLATE");
  CHECK(std::string(GDALGetMetadataItem(dataset, "PREDICTOR", "IMAGE_STRUCTURE")) == "3");
  float values[6];
  REQUIRE(GDALRasterIO(band, GF_Read, 0, 0, 3, 2, values, 3, 2, GDT_Float32, 0, 0) == CE_None);
  // File row 0 is grid row 1 (north); the tiny, huge and negative-zero floats survive exactly.
  CHECK(values[0] == kGeoTiffNoData);
  CHECK(values[1] == 0.0f);
  CHECK(std::signbit(values[2]));
  CHECK(values[3] == 0.5f);
  CHECK(values[4] == 1e-30f);
  CHECK(values[5] == 3e30f);
  GDALClose(dataset);
  std::filesystem::remove(path);
}

TEST_CASE("the GeoTIFF is the same file whatever the thread count") {
  DensityGrid grid;
  grid.spec = GridSpec{530000, 180000, 10, 700, 520};  // 3 x 3 tiles, the edge ones part-filled
  grid.density_per_km2.resize(grid.spec.cell_count());
  std::mt19937 random(7);
  std::uniform_real_distribution<double> uniform(0, 500);
  for (double& value : grid.density_per_km2) value = uniform(random);
  const auto folder = std::filesystem::temp_directory_path();
  auto bytes = [](const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  write_density_geotiff(grid, "EPSG:27700", (folder / "hotspot_threads_1.tif").string(), {}, 1);
  write_density_geotiff(grid, "EPSG:27700", (folder / "hotspot_threads_2.tif").string(), {}, 2);
  const std::string one = bytes(folder / "hotspot_threads_1.tif");
  CHECK(one.size() > 1000);
  CHECK(one == bytes(folder / "hotspot_threads_2.tif"));
  std::filesystem::remove(folder / "hotspot_threads_1.tif");
  std::filesystem::remove(folder / "hotspot_threads_2.tif");
}

TEST_CASE("a GeoTIFF that cannot be written is an IoError and leaves nothing behind") {
  DensityGrid grid;
  grid.spec = GridSpec{530000, 180000, 10, 4, 3};
  grid.density_per_km2.assign(grid.spec.cell_count(), 1.0);
  const auto folder = std::filesystem::temp_directory_path() / "hotspot_geotiff_readonly";
  std::filesystem::remove_all(folder);
  std::filesystem::create_directories(folder);
  const std::string missing = (folder / "no such folder" / "density.tif").string();
  CHECK_THROWS_AS(write_density_geotiff(grid, "EPSG:27700", missing, {}), IoError);
  // Not a projected CRS with an EPSG code: a caller's mistake, not the user's.
  CHECK_THROWS_AS(write_density_geotiff(grid, "EPSG:4326", (folder / "d.tif").string(), {}),
                  std::invalid_argument);
  CHECK(std::filesystem::is_empty(folder));
  std::filesystem::remove_all(folder);
}

TEST_CASE("cross-validation picks a wider bandwidth for more spread-out points") {
  auto pick = [](double spread_m) {
    std::mt19937_64 random(5);
    std::normal_distribution<double> normal(0, spread_m);
    std::vector<double> x, y;
    for (int i = 0; i < 2000; ++i) {
      x.push_back(normal(random));
      y.push_back(normal(random));
    }
    return cross_validated_bandwidth(x, y, Kernel::quartic, 10, 2000, 16).bandwidth_m;
  };
  const double narrow = pick(50), wide = pick(400);
  CHECK(narrow > 10);
  CHECK(wide < 2000);
  // Bandwidths scale with the data: 8× the spread gives roughly 8× the bandwidth.
  CHECK(wide / narrow == Approx(8).epsilon(0.35));
}
