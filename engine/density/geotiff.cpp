#include "engine/density/geotiff.hpp"

#include <fcntl.h>
#include <geotiff/geotiff.h>
#include <geotiff/geovalues.h>
#include <geotiff/xtiffio.h>
#include <libdeflate.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <vector>

#include "engine/core/atomic_file.hpp"
#include "engine/core/crs.hpp"
#include "engine/core/errors.hpp"
#include "engine/core/huge_pages.hpp"
#include "engine/core/parallel.hpp"
#include "engine/core/xml_text.hpp"

namespace hotspot::density {

namespace {

// Written with libtiff and libgeotiff, with the tiles compressed by libdeflate on our own threads
// and handed to libtiff already encoded (TIFFWriteRawTile). GDAL wrote these files until
// 2026-12-05: it compressed on its threads too, but took 110-140 ms for a 2,000 x 2,000
// grid whose tiles libdeflate compresses in 115 ms of CPU, and loading and starting GDAL is a
// sixth of `hotspot kde`'s time. The file is what GDAL wrote: 256 x 256 tiles, DEFLATE (level 1,
// libdeflate as GDAL uses it) with the floating-point predictor, the GeoKeys of the EPSG code,
// and GDAL's own metadata and nodata tags, which QGIS and ArcGIS read.
constexpr int kTileSide = 256;
constexpr int kDeflateLevel = 1;  // 60% of level 6's time for a file 0.7% larger
constexpr ttag_t kGdalMetadataTag = 42112, kGdalNoDataTag = 42113;

// TIFF Technical Note 3's floating-point predictor (PREDICTOR=3), as libtiff's encoder applies it
// to each row of a tile: the row's bytes regrouped most significant first (every value's first
// byte, then every value's second byte...), then each byte replaced by its difference from the
// one before. Written here because libtiff applies it only inside its own single-threaded encoder.
void predict_row(const float* values, int count, uint8_t* planes, uint8_t* out) {
  const auto n = static_cast<size_t>(count);
  for (size_t i = 0; i < n; ++i) {
    uint32_t bits;
    std::memcpy(&bits, values + i, sizeof bits);
    planes[i] = static_cast<uint8_t>(bits >> 24);
    planes[n + i] = static_cast<uint8_t>(bits >> 16);
    planes[2 * n + i] = static_cast<uint8_t>(bits >> 8);
    planes[3 * n + i] = static_cast<uint8_t>(bits);
  }
  out[0] = planes[0];
  for (size_t i = 1; i < 4 * n; ++i) out[i] = static_cast<uint8_t>(planes[i] - planes[i - 1]);
}

// One thread's compressor and buffers, reused from tile to tile.
struct TileEncoder {
  libdeflate_compressor* compressor = libdeflate_alloc_compressor(kDeflateLevel);
  std::vector<float> values = std::vector<float>(size_t{kTileSide} * kTileSide);
  std::vector<uint8_t> planes = std::vector<uint8_t>(4 * size_t{kTileSide});
  std::vector<uint8_t> predicted = std::vector<uint8_t>(4 * size_t{kTileSide} * kTileSide);
  TileEncoder() {
    if (!compressor) throw std::bad_alloc();
  }
  ~TileEncoder() { libdeflate_free_compressor(compressor); }
  TileEncoder(const TileEncoder&) = delete;
  TileEncoder& operator=(const TileEncoder&) = delete;

