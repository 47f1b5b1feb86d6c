#include "engine/output/density_image.hpp"

#include <cpl_conv.h>
#include <gdal.h>
#include <gdal_utils.h>
#include <gdalwarper.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <nlohmann/json.hpp>

#include "engine/core/atomic_file.hpp"
#include "engine/core/crs.hpp"
#include "engine/core/errors.hpp"
#include "engine/core/gdal_init.hpp"

namespace hotspot::output {

namespace {

constexpr double kNoData = -1;  // densities are never negative
// The picture has more pixels than the grid has cells, so the bilinear warp draws a smooth
// surface rather than the cells; capped so a national grid stays a reasonable PNG (and quick to
// write: at 100 m cells a county is already a few thousand pixels across).
constexpr int kOversample = 2;
constexpr int kMaxSidePx = 3000;

// ColorBrewer YlOrRd (6 classes): ordered in lightness, so it reads in greyscale and for the
// common colour vision deficiencies.
constexpr std::array<std::array<uint8_t, 3>, 6> kYlOrRd = {{{255, 255, 178},
                                                            {254, 217, 118},
                                                            {254, 178, 76},
                                                            {253, 141, 60},
                                                            {240, 59, 32},
                                                            {189, 0, 38}}};
constexpr std::array<uint8_t, 6> kAlpha = {0, 90, 140, 175, 200, 220};

struct DatasetCloser {
  void operator()(void* dataset) const {
    if (dataset) GDALClose(static_cast<GDALDatasetH>(dataset));
  }
};
using Dataset = std::unique_ptr<void, DatasetCloser>;

// The surface as an in-memory GDAL raster in the analysis CRS, north up, nodata = kNoData.
Dataset source_raster(const DensityGrid& surface, const std::string& wkt) {
  const GridSpec& spec = surface.spec;
  Dataset dataset(
      GDALCreate(GDALGetDriverByName("MEM"), "", spec.columns, spec.rows, 1, GDT_Float32, nullptr));
  if (!dataset) throw std::runtime_error("GDAL cannot create an in-memory raster");
  double transform[6] = {spec.xmin, spec.cell_size_m, 0, spec.ymax(), 0, -spec.cell_size_m};
  GDALSetGeoTransform(dataset.get(), transform);
  GDALSetProjection(dataset.get(), wkt.c_str());
  std::vector<float> north_up(spec.cell_count());
  for (int32_t row = 0; row < spec.rows; ++row)
    for (int32_t column = 0; column < spec.columns; ++column) {
      const double value = surface.density_per_km2[spec.index(column, row)];
      north_up[spec.index(column, spec.rows - 1 - row)] =
          std::isnan(value) ? static_cast<float>(kNoData) : static_cast<float>(value);
    }
  GDALRasterBandH band = GDALGetRasterBand(dataset.get(), 1);
  GDALSetRasterNoDataValue(band, kNoData);
  if (GDALRasterIO(band, GF_Write, 0, 0, spec.columns, spec.rows, north_up.data(), spec.columns,
                   spec.rows, GDT_Float32, 0, 0) != CE_None)
    throw std::runtime_error("GDAL cannot fill an in-memory raster");
  return dataset;
}

// The surface warped to Web Mercator: GDAL suggests the extent and resolution, which are then
// refined kOversample times before the bilinear warp. GDAL's warp threads split the output
// into rows, each pixel computed as on one thread (a national picture took 1.6 s on one core).
Dataset warp_to_web_mercator(GDALDatasetH source, const std::string& source_wkt, int threads) {
  const std::string mercator_wkt = crs_to_wkt("EPSG:3857");
  Dataset suggested(GDALAutoCreateWarpedVRT(source, source_wkt.c_str(), mercator_wkt.c_str(),
                                            GRA_Bilinear, 0.125, nullptr));
  if (!suggested) throw std::runtime_error("GDAL cannot reproject the density surface");
  double transform[6];
  GDALGetGeoTransform(suggested.get(), transform);
  const int columns = GDALGetRasterXSize(suggested.get());
  const int rows = GDALGetRasterYSize(suggested.get());
  const double xmin = transform[0], ymax = transform[3];
  const double xmax = xmin + columns * transform[1], ymin = ymax + rows * transform[5];
  const double factor =
      std::min<double>(kOversample, double(kMaxSidePx) / std::max({columns, rows, 1}));
  const int out_columns = std::max(1, static_cast<int>(std::lround(columns * factor)));
  const int out_rows = std::max(1, static_cast<int>(std::lround(rows * factor)));

  const std::vector<std::string> arguments = {
      "-of",
      "MEM",
      "-t_srs",
      "EPSG:3857",
      "-r",
      "bilinear",
      "-dstnodata",
      "-1",
      "-te",
      std::to_string(xmin),
      std::to_string(ymin),
      std::to_string(xmax),
      std::to_string(ymax),
      "-ts",
      std::to_string(out_columns),
      std::to_string(out_rows),
      "-multi",
      "-wo",
      "NUM_THREADS=" + std::to_string(std::max(1, threads))};
  std::vector<char*> argv;
  for (const std::string& argument : arguments) argv.push_back(const_cast<char*>(argument.c_str()));
  argv.push_back(nullptr);
  GDALWarpAppOptions* options = GDALWarpAppOptionsNew(argv.data(), nullptr);
  GDALDatasetH sources[] = {source};
  int usage_error = 0;
  Dataset warped(GDALWarp("", nullptr, 1, sources, options, &usage_error));
  GDALWarpAppOptionsFree(options);
  if (!warped || usage_error) throw std::runtime_error("GDAL cannot warp the density surface");
  return warped;
}

void write_png(const std::vector<uint8_t>& rgba, int width, int height, const std::string& path) {
  Dataset picture(GDALCreate(GDALGetDriverByName("MEM"), "", width, height, 4, GDT_Byte, nullptr));
  if (!picture) throw std::runtime_error("GDAL cannot create an in-memory picture");
  int bands[] = {1, 2, 3, 4};
  // Pixel-interleaved RGBA: pixel spacing 4 bytes, line spacing 4·width, band spacing 1.
  if (GDALDatasetRasterIO(picture.get(), GF_Write, 0, 0, width, height,
                          const_cast<uint8_t*>(rgba.data()), width, height, GDT_Byte, 4, bands, 4,
                          4 * width, 1) != CE_None)
    throw std::runtime_error("GDAL cannot fill an in-memory picture");
  write_via_temporary(path, [&](const std::string& temporary) {
    // A PNG holds no georeferencing: the corners go in the JSON, and no .aux.xml is wanted.
    CPLSetThreadLocalConfigOption("GDAL_PAM_ENABLED", "NO");
    // zlib level 6: within a few per cent of level 9's size at a fraction of its time (measured).
    const char* options[] = {"ZLEVEL=6", nullptr};
    Dataset png(GDALCreateCopy(GDALGetDriverByName("PNG"), temporary.c_str(), picture.get(), FALSE,
                               const_cast<char**>(options), nullptr, nullptr));
    CPLSetThreadLocalConfigOption("GDAL_PAM_ENABLED", nullptr);
    if (!png) throw IoError(path, gdal_write_failure());
  });
}

nlohmann::ordered_json to_json(const DensityImage& image) {
  nlohmann::ordered_json json;
  json["layer"] = image.layer;
  json["image"] = image.png;
  json["width"] = image.width;
  json["height"] = image.height;
  json["coordinates"] = nlohmann::ordered_json::array();
  for (const auto& corner : image.corners_lonlat)
    json["coordinates"].push_back(
        {std::round(corner[0] * 1e7) / 1e7, std::round(corner[1] * 1e7) / 1e7});
  json["units"] = "incidents per km²";
  json["peak_density_per_km2"] = std::round(image.peak_density_per_km2 * 1e3) / 1e3;
  json["stops"] = nlohmann::ordered_json::array();
  for (const DensityRampStop& stop : image.stops) {
    char colour[16];
    std::snprintf(colour, sizeof colour, "#%02x%02x%02x", stop.rgba[0], stop.rgba[1], stop.rgba[2]);
    json["stops"].push_back({{"density_per_km2", std::round(stop.density_per_km2 * 1e3) / 1e3},
                             {"colour", colour},
                             {"opacity", std::round(stop.rgba[3] / 2.55) / 100}});
  }
  return json;
}

}  // namespace

std::vector<DensityRampStop> density_ramp(double peak) {
  std::vector<DensityRampStop> stops;
  if (!(peak > 0)) return stops;
  for (size_t k = 0; k < kYlOrRd.size(); ++k) {
    const double fraction = double(k) / double(kYlOrRd.size() - 1);
    stops.push_back(
        {peak * fraction * fraction, {kYlOrRd[k][0], kYlOrRd[k][1], kYlOrRd[k][2], kAlpha[k]}});
  }
  return stops;
}

std::array<uint8_t, 4> ramp_colour(const std::vector<DensityRampStop>& stops, double value) {
  if (stops.empty() || !(value > 0)) return {0, 0, 0, 0};
  if (value >= stops.back().density_per_km2) return stops.back().rgba;
  size_t upper = 1;
  while (upper + 1 < stops.size() && value > stops[upper].density_per_km2) ++upper;
  const DensityRampStop& a = stops[upper - 1];
  const DensityRampStop& b = stops[upper];
  const double t = (value - a.density_per_km2) / (b.density_per_km2 - a.density_per_km2);
  std::array<uint8_t, 4> colour{};
  for (size_t c = 0; c < 4; ++c)
    colour[c] = static_cast<uint8_t>(std::lround(a.rgba[c] + t * (b.rgba[c] - a.rgba[c])));
  return colour;
}

DensityImage write_density_image(const DensityGrid& surface, const std::string& analysis_crs,
                                 const std::string& layer, const std::string& density_dir,
                                 int threads) {
  ensure_gdal_registered();
  DensityImage image;
  image.layer = layer;
  image.png = "density/" + layer + ".png";
  for (double value : surface.density_per_km2)
    if (value > image.peak_density_per_km2) image.peak_density_per_km2 = value;
  image.stops = density_ramp(image.peak_density_per_km2);

  const std::string wkt = crs_to_wkt(analysis_crs);
  Dataset source = source_raster(surface, wkt);
  Dataset warped = warp_to_web_mercator(source.get(), wkt, threads);
  image.width = GDALGetRasterXSize(warped.get());
  image.height = GDALGetRasterYSize(warped.get());
  std::vector<float> values(static_cast<size_t>(image.width) * static_cast<size_t>(image.height));
  if (GDALRasterIO(GDALGetRasterBand(warped.get(), 1), GF_Read, 0, 0, image.width, image.height,
                   values.data(), image.width, image.height, GDT_Float32, 0, 0) != CE_None)
    throw std::runtime_error("GDAL cannot read the warped density surface");
  std::vector<uint8_t> rgba(values.size() * 4);
  for (size_t i = 0; i < values.size(); ++i) {
    const auto colour = ramp_colour(image.stops, values[i]);  // nodata (-1) is clear
    std::copy(colour.begin(), colour.end(), rgba.begin() + static_cast<ptrdiff_t>(4 * i));
  }
  write_png(rgba, image.width, image.height, density_dir + "/" + layer + ".png");

  double transform[6];
  GDALGetGeoTransform(warped.get(), transform);
  const double west = transform[0], north = transform[3];
  const double east = west + image.width * transform[1];
  const double south = north + image.height * transform[5];
  double xs[4] = {west, east, east, west}, ys[4] = {north, north, south, south};
  CoordinateTransform to_lonlat("EPSG:3857", "EPSG:4326");
  to_lonlat.transform(xs, ys, 4);
  for (size_t k = 0; k < 4; ++k) image.corners_lonlat[k] = {xs[k], ys[k]};
  write_file_atomically(density_dir + "/" + layer + ".json", to_json(image).dump(2) + "\n");
  return image;
}

}  // namespace hotspot::output
