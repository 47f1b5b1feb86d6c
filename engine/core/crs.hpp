// Coordinate systems: the choice of analysis CRS (metres) and PROJ transformations into it.
// Axis order is normalised for GIS use (x = easting/longitude, y = northing/latitude), and the
// operation is PROJ's own choice (proj_create_crs_to_crs); its name and accuracy are reported.
#pragma once
#include <cstddef>
#include <memory>
#include <string>

namespace hotspot {

// A transformation from one CRS to another. Not thread-safe: give each thread its own copy.
class CoordinateTransform {
 public:
  // Throws ConfigError naming the CRS when PROJ does not know it.
  CoordinateTransform(const std::string& source_crs, const std::string& target_crs);
  ~CoordinateTransform();
  CoordinateTransform(const CoordinateTransform&) = delete;
  CoordinateTransform& operator=(const CoordinateTransform&) = delete;

  // Transforms n points in place. Points PROJ cannot transform become NaN.
  void transform(double* x, double* y, size_t n);

  // The operation PROJ used for the last transformed batch ("Inverse of ... + British National
  // Grid", ...) and its stated accuracy in metres (-1 when PROJ does not state one). Asked of
  // PROJ when called, not after every batch: describing an operation costs more than
  // transforming one point, and the writers transform area centres one at a time.
  std::string operation_name() const;
  double accuracy_m() const;
  const std::string& source() const { return source_; }
  const std::string& target() const { return target_; }

 private:
  struct State;
  std::unique_ptr<State> state_;
  std::string source_, target_, operation_name_;  // the operation before any transform
  double accuracy_m_ = -1;
};

// The analysis CRS for data whose WGS84 bounding box is given: EPSG:27700 (British National
// Grid) when it lies within Great Britain's grid, else the UTM zone of its centre.
std::string choose_analysis_crs(double lon_min, double lat_min, double lon_max, double lat_max);

// True when PROJ knows `crs` ("EPSG:27700", a WKT string, a PROJ string...).
bool is_known_crs(const std::string& crs);

// Well-known text (WKT2) of a CRS, for GDAL outputs.
std::string crs_to_wkt(const std::string& crs);

// The EPSG code of a projected CRS ("EPSG:27700" gives 27700), for writers that store the code
// itself (GeoTIFF keys); 0 when `crs` is not a projected CRS with an EPSG code.
int projected_epsg_code(const std::string& crs);

}  // namespace hotspot