  // The tile at (tile_x, tile_y) as the file stores it; edge tiles padded with zeros past the
  // raster's edge, as GDAL pads them.
  void encode(const GridSpec& spec, const float* north_up, int tile_x, int tile_y,
              std::vector<uint8_t>& compressed) {
    const int first_column = tile_x * kTileSide, first_row = tile_y * kTileSide;
    const int columns = std::min(kTileSide, spec.columns - first_column);
    const int rows = std::min(kTileSide, spec.rows - first_row);
    if (columns < kTileSide || rows < kTileSide) std::fill(values.begin(), values.end(), 0.0f);
    for (int r = 0; r < rows; ++r)
      std::copy_n(north_up + spec.index(first_column, first_row + r), columns,
                  values.data() + static_cast<size_t>(r) * kTileSide);
    const size_t row_bytes = 4 * size_t{kTileSide};
    for (size_t r = 0; r < kTileSide; ++r)
      predict_row(values.data() + r * kTileSide, kTileSide, planes.data(),
                  predicted.data() + r * row_bytes);
    compressed.resize(libdeflate_zlib_compress_bound(compressor, predicted.size()));
    const size_t size = libdeflate_zlib_compress(compressor, predicted.data(), predicted.size(),
                                                 compressed.data(), compressed.size());
    if (size == 0) throw std::logic_error("libdeflate's bound was too small for a tile");
    compressed.resize(size);
  }
};

// libtiff reports through handlers; the first error is kept for the message, warnings dropped
// (the library never prints).
int keep_first_error(TIFF*, void* user_data, const char*, const char* format, va_list arguments) {
  auto& first = *static_cast<std::string*>(user_data);
  if (first.empty()) {
    char text[512];
    std::vsnprintf(text, sizeof text, format, arguments);
    first = text;
  }
  return 1;
}
int ignore_warning(TIFF*, void*, const char*, const char*, va_list) { return 1; }

// GDAL's metadata tag: dataset items, then the band's unit type, as GDAL writes them. GDAL
// escapes a value twice (its own escaping, then the XML serialiser's) and unescapes it twice on
// reading, so a value escaped once would lose everything from its first '&'.
std::string gdal_metadata_xml(const std::vector<std::pair<std::string, std::string>>& items,
                              const std::string& unit_type) {
  auto text = [](const std::string& value) { return xml_escape(xml_escape(value)); };
  std::string xml = "<GDALMetadata>\n";
  for (const auto& [key, value] : items)
    xml += "  <Item name=\"" + xml_escape(key) + "\">" + text(value) + "</Item>\n";
  xml += "  <Item name=\"UNITTYPE\" sample=\"0\" role=\"unittype\">" + text(unit_type) +
         "</Item>\n</GDALMetadata>\n";
  return xml;
}

std::string shortest_text(float value) {
  char text[32];
  const auto end = std::to_chars(text, text + sizeof text, value).ptr;
  return std::string(text, end);
}

void register_geotiff_tags() {
  static std::once_flag once;
  std::call_once(once, XTIFFInitialize);  // libgeotiff's tags, added to every TIFF libtiff opens
}

// Owns the open TIFF and its descriptor; closing checks what TIFFClose would not.
class TiffFile {
 public:
  TiffFile(const std::string& path, const std::string& temporary, bool big)
      : path_(path),
        descriptor_(::open(temporary.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)) {
    if (descriptor_ < 0) throw IoError(path, describe_write_failure(errno));
    TIFFOpenOptions* options = TIFFOpenOptionsAlloc();
    TIFFOpenOptionsSetErrorHandlerExtR(options, keep_first_error, &error_);
    TIFFOpenOptionsSetWarningHandlerExtR(options, ignore_warning, nullptr);
    errno = 0;  // failure() reads errno: only libtiff's own write errors may set it
    tiff_ = TIFFFdOpenExt(descriptor_, temporary.c_str(), big ? "w8" : "w", options);
    TIFFOpenOptionsFree(options);
    if (!tiff_) {
      ::close(descriptor_);
      throw IoError(path, failure());
    }
  }
  ~TiffFile() {
    if (tiff_) TIFFCleanup(tiff_);
    if (descriptor_ >= 0) ::close(descriptor_);
  }
  TiffFile(const TiffFile&) = delete;
  TiffFile& operator=(const TiffFile&) = delete;

  TIFF* get() const { return tiff_; }
  void check(bool ok) const {
    if (!ok) throw IoError(path_, failure());
  }
  // Writes the directory and closes the file: a full disk shows here at the latest.
  void close() {
    check(TIFFFlush(tiff_) == 1);
    TIFFCleanup(tiff_);
    tiff_ = nullptr;
    const int closed = ::close(descriptor_);
    descriptor_ = -1;
    if (closed != 0) throw IoError(path_, describe_write_failure(errno));
  }

