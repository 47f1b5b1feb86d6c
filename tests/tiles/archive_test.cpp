// Whole archives read back with the independent PMTiles reader: header fields, directories,
// metadata, determinism across thread counts, point clustering under a byte budget, errors.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <numeric>
#include <random>
#include <set>

#include "tests/tiles/tiles_test_support.hpp"
#include "tiles/feature_store.hpp"
#include "tiles/pmtiles.hpp"
#include "tiles/tiles.hpp"

using namespace hotspot::tiles;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const std::string kFixture = HOTSPOT_SOURCE_DIR "/tests/tiles/fixtures/mixed.geojson";

std::string temp_path(const std::string& name) {
  const fs::path folder = fs::temp_directory_path() / "hotspot_tiles_test";
  fs::create_directories(folder);
  return (folder / name).string();
}

// `count` points scattered (fixed seed) over about 2 km around Southend.
std::string write_points(const std::string& name, int count) {
  std::mt19937 random(42);
  std::normal_distribution<double> longitude(0.71, 0.01), latitude(51.54, 0.006);
  json features = json::array();
  for (int i = 0; i < count; ++i)
    features.push_back(
        {{"type", "Feature"},
         {"properties", {{"n", i}, {"category", i % 3 == 0 ? "burglary" : "drugs"}}},
         {"geometry",
          {{"type", "Point"}, {"coordinates", {longitude(random), latitude(random)}}}}});
  const std::string path = temp_path(name);
  std::ofstream(path) << json{{"type", "FeatureCollection"}, {"features", features}}.dump();
  return path;
}

// In-memory features as build_tiles takes them: shared, and let go of once read.
std::shared_ptr<const PointFeatures> held(const PointFeatures& points) {
  return std::make_shared<const PointFeatures>(points);
}

}  // namespace

TEST_CASE(
    "a PMTiles archive parses back with the header, directories and metadata the spec asks for") {
  TilesOptions options;
  options.min_zoom = 0;
  options.max_zoom = 14;
  options.name = "Fixture";
  options.attribution = "test";
  const std::string out = temp_path("header.pmtiles");
  const TilesReport report = build_tiles({{"mixed", kFixture}}, options, out);
  const tiles_test::Archive archive(out);

  CHECK(archive.root_offset == 127);
  CHECK(archive.root_offset + archive.root_length <= 16384);
  CHECK(archive.clustered == 1);
  CHECK(archive.internal_compression == 2);
  CHECK(archive.tile_compression == 2);
  CHECK(archive.tile_type == 1);
  CHECK(archive.min_zoom == 0);
  CHECK(archive.max_zoom == 14);
  CHECK(archive.data_offset + archive.data_length == archive.bytes.size());
  CHECK(archive.addressed == archive.tiles.size());
  CHECK(archive.addressed == report.tiles);
  CHECK(archive.contents == report.unique_tiles);
  CHECK(archive.contents <= archive.entries);
  CHECK(archive.entries <= archive.addressed);
  CHECK(report.bytes == archive.bytes.size());
  // The fixture spans 0.58..0.91 E, 51.49..51.63 N.
  CHECK(archive.min_lon_e7 == Approx(0.58e7).margin(1e3));
  CHECK(archive.max_lon_e7 == Approx(0.91e7).margin(1e3));
  CHECK(archive.min_lat_e7 == Approx(51.49e7).margin(1e3));
  CHECK(archive.max_lat_e7 == Approx(51.63e7).margin(1e3));

  SECTION("every zoom from min to max has tiles and each tile is gzipped MVT") {
    std::set<int> zooms;
    for (const auto& [id, bytes] : archive.tiles) {
      int z, x, y;
      tiles_test::tile_id_to_zxy(id, z, x, y);
      zooms.insert(z);
      CHECK(bytes.substr(0, 2) == "\x1f\x8b");
    }
    CHECK(zooms.size() == 15);
  }
  SECTION("the metadata lists the vector layer with typed fields and zooms") {
    const json metadata = json::parse(archive.metadata());
    CHECK(metadata["name"] == "Fixture");
    const json& layer = metadata["vector_layers"].at(0);
    CHECK(layer["id"] == "mixed");
    CHECK(layer["minzoom"] == 0);
    CHECK(layer["maxzoom"] == 14);
    CHECK(layer["fields"]["name"] == "String");
    CHECK(layer["fields"]["count"] == "Number");
    CHECK(layer["fields"]["flag"] == "Boolean");
    CHECK(layer["fields"]["nested"] == "String");
    CHECK(layer["fields"]["point_count"] == "Number");
    CHECK_FALSE(layer["fields"].contains("missing"));
    CHECK(metadata["tiling"]["report"]["notes"].size() == 1);
  }
}

