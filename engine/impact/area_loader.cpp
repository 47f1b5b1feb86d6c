#include "engine/impact/area_loader.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <memory>

#include "engine/core/crs.hpp"
#include "engine/core/errors.hpp"
#include "engine/core/gdal_crs.hpp"
#include "engine/core/gdal_init.hpp"

namespace hotspot::impact {

MultiPolygon load_area(const std::string& path, const std::string& id_field, const std::string& id,
                       const std::string& analysis_crs) {
  ensure_gdal_registered();
  GDALDatasetUniquePtr dataset(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  if (!dataset || dataset->GetLayerCount() == 0)
    throw InputError(path, 0, "",
                     "cannot open the area file: give a polygon layer GDAL reads (GeoJSON, "
                     "GeoPackage, Shapefile...)");
  OGRLayer* layer = dataset->GetLayer(0);
  const OGRSpatialReference* srs = layer->GetSpatialRef();
  if (!srs)
    throw InputError(path, 0, "",
                     "the area layer has no coordinate reference system: add one with ogr2ogr "
                     "-a_srs EPSG:27700");
  if (!id_field.empty() && layer->GetLayerDefn()->GetFieldIndex(id_field.c_str()) < 0)
    throw InputError(path, 0, id_field, "no such field in the area layer");
  std::unique_ptr<OGRGeometry> area;
  std::string some_ids;
  int features = 0;
  for (const auto& feature : *layer) {
    if (!id_field.empty()) {
      const std::string value = feature->GetFieldAsString(id_field.c_str());
      if (value != id) {
        if (++features <= 5) some_ids += (some_ids.empty() ? "" : ", ") + value;
        continue;
      }
    }
    const OGRGeometry* geometry = feature->GetGeometryRef();
    if (!geometry || geometry->IsEmpty()) continue;
    const auto type = wkbFlatten(geometry->getGeometryType());
    if (type != wkbPolygon && type != wkbMultiPolygon) continue;
    std::unique_ptr<OGRGeometry> valid(geometry->IsValid() ? geometry->clone()
                                                           : geometry->MakeValid());
    if (!valid) continue;
    area.reset(area ? area->Union(valid.get()) : valid.release());
  }
  if (!area) {
    if (!id_field.empty())
      throw InputError(path, 0, id_field,
                       "no area with id '" + id + "'" +
                           (some_ids.empty() ? "" : " (ids found: " + some_ids + ", ...)"));
    throw InputError(path, 0, "", "the area file holds no polygon");
  }
  std::unique_ptr<OGRGeometry> multi(OGRGeometryFactory::forceToMultiPolygon(area.release()));
  MultiPolygon shape;
  CoordinateTransform to_analysis(crs_name(*srs), analysis_crs);
  for (const OGRPolygon* polygon : *multi->toMultiPolygon()) {
    Polygon part;
    bool outer = true;
    for (const OGRLinearRing* ring : *polygon) {
      std::vector<double> xs, ys;
      for (const OGRPoint& point : *ring) {
        xs.push_back(point.getX());
        ys.push_back(point.getY());
      }
      to_analysis.transform(xs.data(), ys.data(), xs.size());
      Ring& target = outer ? part.outer() : (part.inners().emplace_back(), part.inners().back());
      for (size_t i = 0; i < xs.size(); ++i) target.push_back(Point(xs[i], ys[i]));
      outer = false;
    }
    shape.push_back(std::move(part));
  }
  bg::correct(shape);
  return shape;
}

}  // namespace hotspot::impact