 private:
  std::string failure() const {
    const int error_number = errno;
    if (error_number != 0 && error_number != EINVAL) return describe_write_failure(error_number);
    return (error_.empty() ? std::string("libtiff could not write the file") : error_) +
           ": free some space or choose another --out folder";
  }
  std::string path_, error_;
  int descriptor_;
  TIFF* tiff_ = nullptr;
};

void set_tags(TIFF* tiff, const GridSpec& spec, int epsg, const std::string& metadata_xml,
              const TiffFile& file) {
  static const TIFFFieldInfo gdal_tags[] = {
      {kGdalMetadataTag, -1, -1, TIFF_ASCII, FIELD_CUSTOM, 1, 0, const_cast<char*>("GDALMetadata")},
      {kGdalNoDataTag, -1, -1, TIFF_ASCII, FIELD_CUSTOM, 1, 0,
       const_cast<char*>("GDALNoDataValue")}};
  file.check(TIFFMergeFieldInfo(tiff, gdal_tags, 2) == 0);
  bool ok = TIFFSetField(tiff, TIFFTAG_IMAGEWIDTH, static_cast<uint32_t>(spec.columns)) &&
            TIFFSetField(tiff, TIFFTAG_IMAGELENGTH, static_cast<uint32_t>(spec.rows)) &&
            TIFFSetField(tiff, TIFFTAG_BITSPERSAMPLE, 32) &&
            TIFFSetField(tiff, TIFFTAG_SAMPLEFORMAT, SAMPLEFORMAT_IEEEFP) &&
            TIFFSetField(tiff, TIFFTAG_SAMPLESPERPIXEL, 1) &&
            TIFFSetField(tiff, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_MINISBLACK) &&
            TIFFSetField(tiff, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG) &&
            TIFFSetField(tiff, TIFFTAG_COMPRESSION, COMPRESSION_ADOBE_DEFLATE) &&
            TIFFSetField(tiff, TIFFTAG_PREDICTOR, PREDICTOR_FLOATINGPOINT) &&
            TIFFSetField(tiff, TIFFTAG_TILEWIDTH, kTileSide) &&
            TIFFSetField(tiff, TIFFTAG_TILELENGTH, kTileSide);
  // The geotransform: pixel size, and the north-west corner tied to raster (0, 0).
  double pixel_scale[3] = {spec.cell_size_m, spec.cell_size_m, 0};
  double tie_point[6] = {0, 0, 0, spec.xmin, spec.ymax(), 0};
  ok = ok && TIFFSetField(tiff, TIFFTAG_GEOPIXELSCALE, 3, pixel_scale) &&
       TIFFSetField(tiff, TIFFTAG_GEOTIEPOINTS, 6, tie_point) &&
       TIFFSetField(tiff, kGdalMetadataTag, metadata_xml.c_str()) &&
       TIFFSetField(tiff, kGdalNoDataTag, shortest_text(kGeoTiffNoData).c_str());
  file.check(ok);
  GTIF* keys = GTIFNew(tiff);
  file.check(keys != nullptr);
  ok = GTIFKeySet(keys, GTModelTypeGeoKey, TYPE_SHORT, 1, ModelTypeProjected) &&
       GTIFKeySet(keys, GTRasterTypeGeoKey, TYPE_SHORT, 1, RasterPixelIsArea) &&
       GTIFKeySet(keys, ProjectedCSTypeGeoKey, TYPE_SHORT, 1, epsg) && GTIFWriteKeys(keys);
  GTIFFree(keys);
  file.check(ok);
}

}  // namespace

void write_density_geotiff(const DensityGrid& grid, const std::string& crs, const std::string& path,
                           const std::vector<std::pair<std::string, std::string>>& metadata,
                           int threads) {
  const GridSpec& spec = grid.spec;
  // Row 0 of the grid is the southern row; GeoTIFF rows run north to south.
  const std::unique_ptr<float[]> north_up = unset_in_huge_pages<float>(spec.cell_count());
  parallel_for(static_cast<size_t>(spec.rows), threads, [&](size_t begin, size_t end, int) {
    for (auto row = static_cast<int32_t>(begin); row < static_cast<int32_t>(end); ++row)
      for (int32_t column = 0; column < spec.columns; ++column) {
        const double value = grid.density_per_km2[spec.index(column, row)];
        north_up[spec.index(column, spec.rows - 1 - row)] =
            std::isnan(value) ? kGeoTiffNoData : static_cast<float>(value);
      }
  });
  write_north_up_geotiff(spec, north_up.get(), crs, path, metadata, threads);
}

void write_north_up_geotiff(const GridSpec& spec, const float* north_up, const std::string& crs,
                            const std::string& path,
                            const std::vector<std::pair<std::string, std::string>>& metadata,
                            int threads) {
  const int epsg = projected_epsg_code(crs);
  if (epsg <= 0 || epsg > 65535)
    throw std::invalid_argument("GeoTIFF CRS '" + crs + "' is not a projected EPSG CRS");
  std::string units;  // a UNITS item replaces the default (risk surfaces have their own)
  for (const auto& [key, value] : metadata)
    if (key == "UNITS") units = value;
  std::vector<std::pair<std::string, std::string>> items = {
      {"UNITS", units.empty() ? "incidents per km2" : units}};
  for (const auto& item : metadata)
    if (item.first != "UNITS") items.push_back(item);
  std::sort(items.begin(), items.end());  // GDAL writes its items sorted by name
  const std::string metadata_xml =
      gdal_metadata_xml(items, units.empty() ? "incidents/km2" : units);
  register_geotiff_tags();
  const int tiles_across = (spec.columns + kTileSide - 1) / kTileSide;
  const int tiles_down = (spec.rows + kTileSide - 1) / kTileSide;
  const size_t tile_count = static_cast<size_t>(tiles_across) * static_cast<size_t>(tiles_down);
  // BigTIFF only when a classic TIFF's 4 GB of offsets might not do, as GDAL decides.
  const bool big = spec.cell_count() * sizeof(float) > 4'000'000'000ULL;
  const int workers = std::max(1, threads);
  write_via_temporary(path, [&](const std::string& temporary) {
    TiffFile file(path, temporary, big);
    errno = 0;
    set_tags(file.get(), spec, epsg, metadata_xml, file);
    // Tiles are compressed a batch at a time on all threads, then written in file order: the
    // file is the same for any thread count, and at most a batch of compressed tiles is held.
    std::vector<std::unique_ptr<TileEncoder>> encoders;
    for (int w = 0; w < workers; ++w) encoders.push_back(std::make_unique<TileEncoder>());
    const size_t batch = 16 * static_cast<size_t>(workers);
    std::vector<std::vector<uint8_t>> compressed(std::min(batch, tile_count));
    for (size_t first = 0; first < tile_count; first += batch) {
      const size_t count = std::min(batch, tile_count - first);
      std::atomic<size_t> next{0};
      parallel_workers(workers, [&](int worker) {
        for (size_t i = next++; i < count; i = next++) {
          const size_t tile = first + i;
          encoders[static_cast<size_t>(worker)]->encode(
              spec, north_up, static_cast<int>(tile % static_cast<size_t>(tiles_across)),
              static_cast<int>(tile / static_cast<size_t>(tiles_across)), compressed[i]);
        }
      });
      for (size_t i = 0; i < count; ++i) {
        errno = 0;
        file.check(TIFFWriteRawTile(file.get(), static_cast<uint32_t>(first + i),
                                    compressed[i].data(),
                                    static_cast<tmsize_t>(compressed[i].size())) ==
                   static_cast<tmsize_t>(compressed[i].size()));
      }
    }
    errno = 0;
    file.close();
  });
}

}  // namespace hotspot::density