TEST_CASE("the archive is byte-identical whatever the thread count") {
  const std::string points = write_points("determinism.geojson", 3000);
  TilesOptions options;
  options.min_zoom = 8;
  options.max_zoom = 15;
  options.max_tile_bytes = 4096;  // forces clustering, the most order-sensitive step
  std::vector<std::string> archives;
  for (int threads : {1, 2, 3}) {
    options.threads = threads;
    const std::string out = temp_path("threads" + std::to_string(threads) + ".pmtiles");
    build_tiles({{"mixed", kFixture}, {"incidents", points}}, options, out);
    archives.push_back(tiles_test::read_file(out));
  }
  CHECK(archives[0].size() > 1000);
  CHECK(archives[0] == archives[1]);
  CHECK(archives[0] == archives[2]);
}

TEST_CASE("points are clustered below max zoom to fit the byte budget and point_count adds up") {
  const int point_total = 20000;
  const std::string points = write_points("cluster.geojson", point_total);
  TilesOptions options;
  options.min_zoom = 9;
  options.max_zoom = 14;
  options.max_tile_bytes = 8192;
  const std::string out = temp_path("cluster.pmtiles");
  const TilesReport report = build_tiles({{"incidents", points}}, options, out);
  CHECK(report.layers.at(0).clustered_tiles > 0);
  const tiles_test::Archive archive(out);
  std::map<int, int64_t> points_inside_tiles;  // zoom → sum of point_count inside tile bounds
  std::map<int, int64_t> clusters;
  for (const auto& [id, gzipped] : archive.tiles) {
    int z, x, y;
    tiles_test::tile_id_to_zxy(id, z, x, y);
    if (z < 14) CHECK(gzipped.size() <= options.max_tile_bytes);
    GDALDatasetH dataset = tiles_test::open_tile_with_gdal(tiles_test::gunzip(gzipped), z, x, y);
    REQUIRE(dataset != nullptr);
    const double world = 2 * 20037508.342789244, size = world / (1 << z);
    const double min_x = -world / 2 + x * size, max_y = world / 2 - y * size;
    OGRLayerH layer = GDALDatasetGetLayer(dataset, 0);
    while (OGRFeatureH feature = OGR_L_GetNextFeature(layer)) {
      OGRGeometryH point = OGR_F_GetGeometryRef(feature);
      const double local_x = std::round((OGR_G_GetX(point, 0) - min_x) / size * 4096);
      const double local_y = std::round((max_y - OGR_G_GetY(point, 0)) / size * 4096);
      const int count_field = OGR_F_GetFieldIndex(feature, "point_count");  // absent means 1
      const bool counted = count_field >= 0 && OGR_F_IsFieldSetAndNotNull(feature, count_field);
      if (z == 14) CHECK_FALSE(counted);
      if (counted) ++clusters[z];
      if (local_x >= 0 && local_x < 4096 && local_y >= 0 && local_y < 4096)
        points_inside_tiles[z] += counted ? OGR_F_GetFieldAsInteger64(feature, count_field) : 1;
      OGR_F_Destroy(feature);
    }
    GDALClose(dataset);
    tiles_test::forget_tile(z, x, y);
  }
  for (int zoom = 9; zoom <= 14; ++zoom) {
    INFO("zoom " << zoom);
    CHECK(points_inside_tiles[zoom] == point_total);
  }
  CHECK(clusters[9] > 0);
}

