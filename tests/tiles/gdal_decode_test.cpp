// Tiles decoded by an independent reader, GDAL's MVT driver: polygons are valid at every zoom
// and every source feature is present at the maximum zoom with its attributes.
#include <catch2/catch.hpp>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "tests/shared_data.hpp"
#include "tests/tiles/tiles_test_support.hpp"
#include "tiles/tiles.hpp"

using namespace hotspot::tiles;
namespace fs = std::filesystem;

namespace {

const std::string kFixture = HOTSPOT_SOURCE_DIR "/tests/tiles/fixtures/mixed.geojson";

struct DecodedFeature {
  std::map<std::string, std::string> fields;  // name → value as text
  bool has_point_count = false;
};

struct Decoded {
  size_t polygons = 0, invalid_polygons = 0;
  std::map<int, std::map<std::string, DecodedFeature>> by_zoom_and_fid;  // zoom → fid → feature
  std::set<std::string> ids_at_max;
};

// Decodes every tile in the archive with GDAL; `key` names the property that identifies features.
Decoded decode_archive(const std::string& path, const std::string& key) {
  Decoded decoded;
  tiles_test::Archive archive(path);
  for (const auto& [tile_id, gzipped] : archive.tiles) {
    int z, x, y;
    tiles_test::tile_id_to_zxy(tile_id, z, x, y);
    const std::string raw = tiles_test::gunzip(gzipped);
    GDALDatasetH dataset = tiles_test::open_tile_with_gdal(raw, z, x, y);
    REQUIRE(dataset != nullptr);
    for (int l = 0; l < GDALDatasetGetLayerCount(dataset); ++l) {
      OGRLayerH layer = GDALDatasetGetLayer(dataset, l);
      OGR_L_ResetReading(layer);
      while (OGRFeatureH feature = OGR_L_GetNextFeature(layer)) {
        OGRGeometryH geometry = OGR_F_GetGeometryRef(feature);
        const auto type = wkbFlatten(OGR_G_GetGeometryType(geometry));
        if (type == wkbPolygon || type == wkbMultiPolygon) {
          ++decoded.polygons;
          if (!OGR_G_IsValid(geometry)) {
            ++decoded.invalid_polygons;
            char* wkt = nullptr;
            OGR_G_ExportToWkt(geometry, &wkt);
            WARN("invalid polygon in tile "
                 << z << "/" << x << "/" << y << " ("
                 << (OGR_F_GetFieldIndex(feature, "WD13CD") >= 0
                         ? OGR_F_GetFieldAsString(feature, OGR_F_GetFieldIndex(feature, "WD13CD"))
                         : "")
                 << "): " << std::string(wkt).substr(0, 300));
            CPLFree(wkt);
          }
        }
        DecodedFeature record;
        OGRFeatureDefnH definition = OGR_F_GetDefnRef(feature);
        for (int f = 0; f < OGR_FD_GetFieldCount(definition); ++f) {
          if (!OGR_F_IsFieldSetAndNotNull(feature, f)) continue;
          const std::string name = OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(definition, f));
          record.fields[name] = OGR_F_GetFieldAsString(feature, f);
          if (name == "point_count") record.has_point_count = true;
        }
        if (record.fields.count(key)) decoded.by_zoom_and_fid[z][record.fields[key]] = record;
        OGR_F_Destroy(feature);
      }
    }
    GDALClose(dataset);
    tiles_test::forget_tile(z, x, y);
  }
  return decoded;
}

std::string temp_path(const std::string& name) {
  const fs::path folder = fs::temp_directory_path() / "hotspot_tiles_test";
  fs::create_directories(folder);
  return (folder / name).string();
}

}  // namespace

TEST_CASE("every fixture feature is present at max zoom with its attributes, decoded by GDAL") {
  TilesOptions options;
  options.min_zoom = 0;
  options.max_zoom = 14;
  const std::string out = temp_path("fixture.pmtiles");
  const TilesReport report = build_tiles({{"mixed", kFixture}}, options, out);
  const Decoded decoded = decode_archive(out, "fid");
  CHECK(decoded.polygons > 0);
  CHECK(decoded.invalid_polygons == 0);

  const auto source = nlohmann::json::parse(tiles_test::read_file(kFixture));
  const auto& at_max = decoded.by_zoom_and_fid.at(14);
  size_t expected = 0;
  for (const auto& feature : source["features"]) {
    if (feature["geometry"].is_null()) continue;
    ++expected;
    const std::string fid = feature["properties"]["fid"];
    INFO("feature " << fid);
    REQUIRE(at_max.count(fid) == 1);
    const DecodedFeature& got = at_max.at(fid);
    CHECK_FALSE(got.has_point_count);
    for (const auto& [key, value] : feature["properties"].items()) {
      INFO("property " << key);
      if (value.is_null()) {
        CHECK(got.fields.count(key) == 0);
      } else if (value.is_string()) {
        CHECK(got.fields.at(key) == value.get<std::string>());
      } else if (value.is_boolean()) {
        CHECK(got.fields.at(key) == (value.get<bool>() ? "1" : "0"));
      } else if (value.is_number()) {
        CHECK(std::stod(got.fields.at(key)) == Approx(value.get<double>()));
      } else {  // nested objects and arrays arrive as JSON text
        CHECK(nlohmann::json::parse(got.fields.at(key)) == value);
      }
    }
  }
  CHECK(report.layers.at(0).features == expected);
  CHECK(report.layers.at(0).skipped_null_geometry == 1);
  SECTION("points far apart are not clustered at any zoom, so none carries point_count") {
    for (int zoom = 0; zoom < 14; ++zoom)
      for (const auto& [fid, feature] : decoded.by_zoom_and_fid.at(zoom))
        CHECK_FALSE(feature.has_point_count);
  }
  SECTION("the tiny polygon is kept at every zoom, not dropped") {
    for (int zoom = 0; zoom <= 14; ++zoom)
      CHECK(decoded.by_zoom_and_fid.at(zoom).count("tiny") == 1);
    CHECK(report.layers.at(0).tiny_polygons_kept > 0);
  }
}

TEST_CASE("Essex wards tile into valid polygons and every ward is present at max zoom") {
  SHARED_DATA_OR_SKIP(wards, "essex/wards-2013.geojson")
  TilesOptions options;
  options.min_zoom = 6;
  options.max_zoom = 12;
  const std::string out = temp_path("essex.pmtiles");
  const TilesReport report = build_tiles({{"wards", wards}}, options, out);
  CHECK(report.layers.at(0).invalid_after_rounding == 0);
  const Decoded decoded = decode_archive(out, "WD13CD");
  CHECK(decoded.invalid_polygons == 0);
  for (int zoom = 6; zoom <= 12; ++zoom) CHECK(decoded.by_zoom_and_fid.at(zoom).size() == 304);
}
