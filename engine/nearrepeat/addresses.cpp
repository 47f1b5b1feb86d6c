#include "engine/nearrepeat/addresses.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cmath>

#include "engine/core/crs.hpp"
#include "engine/core/errors.hpp"
#include "engine/core/gdal_crs.hpp"
#include "engine/core/gdal_init.hpp"

namespace hotspot::nearrepeat {

namespace {

std::string detect_label_field(OGRFeatureDefn& definition) {
  for (const char* wanted :
       {"address", "full_address", "fulladdress", "addr", "label", "name", "uprn"})
    for (int i = 0; i < definition.GetFieldCount(); ++i) {
      std::string name = definition.GetFieldDefn(i)->GetNameRef();
      std::transform(name.begin(), name.end(), name.begin(), ::tolower);
      if (name == wanted) return definition.GetFieldDefn(i)->GetNameRef();
    }
  return "";
}

}  // namespace

AddressSet read_addresses(const std::string& path, const std::string& label_field,
                          const std::string& analysis_crs) {
  ensure_gdal_registered();
  GDALDatasetUniquePtr dataset(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  if (!dataset || dataset->GetLayerCount() == 0)
    throw InputError(path, 0, "",
                     "cannot open the address layer: give any point layer GDAL reads "
                     "(GeoPackage, Shapefile, GeoJSON, CSV with a geometry)");
  OGRLayer* layer = dataset->GetLayer(0);
  for (int i = 0; i < dataset->GetLayerCount(); ++i)
    if (wkbFlatten(dataset->GetLayer(i)->GetGeomType()) == wkbPoint) {
      layer = dataset->GetLayer(i);
      break;
    }
  OGRFeatureDefn& definition = *layer->GetLayerDefn();
  AddressSet addresses;
  if (!label_field.empty()) {
    if (definition.GetFieldIndex(label_field.c_str()) < 0)
      throw InputError(path, 0, label_field,
                       "no such field in the address layer; ogrinfo -so lists its fields");
    addresses.label_field = label_field;
  } else {
    addresses.label_field = detect_label_field(definition);
  }
  const OGRSpatialReference* srs = layer->GetSpatialRef();
  if (!srs)
    throw InputError(path, 0, "",
                     "the address layer has no coordinate reference system: add one with "
                     "ogr2ogr -a_srs EPSG:27700");
  CoordinateTransform to_analysis(crs_name(*srs), analysis_crs);
  for (const auto& feature : *layer) {
    ++addresses.features_read;
    const OGRGeometry* geometry = feature->GetGeometryRef();
    if (!geometry || geometry->IsEmpty() || wkbFlatten(geometry->getGeometryType()) != wkbPoint) {
      ++addresses.not_points;
      continue;
    }
    double x = geometry->toPoint()->getX(), y = geometry->toPoint()->getY();
    to_analysis.transform(&x, &y, 1);
    if (std::isnan(x) || std::isnan(y)) {
      ++addresses.not_points;
      continue;
    }
    addresses.x_m.push_back(x);
    addresses.y_m.push_back(y);
    addresses.label.push_back(addresses.label_field.empty()
                                  ? "feature " + std::to_string(addresses.features_read)
                                  : feature->GetFieldAsString(addresses.label_field.c_str()));
  }
  if (addresses.size() == 0) throw InputError(path, 0, "", "the address layer holds no points");
  return addresses;
}

}  // namespace hotspot::nearrepeat