TEST_CASE("a zoom that clusters its dense tile clusters its sparse tiles at the same spacing") {
  // A dense town that must be clustered below z14, and far from it (another tile at every zoom
  // here) a village of ten places with two incidents each at the same point: alone, its tile
  // fits unclustered, so only the zoom's own cell can merge each place's two points.
  std::mt19937 random(7);
  std::normal_distribution<double> longitude(0.71, 0.01), latitude(51.54, 0.006);
  json features = json::array();
  auto add = [&](double lon, double lat) {
    features.push_back({{"type", "Feature"},
                        {"properties", {{"n", features.size()}}},
                        {"geometry", {{"type", "Point"}, {"coordinates", {lon, lat}}}}});
  };
  for (int i = 0; i < 20000; ++i) add(longitude(random), latitude(random));
  for (int pair = 0; pair < 10; ++pair) {
    const double lon = -1.9 + 0.0005 * pair, lat = 52.48;  // 35 m apart, in one z14 tile
    add(lon, lat);
    add(lon, lat);
  }
  const std::string points = temp_path("town_and_village.geojson");
  std::ofstream(points) << json{{"type", "FeatureCollection"}, {"features", features}}.dump();
  TilesOptions options;
  options.min_zoom = 9;
  options.max_zoom = 14;
  options.max_tile_bytes = 8192;
  const std::string out = temp_path("village.pmtiles");
  const TilesReport report = build_tiles({{"incidents", points}}, options, out);
  std::map<int, uint64_t> zoom_cell;
  for (const auto& entry : report.layers.at(0).clustering)
    zoom_cell[entry["zoom"].get<int>()] = entry["zoom_cell_tile_units"].get<uint64_t>();
  REQUIRE(zoom_cell.count(9) == 1);
  const tiles_test::Archive archive(out);
  std::map<int, int> village_tiles, single_points;
  std::map<int, int64_t> village_points;
  for (const auto& [id, gzipped] : archive.tiles) {
    int z, x, y;
    tiles_test::tile_id_to_zxy(id, z, x, y);
    const double world = 2 * 20037508.342789244, size = world / (1 << z);
    // Web Mercator of (-1.9°, 52.48°), the village's first place.
    const double village_x = -1.9 * 20037508.342789244 / 180;
    const double village_y =
        std::log(std::tan((90 + 52.48) * M_PI / 360)) * 20037508.342789244 / M_PI;
    if (village_x < -world / 2 + x * size || village_x >= -world / 2 + (x + 1) * size ||
        village_y > world / 2 - y * size || village_y <= world / 2 - (y + 1) * size)
      continue;
    ++village_tiles[z];
    GDALDatasetH dataset = tiles_test::open_tile_with_gdal(tiles_test::gunzip(gzipped), z, x, y);
    REQUIRE(dataset != nullptr);
    OGRLayerH layer = GDALDatasetGetLayer(dataset, 0);
    while (OGRFeatureH feature = OGR_L_GetNextFeature(layer)) {
      const int count_field = OGR_F_GetFieldIndex(feature, "point_count");
      const bool counted = count_field >= 0 && OGR_F_IsFieldSetAndNotNull(feature, count_field);
      village_points[z] += counted ? OGR_F_GetFieldAsInteger64(feature, count_field) : 1;
      if (!counted) ++single_points[z];
      OGR_F_Destroy(feature);
    }
    GDALClose(dataset);
    tiles_test::forget_tile(z, x, y);
  }
  for (int zoom = 9; zoom <= 14; ++zoom) {
    INFO("zoom " << zoom << ", zoom cell " << zoom_cell[zoom]);
    REQUIRE(village_tiles[zoom] == 1);
    CHECK(village_points[zoom] == 20);
    if (zoom_cell[zoom] > 0)
      CHECK(single_points[zoom] == 0);  // clustered like the town: each place one cluster
    else
      CHECK(single_points[zoom] == 20);
  }
  CHECK(zoom_cell[9] > 0);
}

TEST_CASE("a z/x/y folder holds plain MVT tiles and a metadata.json GDAL can read") {
  TilesOptions options;
  options.min_zoom = 10;
  options.max_zoom = 12;
  options.directory_output = true;
  const std::string out = temp_path("folder");
  const TilesReport report = build_tiles({{"mixed", kFixture}}, options, out);
  REQUIRE(fs::exists(fs::path(out) / "metadata.json"));
  const json metadata =
      json::parse(tiles_test::read_file((fs::path(out) / "metadata.json").string()));
  CHECK(json::parse(metadata["json"].get<std::string>())["vector_layers"][0]["id"] == "mixed");
  size_t files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(out))
    if (entry.path().extension() == ".pbf") {
      ++files;
      CHECK(tiles_test::read_file(entry.path().string()).substr(0, 2) != "\x1f\x8b");
    }
  CHECK(files == report.tiles);
  GDALAllRegister();
  GDALDatasetH dataset =
      GDALOpenEx((out + "/12").c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr);
  REQUIRE(dataset != nullptr);
  CHECK(OGR_L_GetFeatureCount(GDALDatasetGetLayerByName(dataset, "mixed"), TRUE) > 0);
  GDALClose(dataset);
}

