// Address points for cocooning: any GDAL point layer (OS AddressBase extract, a council's LLPG,
// a GeoPackage of UPRNs), read into the analysis CRS with one label per point.
// The label is the named field, else the first of address / full_address / addr / label / name /
// uprn that the layer has, else "feature N".
#pragma once
#include <string>
#include <vector>

namespace hotspot::nearrepeat {

struct AddressSet {
  std::vector<double> x_m, y_m;  // analysis CRS
  std::vector<std::string> label;
  std::string label_field;  // the field the labels came from ("" for feature numbers)
  int64_t features_read = 0;
  int64_t not_points = 0;  // features without a point geometry, left out
  size_t size() const { return x_m.size(); }
};

// Throws InputError naming the file (and field) for an unreadable file, a layer without CRS, or
// a named field the layer lacks.
AddressSet read_addresses(const std::string& path, const std::string& label_field,
                          const std::string& analysis_crs);

}  // namespace hotspot::nearrepeat
