#include "engine/wards/ward_loader.hpp"

#include <geos_c.h>
#include <ogrsf_frmts.h>
#include <sys/stat.h>

#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <regex>

#include "engine/core/crs.hpp"
#include "engine/core/errors.hpp"
#include "engine/core/gdal_crs.hpp"
#include "engine/core/gdal_init.hpp"
#include "engine/core/text_encoding.hpp"
#include "engine/wards/ons_fields.hpp"
#include "engine/wards/overlap_check.hpp"
#include "engine/wards/population_csv.hpp"

namespace hotspot::wards {

namespace {

bool is_polygon_type(OGRwkbGeometryType type) {
  const auto flat = wkbFlatten(type);
  return flat == wkbPolygon || flat == wkbMultiPolygon || flat == wkbCurvePolygon ||
         flat == wkbMultiSurface || flat == wkbUnknown || flat == wkbGeometryCollection;
}

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// The first field whose lower-case name matches `pattern` (ECMAScript regex), else "".
std::string find_field(OGRFeatureDefn& definition, const std::string& pattern) {
  const std::regex wanted(pattern);
  for (int i = 0; i < definition.GetFieldCount(); ++i) {
    const std::string name = definition.GetFieldDefn(i)->GetNameRef();
    if (std::regex_match(lower(name), wanted)) return name;
  }
  return "";
}

// Checks a geometry with GEOS and repairs it with GEOSMakeValid when invalid. Returns the
// (possibly repaired) geometry; `reason` is set when a repair happened.
std::unique_ptr<OGRGeometry> repaired_with_geos(const OGRGeometry& geometry, std::string& reason) {
  GEOSContextHandle_t geos = GEOS_init_r();
  std::vector<unsigned char> wkb(static_cast<size_t>(geometry.WkbSize()));
  geometry.exportToWkb(wkbNDR, wkb.data(), wkbVariantIso);
  GEOSGeometry* input = GEOSGeomFromWKB_buf_r(geos, wkb.data(), wkb.size());
  std::unique_ptr<OGRGeometry> result(geometry.clone());
  if (input && GEOSisValid_r(geos, input) != 1) {
    char* why = GEOSisValidReason_r(geos, input);
    reason = why ? why : "invalid";
    GEOSFree_r(geos, why);
    if (GEOSGeometry* fixed = GEOSMakeValid_r(geos, input)) {
      size_t size = 0;
      unsigned char* out = GEOSGeomToWKB_buf_r(geos, fixed, &size);
      OGRGeometry* parsed = nullptr;
      OGRGeometryFactory::createFromWkb(out, nullptr, &parsed, size);
      GEOSFree_r(geos, out);
      GEOSGeom_destroy_r(geos, fixed);
      if (parsed) result.reset(parsed);
    }
  }
  if (input) GEOSGeom_destroy_r(geos, input);
  GEOS_finish_r(geos);
  return result;
}

// Appends every polygon part of `geometry` (collections included; lines and points are the
// debris of repairs and are dropped) as rings of raw coordinates.
using RawRing = std::vector<std::pair<double, double>>;
using RawPolygon = std::vector<RawRing>;  // outer first, then holes
void collect_polygons(const OGRGeometry& geometry, std::vector<RawPolygon>& out) {
  const auto flat = wkbFlatten(geometry.getGeometryType());
  if (flat == wkbPolygon) {
    const auto& polygon = *geometry.toPolygon();
    RawPolygon raw;
    for (const OGRLinearRing* ring : polygon) {
      RawRing points;
      for (const OGRPoint& point : *ring) points.emplace_back(point.getX(), point.getY());
      if (points.size() >= 4) raw.push_back(std::move(points));
    }
    if (!raw.empty()) out.push_back(std::move(raw));
  } else if (OGR_GT_IsSubClassOf(flat, wkbGeometryCollection)) {
    for (const OGRGeometry* part : *geometry.toGeometryCollection()) collect_polygons(*part, out);
  } else if (OGR_GT_IsCurve(flat) || OGR_GT_IsSurface(flat)) {
    std::unique_ptr<OGRGeometry> linear(geometry.getLinearGeometry());
    if (linear && wkbFlatten(linear->getGeometryType()) != flat) collect_polygons(*linear, out);
  }
}

struct RawWard {
  std::string code, name;
  double population = std::numeric_limits<double>::quiet_NaN();
  std::vector<RawPolygon> polygons;
};

OGRLayer* pick_layer(GDALDataset& dataset, const WardLoadOptions& options) {
  if (!options.layer.empty()) {
    OGRLayer* layer = dataset.GetLayerByName(options.layer.c_str());
    if (!layer) throw InputError(options.path, 0, "", "has no layer named '" + options.layer + "'");
    return layer;
  }
  for (int i = 0; i < dataset.GetLayerCount(); ++i)
    if (is_polygon_type(dataset.GetLayer(i)->GetGeomType())) return dataset.GetLayer(i);
  throw InputError(options.path, 0, "",
                   "has no polygon layer: the ward file must hold ward boundaries as polygons");
}

// Text from the ward file as valid UTF-8 (a shapefile's DBF may be Windows-1252).
std::string as_utf8(const char* text) {
  const std::string_view view = text ? text : "";
  return is_valid_utf8(view) ? std::string(view) : windows_1252_to_utf8(view);
}

// GDAL's own last error, fit for a message (GDAL may quote file content).
std::string gdal_reason() {
  const std::string reason = sanitise_for_message(CPLGetLastErrorMsg(), 200);
  return reason.empty() ? "" : " (GDAL: " + reason + ")";
}

// Stops with a clear message when the layer's extent cannot be right for its CRS: degrees under
// a projected CRS, metres under a geographic one, or an extent outside the CRS's area of use.
void check_extent_fits_crs(const std::string& path, const OGRSpatialReference& srs,
                           const std::string& crs, const OGREnvelope& envelope) {
  const bool geographic = srs.IsGeographic();
  const bool looks_like_degrees = std::fabs(envelope.MinX) <= 180 &&
                                  std::fabs(envelope.MaxX) <= 180 &&
                                  std::fabs(envelope.MinY) <= 90 && std::fabs(envelope.MaxY) <= 90;
  const std::string fix =
      ": the file's CRS (its .prj, or a GeoJSON's crs member) is wrong; give it the right one with "
      "ogr2ogr -a_srs, e.g. -a_srs EPSG:27700 for British National Grid";
  if (geographic && !looks_like_degrees)
    throw InputError(path, 0, "",
                     "the ward coordinates look like metres (beyond ±180/±90), but the ward "
                     "layer's CRS " +
                         sanitise_for_message(crs) + " is in degrees" + fix);
  if (!geographic && looks_like_degrees && envelope.MaxX - envelope.MinX < 1000 &&
      envelope.MaxY - envelope.MinY < 1000)
    throw InputError(path, 0, "",
                     "the ward coordinates look like longitude/latitude (the whole layer spans "
                     "under 1 km), but the ward layer's CRS " +
                         sanitise_for_message(crs) + " is in metres" + fix);
  double west = 0, south = 0, east = 0, north = 0;
  const char* area_name = nullptr;
  if (geographic || !srs.GetAreaOfUse(&west, &south, &east, &north, &area_name) || west > east)
    return;
  CoordinateTransform to_wgs84(crs, "EPSG:4326");
  std::vector<double> xs = {envelope.MinX, envelope.MaxX, envelope.MinX, envelope.MaxX};
  std::vector<double> ys = {envelope.MinY, envelope.MinY, envelope.MaxY, envelope.MaxY};
  to_wgs84.transform(xs.data(), ys.data(), xs.size());
  const double margin_deg = 5;  // CRSs are used a little beyond their stated area
  for (size_t i = 0; i < xs.size(); ++i)
    if (!std::isnan(xs[i]) && (xs[i] < west - margin_deg || xs[i] > east + margin_deg ||
                               ys[i] < south - margin_deg || ys[i] > north + margin_deg))
      throw InputError(path, 0, "",
                       "the ward layer's extent lies outside the area where its CRS " +
                           sanitise_for_message(crs) + " is used (" +
                           sanitise_for_message(area_name ? area_name : "") + ")" + fix);
}

// Overlapping wards: a note for small overlaps (generalised boundaries often overlap a little,
// and the join still gives each incident one ward), an error when one ward lies mostly inside
// another (two sets of wards in one file: every count in the overlap would go to one of them).
void check_overlaps(const std::string& path, const WardSet& wards, WardLoadReport& report) {
  const std::vector<WardOverlap> overlaps = find_overlaps(wards);
  report.overlapping_pairs = static_cast<int>(overlaps.size());
  if (overlaps.empty()) return;
  const auto worst = std::max_element(
      overlaps.begin(), overlaps.end(),
      [](const auto& a, const auto& b) { return a.share_of_smaller < b.share_of_smaller; });
  auto pair_name = [&](const WardOverlap& overlap) {
    return sanitise_for_message(wards.code[overlap.first], 20) + " and " +
           sanitise_for_message(wards.code[overlap.second], 20);
  };
  auto percent = [](double share) { return std::to_string(std::lround(share * 100)) + "%"; };
  if (worst->share_of_smaller > 0.5)
    throw InputError(path, 0, "",
                     "wards " + pair_name(*worst) + " overlap over " +
                         percent(worst->share_of_smaller) +
                         " of the smaller one: the file seems to hold two sets of wards (two "
                         "years?) or a ward twice; keep one set");
  std::string list;
  for (size_t i = 0; i < overlaps.size() && i < 10; ++i)
    list += (i ? "; " : "") + pair_name(overlaps[i]) + " (" +
            std::to_string(std::lround(overlaps[i].area_m2)) + " m², " +
            percent(overlaps[i].share_of_smaller) + " of the smaller)";
  if (overlaps.size() > 10) list += "; ...";
  report.notes.push_back(std::to_string(overlaps.size()) + " pairs of wards overlap: " + list +
                         ". An incident in an overlap is counted in the first ward only");
}

}  // namespace

WardSet load_wards(const WardLoadOptions& options, WardLoadReport& report) {
  ensure_gdal_registered();
  struct stat info {};
  if (::stat(options.path.c_str(), &info) != 0)
    throw InputError(options.path, 0, "", "the ward file does not exist: check the path");
  if (!S_ISREG(info.st_mode) && !S_ISDIR(info.st_mode))  // a FIFO would block GDAL for ever
    throw InputError(options.path, 0, "",
                     "the ward file is not a regular file (a pipe or device): give a file saved "
                     "on disk");
  CPLErrorReset();
  GDALDatasetUniquePtr dataset(
      GDALDataset::Open(options.path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  if (!dataset)
    throw InputError(options.path, 0, "",
                     "cannot read the ward file" + gdal_reason() +
                         ": check that it is a complete file in a format GDAL reads (GeoPackage, "
                         "Shapefile, GeoJSON, FlatGeobuf...)");
  // --wards-sql: the areas a query selects (the result set is released before the dataset).
  std::unique_ptr<OGRLayer, std::function<void(OGRLayer*)>> query(
      nullptr, [&dataset](OGRLayer* set) { dataset->ReleaseResultSet(set); });
  if (!options.sql.empty()) {
    query.reset(dataset->ExecuteSQL(options.sql.c_str(), nullptr, nullptr));
    if (!query)
      throw InputError(options.path, 0, "",
                       std::string("the --wards-sql query failed: ") + CPLGetLastErrorMsg());
  }
  OGRLayer* layer = query ? query.get() : pick_layer(*dataset, options);
  report.layer_name = layer->GetName();
  OGRFeatureDefn& definition = *layer->GetLayerDefn();

  auto field_or_detect = [&](const std::string& given, const std::string& pattern,
                             const char* what) {
    if (!given.empty()) {
      if (definition.GetFieldIndex(given.c_str()) < 0)
        throw InputError(options.path, 0, given,
                         std::string("no such field for the ward ") + what +
                             "; the layer's fields are listed by ogrinfo -so");
      return given;
    }
    return find_field(definition, pattern);
  };
  std::vector<std::string> field_names;
  for (int i = 0; i < definition.GetFieldCount(); ++i)
    field_names.push_back(definition.GetFieldDefn(i)->GetNameRef());
  const AreaFields detected = detect_area_fields(field_names);
  report.code_field = field_or_detect(options.code_field, "$^", "code");
  report.name_field = field_or_detect(options.name_field, "$^", "name");
  if (options.code_field.empty()) report.code_field = detected.code;
  if (options.name_field.empty() &&
      (options.code_field.empty() || detected.code == report.code_field))
    report.name_field = detected.name;
  report.geography =
      options.code_field.empty() ? detected.geography : geography_of(report.code_field);
  const std::string population_field =
      field_or_detect(options.population_field,
                      "(population|pop|residents|usual_residents|all_ages)", "population");
  if (report.code_field.empty()) {
    std::string listed;
    for (const std::string& name : field_names) listed += (listed.empty() ? "" : ", ") + name;
    throw InputError(options.path, 0, "",
                     "no area code field found (looked for ONS codes such as WD23CD, LSOA21CD, "
                     "MSOA11CD, OA21CD, LAD23CD, and ward_code, code); the layer has: " +
                         (listed.empty() ? std::string("no fields") : listed) +
                         ". Name it with --ward-code-field");
  }
  if (report.name_field.empty()) {
    report.name_field = report.code_field;
    report.notes.push_back("no name field found next to " + report.code_field +
                           ": the codes are shown as names (name one with --ward-name-field)");
  }

  const OGRSpatialReference* srs = layer->GetSpatialRef();
  if (!srs)
    throw InputError(options.path, 0, "",
                     "the ward layer has no coordinate reference system (unknown CRS): add a .prj "
                     "file or convert it with ogr2ogr -a_srs EPSG:27700");
  report.source_crs = crs_name(*srs);

  std::vector<RawWard> raw_wards;
  std::map<std::string, size_t> by_code;
  int feature_number = 0;
  for (const auto& feature : *layer) {
    ++feature_number;
    const std::string code = as_utf8(feature->GetFieldAsString(report.code_field.c_str()));
    const OGRGeometry* geometry = feature->GetGeometryRef();
    if (code.empty())
      throw InputError(options.path, feature_number, report.code_field, "empty ward code");
    if (!geometry || geometry->IsEmpty()) {
      report.notes.push_back("ward " + code + " (feature " + std::to_string(feature_number) +
                             ") has no geometry and was left out");
      continue;
    }
    std::string reason;
    const auto valid = repaired_with_geos(*geometry, reason);
    if (!reason.empty())
      report.repaired.push_back(code + ": " + reason + " (repaired with GEOS MakeValid)");
    auto [slot, inserted] = by_code.emplace(code, raw_wards.size());
    if (inserted) {
      raw_wards.push_back(
          RawWard{code, as_utf8(feature->GetFieldAsString(report.name_field.c_str())), NAN, {}});
    } else {
      report.notes.push_back("ward " + code +
                             " appears in several features; their parts were merged");
    }
    RawWard& ward = raw_wards[slot->second];
    if (!population_field.empty() &&
        feature->IsFieldSetAndNotNull(definition.GetFieldIndex(population_field.c_str()))) {
      ward.population = feature->GetFieldAsDouble(population_field.c_str());
      if (!(ward.population >= 0 && ward.population <= 1e7))
        throw InputError(options.path, feature_number, population_field,
                         "population must be a number of residents from 0 to 10 million");
    }
    const size_t before = ward.polygons.size();
    collect_polygons(*valid, ward.polygons);
    if (ward.polygons.size() == before)
      report.notes.push_back("ward " + code + " has no polygon area and was left out");
  }
  report.features_read = feature_number;
  std::erase_if(raw_wards, [](const RawWard& ward) { return ward.polygons.empty(); });
  if (raw_wards.empty())
    throw InputError(options.path, 0, "", "the ward layer holds no polygons: nothing to analyse");

  // Choose the analysis CRS from the wards' extent in WGS84.
  OGREnvelope envelope;
  if (layer->GetExtent(&envelope, TRUE) != OGRERR_NONE)
    throw InputError(options.path, 0, "", "cannot compute the extent of the ward layer");
  check_extent_fits_crs(options.path, *srs, report.source_crs, envelope);
  if (options.analysis_crs.empty()) {
    CoordinateTransform to_wgs84(report.source_crs, "EPSG:4326");
    std::vector<double> xs = {envelope.MinX, envelope.MaxX, envelope.MinX, envelope.MaxX};
    std::vector<double> ys = {envelope.MinY, envelope.MinY, envelope.MaxY, envelope.MaxY};
    to_wgs84.transform(xs.data(), ys.data(), xs.size());
    for (double value : xs)
      if (std::isnan(value))
        throw InputError(options.path, 0, "",
                         "the ward layer's coordinates cannot be placed on the Earth in its CRS " +
                             sanitise_for_message(report.source_crs) +
                             ": the file's CRS (its .prj) is wrong; fix it with ogr2ogr -a_srs");
    report.analysis_crs = choose_analysis_crs(
        *std::min_element(xs.begin(), xs.end()), *std::min_element(ys.begin(), ys.end()),
        *std::max_element(xs.begin(), xs.end()), *std::max_element(ys.begin(), ys.end()));
  } else {
    report.analysis_crs = options.analysis_crs;
  }

  CoordinateTransform to_analysis(report.source_crs, report.analysis_crs);
  WardSet wards;
  bg::assign_inverse(wards.extent);
  std::vector<double> xs, ys;
  for (RawWard& raw : raw_wards) {
    MultiPolygon shape;
    for (const RawPolygon& raw_polygon : raw.polygons) {
      Polygon polygon;
      for (size_t r = 0; r < raw_polygon.size(); ++r) {
        xs.clear();
        ys.clear();
        for (const auto& [x, y] : raw_polygon[r]) {
          xs.push_back(x);
          ys.push_back(y);
        }
        to_analysis.transform(xs.data(), ys.data(), xs.size());
        Ring& ring =
            r == 0 ? polygon.outer() : (polygon.inners().emplace_back(), polygon.inners().back());
        for (size_t i = 0; i < xs.size(); ++i) ring.push_back(Point(xs[i], ys[i]));
      }
      shape.push_back(std::move(polygon));
    }
    bg::correct(shape);
    Box box;
    bg::envelope(shape, box);
    bg::expand(wards.extent, box);
    wards.code.push_back(raw.code);
    wards.name.push_back(raw.name);
    wards.population.push_back(raw.population);
    wards.shape.push_back(std::move(shape));
  }
  report.transform_operation = to_analysis.operation_name();
  report.transform_accuracy_m = to_analysis.accuracy_m();
  report.population_source = population_field.empty() ? "" : "layer field " + population_field;

  if (!options.population_csv.empty()) {
    std::fill(wards.population.begin(), wards.population.end(),
              std::numeric_limits<double>::quiet_NaN());
    report.population_source = options.population_csv;
    std::map<std::string, size_t> index;
    for (size_t w = 0; w < wards.size(); ++w) index.emplace(wards.code[w], w);
    std::vector<std::string> unmatched;
    for (const auto& [code, residents] : read_population_csv(options.population_csv)) {
      const auto found = index.find(code);
      if (found == index.end())
        unmatched.push_back(code);
      else
        wards.population[found->second] = residents;
    }
    if (!unmatched.empty()) {
      std::string list;
      for (size_t i = 0; i < unmatched.size() && i < 10; ++i)
        list += (i ? ", " : "") + sanitise_for_message(unmatched[i], 20);
      if (unmatched.size() > 10) list += ", ...";
      report.population_codes_unmatched = static_cast<int>(unmatched.size());
      report.notes.push_back(std::to_string(unmatched.size()) + " rows of " +
                             sanitise_for_message(options.population_csv, 400) +
                             " name ward codes that are not in the ward layer (" + list +
                             "): another area or year?");
    }
  }
  check_overlaps(options.path, wards, report);
  std::vector<std::string> without;
  for (size_t w = 0; w < wards.size(); ++w)
    if (std::isnan(wards.population[w])) without.push_back(wards.code[w]);
  report.wards_without_population = static_cast<int>(without.size());
  if (!without.empty()) {
    std::string list;
    for (size_t i = 0; i < without.size() && i < 10; ++i) list += (i ? ", " : "") + without[i];
    if (without.size() > 10) list += ", ...";
    report.notes.push_back(report.population_source.empty()
                               ? "no population given (use --population FILE.csv with "
                                 "ward_code,population): rates per 1,000 are left empty"
                               : std::to_string(without.size()) + " wards have no population (" +
                                     list + "): their rates per 1,000 are left empty");
  }
  return wards;
}

}  // namespace hotspot::wards