TEST_CASE("bad input is reported with the file and the reason") {
  TilesOptions options;
  SECTION("a missing file") {
    try {
      build_tiles({{"wards", "/nonexistent/wards.geojson"}}, options, temp_path("x.pmtiles"));
      FAIL("no exception");
    } catch (const TilesInputError& error) {
      CHECK(error.file == "/nonexistent/wards.geojson");
    }
  }
  SECTION("coordinates that are not longitude/latitude") {
    const std::string path = temp_path("projected.geojson");
    std::ofstream(path)
        << R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{},
      "geometry":{"type":"Point","coordinates":[530000,180000]}}]})";
    CHECK_THROWS_WITH(build_tiles({{"p", path}}, options, temp_path("x.pmtiles")),
                      Catch::Contains("projected.geojson") && Catch::Contains("WGS84"));
  }
  SECTION("broken JSON") {
    const std::string path = temp_path("broken.geojson");
    std::ofstream(path) << R"({"type":"FeatureCollection","features":[)";
    CHECK_THROWS_AS(build_tiles({{"p", path}}, options, temp_path("x.pmtiles")), TilesInputError);
  }
  SECTION("a number beyond a double's range is an input error, not a crash") {
    // Found by the fuzzer: nlohmann's parser reports it as out_of_range, not parse_error.
    const std::string path = temp_path("overflow.geojson");
    std::ofstream(path) << R"({"type":"FeatureCollection","features":[{"type":"Feature",
      "properties":{},"geometry":{"type":"Point","coordinates":[0.5,1e999]}}]})";
    CHECK_THROWS_MATCHES(
        build_tiles({{"p", path}}, options, temp_path("x.pmtiles")), TilesInputError,
        Catch::Matchers::Predicate<TilesInputError>([](const TilesInputError& error) {
          const std::string what = error.what();
          return what.find("too large") != std::string::npos &&
                 what.find("1e999") == std::string::npos;
        }));
  }
  SECTION("a GeometryCollection without geometries names the file and the feature") {
    const std::string path = temp_path("collection.geojson");
    std::ofstream(path) << R"({"type":"FeatureCollection","features":[
      {"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[0.7,51.5]}},
      {"type":"Feature","properties":{},"geometry":{"type":"GeometryCollection"}}]})";
    CHECK_THROWS_MATCHES(
        build_tiles({{"p", path}}, options, temp_path("x.pmtiles")), TilesInputError,
        Catch::Matchers::Predicate<TilesInputError>([](const TilesInputError& error) {
          const std::string what = error.what();
          return error.file.find("collection.geojson") != std::string::npos &&
                 what.find("feature 2") != std::string::npos &&
                 what.find("geometries") != std::string::npos;
        }));
  }
  SECTION("10,000 nested GeometryCollections are refused, not a stack overflow") {
    const std::string path = temp_path("nested_collections.geojson");
    std::string geometry = R"({"type":"Point","coordinates":[0.7,51.5]})";
    std::string text =
        R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":)";
    for (int i = 0; i < 10000; ++i) text += R"({"type":"GeometryCollection","geometries":[)";
    text += geometry;
    for (int i = 0; i < 10000; ++i) text += "]}";
    text += "}]}";
    std::ofstream(path) << text;
    CHECK_THROWS_WITH(build_tiles({{"p", path}}, options, temp_path("x.pmtiles")),
                      Catch::Contains("nested_collections.geojson") &&
                          Catch::Contains("feature 1") && Catch::Contains("nested"));
  }
  SECTION("deeply nested properties are refused, not a stack overflow") {
    const std::string path = temp_path("nested_properties.geojson");
    std::string text = R"({"type":"FeatureCollection","features":[
      {"type":"Feature","properties":{"a":1},"geometry":{"type":"Point","coordinates":[0.7,51.5]}},
      {"type":"Feature","geometry":{"type":"Point","coordinates":[0.7,51.5]},"properties":{"deep":)";
    text += std::string(10000, '[') + std::string(10000, ']') + "}}]}";
    std::ofstream(path) << text;
    CHECK_THROWS_WITH(build_tiles({{"p", path}}, options, temp_path("x.pmtiles")),
                      Catch::Contains("nested_properties.geojson") &&
                          Catch::Contains("feature 2") && Catch::Contains("nested"));
  }
  SECTION("zooms out of order") {
    options.min_zoom = 10;
    options.max_zoom = 9;
    CHECK_THROWS_AS(build_tiles({{"p", kFixture}}, options, temp_path("x.pmtiles")),
                    TilesInputError);
  }
}

