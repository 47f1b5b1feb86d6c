#include "engine/density/population_layer.hpp"

#include <ogrsf_frmts.h>

#include <algorithm>
#include <cmath>
#include <regex>

#include "engine/core/crs.hpp"
#include "engine/core/errors.hpp"
#include "engine/core/gdal_crs.hpp"
#include "engine/core/gdal_init.hpp"

namespace hotspot::density {

namespace {

constexpr int kScanLinesPerCell = 8;

bool is_polygon(OGRwkbGeometryType type) {
  const auto flat = wkbFlatten(type);
  return flat == wkbPolygon || flat == wkbMultiPolygon || flat == wkbCurvePolygon ||
         flat == wkbMultiSurface;
}

bool is_point(OGRwkbGeometryType type) {
  const auto flat = wkbFlatten(type);
  return flat == wkbPoint || flat == wkbMultiPoint;
}

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

std::string layer_crs(OGRLayer& layer) {
  const OGRSpatialReference* srs = layer.GetSpatialRef();
  return srs ? crs_name(*srs) : "";
}

void collect_polygons(const OGRGeometry& geometry, MultiPolygon& out) {
  const auto flat = wkbFlatten(geometry.getGeometryType());
  if (flat == wkbPolygon) {
    Polygon polygon;
    bool exterior = true;
    for (const OGRLinearRing* ring : *geometry.toPolygon()) {
      Ring points;
      for (const OGRPoint& point : *ring) points.emplace_back(point.getX(), point.getY());
      if (exterior)
        polygon.outer() = std::move(points);
      else
        polygon.inners().push_back(std::move(points));
      exterior = false;
    }
    out.push_back(std::move(polygon));
  } else if (OGR_GT_IsSubClassOf(flat, wkbGeometryCollection)) {
    for (const OGRGeometry* part : *geometry.toGeometryCollection()) collect_polygons(*part, out);
  } else if (OGR_GT_IsSurface(flat)) {
    std::unique_ptr<OGRGeometry> linear(geometry.getLinearGeometry());
    if (linear && wkbFlatten(linear->getGeometryType()) != flat) collect_polygons(*linear, out);
  }
}

void collect_points(const OGRGeometry& geometry, std::vector<Point>& out) {
  const auto flat = wkbFlatten(geometry.getGeometryType());
  if (flat == wkbPoint)
    out.emplace_back(geometry.toPoint()->getX(), geometry.toPoint()->getY());
  else if (OGR_GT_IsSubClassOf(flat, wkbGeometryCollection))
    for (const OGRGeometry* part : *geometry.toGeometryCollection()) collect_points(*part, out);
}

// Crossings of the rings of `shape` with the horizontal line at y, sorted: covered stretches
// are between crossings 0–1, 2–3, … (even–odd rule; edges half-open in y).
void crossings(const MultiPolygon& shape, double y, std::vector<double>& out) {
  out.clear();
  auto ring_crossings = [&](const Ring& ring) {
    for (size_t i = 0; i + 1 < ring.size(); ++i) {
      const Point &a = ring[i], &b = ring[i + 1];
      if ((a.y() <= y) == (b.y() <= y)) continue;
      out.push_back(a.x() + (y - a.y()) * (b.x() - a.x()) / (b.y() - a.y()));
    }
  };
  for (const Polygon& polygon : shape) {
    ring_crossings(polygon.outer());
    for (const Ring& inner : polygon.inners()) ring_crossings(inner);
  }
  std::sort(out.begin(), out.end());
}

}  // namespace

PopulationLayer read_population_layer(const std::string& path, const std::string& field,
                                      const std::string& analysis_crs) {
  ensure_gdal_registered();
  GDALDatasetUniquePtr dataset(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  if (!dataset)
    throw InputError(path, 0, "",
                     "cannot open the population-at-risk layer: check the path, and that it is a "
                     "format GDAL reads (GeoPackage, Shapefile, GeoJSON, FlatGeobuf...)");
  OGRLayer* layer = nullptr;
  for (int i = 0; i < dataset->GetLayerCount() && !layer; ++i) {
    const OGRwkbGeometryType type = dataset->GetLayer(i)->GetGeomType();
    if (is_polygon(type) || is_point(type)) layer = dataset->GetLayer(i);
  }
  if (!layer)
    throw InputError(path, 0, "",
                     "has no point or polygon layer: give dwellings as points, or residents or "
                     "dwellings per area as polygons");
  PopulationLayer result;
  result.path = path;
  result.layer_name = layer->GetName();
  result.polygons = is_polygon(layer->GetGeomType());
  OGRFeatureDefn& definition = *layer->GetLayerDefn();
  int field_index = -1;
  if (!field.empty()) {
    field_index = definition.GetFieldIndex(field.c_str());
    if (field_index < 0)
      throw InputError(path, 0, field,
                       "the layer has no field of this name; its fields are listed by ogrinfo -so");
  } else if (result.polygons) {
    const std::regex wanted(
        "(population|pop|residents|usual_residents|all_ages|dwellings|"
        "households|count)");
    for (int i = 0; i < definition.GetFieldCount() && field_index < 0; ++i)
      if (std::regex_match(lower(definition.GetFieldDefn(i)->GetNameRef()), wanted))
        field_index = i;
    if (field_index < 0)
      throw InputError(path, 0, "",
                       "polygons need a value to spread (residents or dwellings): none of the "
                       "fields is named population, residents, dwellings, households or count; "
                       "name it with --population-at-risk-field");
  }
  if (field_index >= 0) result.field = definition.GetFieldDefn(field_index)->GetNameRef();
  const std::string source_crs = layer_crs(*layer);
  if (source_crs.empty())
    throw InputError(path, 0, "",
                     "the layer has no coordinate reference system: add one with ogr2ogr -a_srs");
  CoordinateTransform transform(source_crs, analysis_crs);

  for (const auto& feature : *layer) {
    ++result.features;
    const OGRGeometry* geometry = feature->GetGeometryRef();
    double weight = 1;
    if (field_index >= 0) {
      if (!feature->IsFieldSetAndNotNull(field_index)) {
        ++result.skipped;
        continue;
      }
      const char* text = feature->GetFieldAsString(field_index);
      char* end = nullptr;
      weight = std::strtod(text, &end);
      if (end == text || *end != '\0' || !(weight >= 0) || !std::isfinite(weight))
        throw InputError(
            path, result.features, result.field,
            "feature " + std::to_string(result.features) + ": the value is not a number >= 0");
    }
    if (!geometry || geometry->IsEmpty()) {
      ++result.skipped;
      continue;
    }
    if (result.polygons) {
      MultiPolygon shape;
      collect_polygons(*geometry, shape);
      for (Polygon& polygon : shape) {
        std::vector<double> xs, ys;
        auto move = [&](Ring& ring) {
          xs.clear();
          ys.clear();
          for (const Point& p : ring) xs.push_back(p.x()), ys.push_back(p.y());
          transform.transform(xs.data(), ys.data(), xs.size());
          for (size_t i = 0; i < ring.size(); ++i) ring[i] = Point(xs[i], ys[i]);
        };
        move(polygon.outer());
        for (Ring& inner : polygon.inners()) move(inner);
      }
      bg::correct(shape);  // Boost's orientation, for areas and centroids
      result.shapes.push_back(std::move(shape));
      result.shape_weight.push_back(weight);
    } else {
      std::vector<Point> points;
      collect_points(*geometry, points);
      for (const Point& point : points) {
        double x = point.x(), y = point.y();
        transform.transform(&x, &y, 1);
        if (std::isnan(x) || std::isnan(y)) continue;
        result.x.push_back(x);
        result.y.push_back(y);
        result.weight.push_back(weight / static_cast<double>(points.size()));
      }
    }
    result.total += weight;
  }
  if (result.total <= 0)
    throw InputError(path, 0, result.field,
                     "the population at risk adds up to 0: nothing to divide the incidents by");
  return result;
}

// Hand-written: GDAL's rasteriser burns whole cells (centre or all-touched), not the share of a
// cell a polygon covers, and the share is what keeps each polygon's total intact.
WeightedPoints spread_polygons(const std::vector<MultiPolygon>& shapes,
                               const std::vector<double>& weights, const GridSpec& spec,
                               const std::vector<uint8_t>& inside) {
  std::vector<double> mass(spec.cell_count(), 0.0);
  std::vector<double> line;
  const double step = spec.cell_size_m / kScanLinesPerCell;
  for (size_t s = 0; s < shapes.size(); ++s) {
    if (!(weights[s] > 0)) continue;
    Box box;
    bg::envelope(shapes[s], box);
    // Scan lines over the polygon's whole extent (also beyond the grid), so that a polygon
    // reaching past the grid keeps only the share of its value that lies on the grid.
    const auto first_row =
        static_cast<int64_t>(std::floor((box.min_corner().y() - spec.ymin) / spec.cell_size_m));
    const auto last_row =
        static_cast<int64_t>(std::floor((box.max_corner().y() - spec.ymin) / spec.cell_size_m));
    std::vector<std::pair<size_t, double>> pieces;  // (cell, area covered)
    double total = 0;
    for (int64_t row = first_row; row <= last_row; ++row)
      for (int k = 0; k < kScanLinesPerCell; ++k) {
        const double y = spec.ymin + double(row) * spec.cell_size_m + (k + 0.5) * step;
        crossings(shapes[s], y, line);
        for (size_t i = 0; i + 1 < line.size(); i += 2) {
          total += (line[i + 1] - line[i]) * step;
          if (row < 0 || row >= spec.rows) continue;
          // The stretch's part on the grid, split at cell boundaries.
          const double from = std::max(line[i], spec.xmin), to = std::min(line[i + 1], spec.xmax());
          if (!(from < to)) continue;
          const auto column_of = [&](double x) {
            return std::clamp<int32_t>(static_cast<int32_t>((x - spec.xmin) / spec.cell_size_m), 0,
                                       spec.columns - 1);
          };
          for (int32_t column = column_of(from); column <= column_of(to); ++column) {
            const double left = spec.xmin + column * spec.cell_size_m;
            const double length = std::min(to, left + spec.cell_size_m) - std::max(from, left);
            if (length > 0)
              pieces.emplace_back(spec.index(column, static_cast<int32_t>(row)), length * step);
          }
        }
      }
    if (total > 0) {
      for (const auto& [cell, area] : pieces) mass[cell] += weights[s] * area / total;
    } else {  // smaller than the scan lines: all of it where its centroid is
      Point centroid(0, 0);
      bg::centroid(shapes[s], centroid);
      const double column = std::floor((centroid.x() - spec.xmin) / spec.cell_size_m);
      const double row = std::floor((centroid.y() - spec.ymin) / spec.cell_size_m);
      if (column >= 0 && column < spec.columns && row >= 0 && row < spec.rows)
        mass[spec.index(static_cast<int32_t>(column), static_cast<int32_t>(row))] += weights[s];
    }
  }
  WeightedPoints points;
  for (int32_t row = 0; row < spec.rows; ++row)
    for (int32_t column = 0; column < spec.columns; ++column) {
      const size_t i = spec.index(column, row);
      if (mass[i] <= 0 || !inside[i]) continue;
      points.x.push_back(spec.centre_x(column));
      points.y.push_back(spec.centre_y(row));
      points.weight.push_back(mass[i]);
    }
  return points;
}

}  // namespace hotspot::density