TEST_CASE("a point layer with a min zoom is in no tile below it and in full from it") {
  // 3,000 points about Southend as columns, over the polygons and lines of the mixed fixture
  // (which keep tiles at every zoom); the points start at zoom 12 of an archive from zoom 9.
  std::mt19937 random(7);
  std::normal_distribution<double> longitude(0.71, 0.01), latitude(51.54, 0.006);
  PointLayerInput points;
  points.name = "incidents";
  points.min_zoom = 12;
  PointProperty category{"category", PointProperty::Kind::string, {"burglary", "drugs"}, {}};
  const int point_total = 3000;
  for (int i = 0; i < point_total; ++i) {
    points.longitudes_deg.push_back(longitude(random));
    points.latitudes_deg.push_back(latitude(random));
    category.values.push_back(i % 3 == 0 ? 0 : 1);
  }
  points.properties = {category};
  TilesOptions options;
  options.min_zoom = 9;
  options.max_zoom = 14;
  const std::string out = temp_path("point_min_zoom.pmtiles");

  SECTION("tiles and metadata") {
    build_tiles({{"mixed", kFixture}}, {points}, options, out);
    const tiles_test::Archive archive(out);
    std::map<int, int64_t> points_inside_tiles;  // zoom → sum of point_count inside tile bounds
    std::set<int> zooms_with_tiles;
    for (const auto& [id, gzipped] : archive.tiles) {
      int z, x, y;
      tiles_test::tile_id_to_zxy(id, z, x, y);
      zooms_with_tiles.insert(z);
      GDALDatasetH dataset = tiles_test::open_tile_with_gdal(tiles_test::gunzip(gzipped), z, x, y);
      REQUIRE(dataset != nullptr);
      OGRLayerH layer = GDALDatasetGetLayerByName(dataset, "incidents");
      INFO("tile " << z << "/" << x << "/" << y);
      if (z < 12) CHECK(layer == nullptr);
      const double world = 2 * 20037508.342789244, size = world / (1 << z);
      const double min_x = -world / 2 + x * size, max_y = world / 2 - y * size;
      while (layer != nullptr) {
        OGRFeatureH feature = OGR_L_GetNextFeature(layer);
        if (feature == nullptr) break;
        OGRGeometryH point = OGR_F_GetGeometryRef(feature);
        const double local_x = std::round((OGR_G_GetX(point, 0) - min_x) / size * 4096);
        const double local_y = std::round((max_y - OGR_G_GetY(point, 0)) / size * 4096);
        const int count_field = OGR_F_GetFieldIndex(feature, "point_count");  // absent means 1
        const bool counted = count_field >= 0 && OGR_F_IsFieldSetAndNotNull(feature, count_field);
        if (local_x >= 0 && local_x < 4096 && local_y >= 0 && local_y < 4096)
          points_inside_tiles[z] += counted ? OGR_F_GetFieldAsInteger64(feature, count_field) : 1;
        OGR_F_Destroy(feature);
      }
      GDALClose(dataset);
      tiles_test::forget_tile(z, x, y);
    }
    CHECK(zooms_with_tiles == std::set<int>{9, 10, 11, 12, 13, 14});  // the fixture's tiles
    for (int zoom = 12; zoom <= 14; ++zoom) {
      INFO("zoom " << zoom);
      CHECK(points_inside_tiles[zoom] == point_total);
    }
    const json metadata = json::parse(archive.metadata());
    std::map<std::string, int> min_zooms;
    for (const auto& layer : metadata["vector_layers"])
      min_zooms[layer["id"].get<std::string>()] = layer["minzoom"].get<int>();
    CHECK(min_zooms == std::map<std::string, int>{{"mixed", 9}, {"incidents", 12}});
  }
  SECTION("a min zoom above the archive's max zoom is refused") {
    points.min_zoom = 15;
    CHECK_THROWS_AS(build_tiles({{"mixed", kFixture}}, {points}, options, out), TilesInputError);
  }
}

TEST_CASE("a feature's own min zoom (tippecanoe.minzoom) keeps it out of every tile below it") {
  // 2,000 points about Southend: every third from zoom 12 ("late"), one from zoom 20 (past the
  // archive's top, so lowered to it: every point is at the top zoom), and a square from zoom 11.
  // Read back with GDAL's MVT driver, counting the points inside each tile's own bounds.
  std::mt19937 random(5);
  std::normal_distribution<double> longitude(0.71, 0.01), latitude(51.54, 0.006);
  json features = json::array();
  int late_total = 0, early_total = 0;
  for (int i = 0; i < 2000; ++i) {
    const bool late = i % 3 == 0, deepest = i == 1;
    json feature = {
        {"type", "Feature"},
        {"properties",
         {{"when", deepest ? "deepest"
                   : late  ? "late"
                           : "early"}}},
        {"geometry", {{"type", "Point"}, {"coordinates", {longitude(random), latitude(random)}}}}};
    if (deepest)
      feature["tippecanoe"] = {{"minzoom", 20}};
    else if (late)
      feature["tippecanoe"] = {{"minzoom", 12}};
    (late && !deepest ? late_total : early_total) += deepest ? 0 : 1;
    features.push_back(feature);
  }
  features.push_back(
      {{"type", "Feature"},
       {"properties", {{"when", "square"}}},
       {"tippecanoe", {{"minzoom", 11}, {"maxzoom", 13}}},
       {"geometry",
        {{"type", "Polygon"},
         {"coordinates",
          {{{0.70, 51.53}, {0.72, 51.53}, {0.72, 51.55}, {0.70, 51.55}, {0.70, 51.53}}}}}}});
  const std::string geojson = temp_path("own_min_zoom.geojson");
  std::ofstream(geojson) << json{{"type", "FeatureCollection"}, {"features", features}}.dump();
  TilesOptions options;
  options.min_zoom = 9;
  options.max_zoom = 14;
  const std::string out = temp_path("own_min_zoom.pmtiles");

  SECTION("tiles, metadata and notes") {
    const TilesReport report = build_tiles({{"points", geojson}}, options, out);
    const tiles_test::Archive archive(out);
    std::map<std::pair<int, std::string>, int64_t> inside;  // (zoom, when) → points
    std::set<int> zooms_with_square;
    for (const auto& [id, gzipped] : archive.tiles) {
      int z, x, y;
      tiles_test::tile_id_to_zxy(id, z, x, y);
      GDALDatasetH dataset = tiles_test::open_tile_with_gdal(tiles_test::gunzip(gzipped), z, x, y);
      REQUIRE(dataset != nullptr);
      OGRLayerH layer = GDALDatasetGetLayerByName(dataset, "points");
      const double world = 2 * 20037508.342789244, size = world / (1 << z);
      const double min_x = -world / 2 + x * size, max_y = world / 2 - y * size;
      while (layer != nullptr) {
        OGRFeatureH feature = OGR_L_GetNextFeature(layer);
        if (feature == nullptr) break;
        const std::string when =
            OGR_F_GetFieldAsString(feature, OGR_F_GetFieldIndex(feature, "when"));
        OGRGeometryH geometry = OGR_F_GetGeometryRef(feature);
        if (when == "square") {
          zooms_with_square.insert(z);
        } else {
          const int count_field = OGR_F_GetFieldIndex(feature, "point_count");
          CHECK((count_field < 0 || !OGR_F_IsFieldSetAndNotNull(feature, count_field)));
          const double local_x = std::round((OGR_G_GetX(geometry, 0) - min_x) / size * 4096);
          const double local_y = std::round((max_y - OGR_G_GetY(geometry, 0)) / size * 4096);
          if (local_x >= 0 && local_x < 4096 && local_y >= 0 && local_y < 4096) ++inside[{z, when}];
        }
        OGR_F_Destroy(feature);
      }
      GDALClose(dataset);
      tiles_test::forget_tile(z, x, y);
    }
    for (int zoom = 9; zoom <= 14; ++zoom) {
      INFO("zoom " << zoom);
      CHECK(inside[{zoom, "early"}] == early_total);
      CHECK(inside[{zoom, "late"}] == (zoom >= 12 ? late_total : 0));
      CHECK(inside[{zoom, "deepest"}] == (zoom == 14 ? 1 : 0));
    }
    CHECK(zooms_with_square == std::set<int>{11, 12, 13, 14});  // its maxzoom is not read
    REQUIRE(report.layers.size() == 1);
    CHECK(report.layers[0].features_from_later_zoom == 669);  // 667 late, the deepest, the square
    CHECK(report.notes[0].find("669 features from a later zoom of their own") != std::string::npos);
    const json metadata = json::parse(archive.metadata());
    CHECK(metadata["vector_layers"][0]["minzoom"] == 9);
  }
  SECTION("the same bytes on one thread and on two") {
    options.threads = 1;
    build_tiles({{"points", geojson}}, options, out);
    const std::string one = tiles_test::read_file(out);
    options.threads = 2;
    build_tiles({{"points", geojson}}, options, out);
    CHECK(tiles_test::read_file(out) == one);
  }
  SECTION("a layer whose features all start late starts there") {
    json late = json::array();
    for (json feature : features) {
      feature["tippecanoe"] = {{"minzoom", 10}};
      late.push_back(feature);
    }
    std::ofstream(geojson) << json{{"type", "FeatureCollection"}, {"features", late}}.dump();
    const TilesReport report = build_tiles({{"points", geojson}}, options, out);
    const json metadata = json::parse(tiles_test::Archive(out).metadata());
    CHECK(metadata["vector_layers"][0]["minzoom"] == 10);
    CHECK(report.tiles_per_zoom[0] == 0);
    CHECK(report.notes[0].find("in tiles from z10 only") != std::string::npos);
  }
  SECTION("a min zoom that is not a whole number from 0 to 24 is refused, naming the feature") {
    for (const json& bad : {json{{"minzoom", -1}}, json{{"minzoom", 2.5}}, json{{"minzoom", "13"}},
                            json{{"minzoom", 25}}, json(5)}) {
      INFO(bad.dump());
      json wrong = features;
      wrong[6]["tippecanoe"] = bad;
      std::ofstream(geojson) << json{{"type", "FeatureCollection"}, {"features", wrong}}.dump();
      CHECK_THROWS_WITH(build_tiles({{"points", geojson}}, options, out),
                        Catch::Contains("feature 7") && Catch::Contains("tippecanoe"));
    }
  }
}

TEST_CASE("point features in memory make the archive their GeoJSON makes, byte for byte") {
  // 6,000 labelled points about Southend: strings (a few hundred distinct names), numbers
  // (whole, fractional and missing), written to GeoJSON by nlohmann (whose numbers read back
  // exactly) and handed over as columns. The columns come in another order than the keys': the
  // GeoJSON reader meets a feature's properties by key.
  std::mt19937 random(11);
  std::normal_distribution<double> longitude(0.71, 0.01), latitude(51.54, 0.006);
  std::vector<std::string> names;
  for (int n = 0; n < 300; ++n) names.push_back("Street " + std::to_string(n));
  PointFeatures points;
  PointFeatures::Column weight{"weight", {}, {}}, kind{"kind", {}, {}}, name{"name", {}, {}};
  json features = json::array();
  for (int i = 0; i < 6000; ++i) {
    const double lon = longitude(random), lat = latitude(random);
    const std::string& street = names[static_cast<size_t>(i * 7919 % 300)];
    const char* what = i % 10 == 0 ? "ward" : "street";
    const double value = i % 13 == 0 ? std::nan("") : i % 5 == 0 ? i / 8.0 : double(i % 40);
    points.longitudes_deg.push_back(lon);
    points.latitudes_deg.push_back(lat);
    kind.texts.push_back(what);
    name.texts.push_back(street);
    weight.numbers.push_back(value);
    json properties = {{"kind", what}, {"name", street}, {"weight", nullptr}};
    if (!std::isnan(value)) properties["weight"] = value;
    features.push_back({{"type", "Feature"},
                        {"properties", properties},
                        {"geometry", {{"type", "Point"}, {"coordinates", {lon, lat}}}}});
  }
  points.columns = {weight, kind, name};
  const std::string geojson = temp_path("labels.geojson");
  std::ofstream(geojson) << json{{"type", "FeatureCollection"}, {"features", features}}.dump();
  TilesOptions options;
  options.min_zoom = 8;
  options.max_zoom = 15;
  options.max_tile_bytes = 4096;  // so the lower zooms cluster too
  const std::string from_file = temp_path("labels_file.pmtiles"),
                    from_memory = temp_path("labels_memory.pmtiles");

  SECTION("every property") {
    build_tiles({{"mixed", kFixture}, {"labels", geojson}}, options, from_file);
    build_tiles({{"mixed", kFixture}, {"labels", "", {}, held(points)}}, options, from_memory);
    CHECK(tiles_test::read_file(from_file) == tiles_test::read_file(from_memory));
    CHECK(tiles_test::Archive(from_memory).tiles.size() > 100);
  }
  SECTION("street names from zoom 13 only, as tippecanoe.minzoom says in the GeoJSON") {
    for (size_t i = 0; i < features.size(); ++i) {
      const bool street = features[i]["properties"]["kind"] == "street";
      points.min_zooms.push_back(street ? 13 : 0);
      if (street) features[i]["tippecanoe"] = {{"minzoom", 13}};
    }
    std::ofstream(geojson) << json{{"type", "FeatureCollection"}, {"features", features}}.dump();
    const TilesReport report =
        build_tiles({{"labels", "", {}, held(points)}}, options, from_memory);
    build_tiles({{"labels", geojson}}, options, from_file);
    CHECK(tiles_test::read_file(from_file) == tiles_test::read_file(from_memory));
    CHECK(report.layers[0].features_from_later_zoom == 5400);
    points.min_zooms.pop_back();
    CHECK_THROWS_WITH(build_tiles({{"labels", "", {}, held(points)}}, options, from_memory),
                      Catch::Contains("labels") && Catch::Contains("min_zooms"));
    points.min_zooms.push_back(25);
    CHECK_THROWS_WITH(build_tiles({{"labels", "", {}, held(points)}}, options, from_memory),
                      Catch::Contains("point 6000"));
  }
  SECTION("features that own the strings their texts view: read before they are let go") {
    // The names live only as long as the features (as analyse hands over its place labels), so
    // a build that let go of them before reading them would read freed memory (ASan's build).
    auto owned = std::make_shared<PointFeatures>(points);
    auto names_held = std::make_shared<std::vector<std::string>>();
    for (std::string_view text : owned->columns[2].texts) names_held->emplace_back(text);
    for (size_t i = 0; i < names_held->size(); ++i) owned->columns[2].texts[i] = (*names_held)[i];
    owned->text_owner = std::move(names_held);
    std::weak_ptr<const void> names = owned->text_owner;
    build_tiles({{"mixed", kFixture}, {"labels", geojson}}, options, from_file);
    // And let go of before the zooms are tiled, not only when build_tiles returns.
    bool let_go_before_zooms = false;
    TilesOptions watched = options;
    watched.on_layers_loaded = [&] { let_go_before_zooms = names.expired(); };
    // Moved in (a braced list would be copied from, and its copy held to the end of the call).
    std::vector<LayerInput> layers(1, LayerInput{"mixed", kFixture});
    layers.push_back({"labels", "", {}, std::move(owned)});
    build_tiles(std::move(layers), watched, from_memory);
    CHECK(tiles_test::read_file(from_file) == tiles_test::read_file(from_memory));
    CHECK(let_go_before_zooms);
  }
  SECTION("the properties kept") {
    build_tiles({{"labels", geojson, {"weight", "name"}}}, options, from_file);
    build_tiles({{"labels", "", {"weight", "name"}, held(points)}}, options, from_memory);
    CHECK(tiles_test::read_file(from_file) == tiles_test::read_file(from_memory));
  }
  SECTION("columns unlike the points, and positions off the globe, are refused") {
    points.columns[1].texts.pop_back();
    CHECK_THROWS_WITH(build_tiles({{"labels", "", {}, held(points)}}, options, from_memory),
                      Catch::Contains("labels") && Catch::Contains("kind"));
    points.columns[1].texts.push_back("street");
    points.latitudes_deg[17] = 95;
    CHECK_THROWS_WITH(build_tiles({{"labels", "", {}, held(points)}}, options, from_memory),
                      Catch::Contains("point 18"));
  }
}

TEST_CASE(
    "a layer of points is ordered along the Hilbert curve, each feature with its point and tags") {
  std::mt19937 random(7);
  std::uniform_real_distribution<double> longitude(0.60, 0.80), latitude(51.50, 51.60);
  PointFeatures points;
  PointFeatures::Column n{"n", {}, {}}, kind{"kind", {}, {}};
  for (int i = 0; i < 5000; ++i) {
    // Every tenth point on an earlier one's position: ties, which keep their input order.
    const bool repeat = i % 10 == 9;
    points.longitudes_deg.push_back(repeat ? points.longitudes_deg[size_t(i / 2)]
                                           : longitude(random));
    points.latitudes_deg.push_back(repeat ? points.latitudes_deg[size_t(i / 2)] : latitude(random));
    n.numbers.push_back(i % 7 == 0 ? std::nan("") : double(i));  // some without the tag
    kind.texts.push_back(i % 3 == 0 ? "ward" : "street");
  }
  points.columns = {n, kind};
  const LayerData original = read_point_features("labels", points);
  LayerData ordered = original;
  order_features_spatially(ordered);
  // Reference: the input positions sorted stably by their zoom-16 tile's Hilbert id.
  auto key = [&](size_t i) {
    auto cell = [](double world) {
      return static_cast<uint32_t>(std::clamp(std::floor(world * 65536.0), 0.0, 65535.0));
    };
    return zxy_to_tile_id(16, cell(original.features[i].min_x), cell(original.features[i].min_y));
  };
  std::vector<size_t> expected(original.features.size());
  std::iota(expected.begin(), expected.end(), size_t{0});
  std::stable_sort(expected.begin(), expected.end(),
                   [&](size_t a, size_t b) { return key(a) < key(b); });
  REQUIRE(ordered.features.size() == original.features.size());
  CHECK(ordered.xs == original.xs);  // points only: the vertices stay where they are
  uint32_t next_tag = 0;
  for (size_t k = 0; k < expected.size(); ++k) {
    const Feature& got = ordered.features[k];
    const Feature& want = original.features[expected[k]];
    CAPTURE(k);
    CHECK(got.first_part == want.first_part);
    CHECK(got.min_x == want.min_x);
    CHECK(got.min_y == want.min_y);
    REQUIRE(got.tag_count == want.tag_count);
    CHECK(got.first_tag == next_tag);  // the tags rewritten in the new order, end to end
    next_tag += 2 * got.tag_count;
    for (uint32_t t = 0; t < 2 * got.tag_count; ++t)
      CHECK(ordered.tags[got.first_tag + t] == original.tags[want.first_tag + t]);
  }
  CHECK(ordered.tags.size() == next_tag);
}
