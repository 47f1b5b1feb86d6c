// GDAL point-layer incident sources (GeoPackage, Shapefile, GeoJSON, FlatGeobuf, ...).
#include <ogrsf_frmts.h>

#include <functional>
#include <memory>
#include <regex>

#include "engine/core/civil_time.hpp"
#include "engine/core/data_source.hpp"
#include "engine/core/errors.hpp"
#include "engine/core/gdal_crs.hpp"
#include "engine/core/gdal_init.hpp"
#include "engine/ingest/sources.hpp"

namespace hotspot::ingest {

namespace {

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

int field_index(OGRFeatureDefn& definition, const std::string& given, const char* pattern,
                const std::string& path) {
  if (!given.empty()) {
    const int index = definition.GetFieldIndex(given.c_str());
    if (index < 0) throw InputError(path, 0, given, "the layer has no field with this name");
    return index;
  }
  const std::regex wanted(pattern);
  for (int i = 0; i < definition.GetFieldCount(); ++i)
    if (std::regex_match(lower(definition.GetFieldDefn(i)->GetNameRef()), wanted)) return i;
  return -1;
}

std::string layer_crs(const OGRLayer& layer) {
  const OGRSpatialReference* srs = const_cast<OGRLayer&>(layer).GetSpatialRef();
  return srs ? crs_name(*srs) : "";
}

// A feature's time from a Date/DateTime field or a text field.
bool feature_time(OGRFeature& feature, int index, DateOrder order, ParsedTime& out) {
  const OGRFieldType type = feature.GetFieldDefnRef(index)->GetType();
  if (type == OFTDate || type == OFTDateTime) {
    int year, month, day, hour, minute, zone;
    float second;
    if (!feature.GetFieldAsDateTime(index, &year, &month, &day, &hour, &minute, &second, &zone))
      return false;
    if (!civil_time::is_valid_date(year, static_cast<unsigned>(month), static_cast<unsigned>(day)))
      return false;
    int64_t seconds =
        civil_time::to_seconds(year, static_cast<unsigned>(month), static_cast<unsigned>(day),
                               static_cast<unsigned>(hour), static_cast<unsigned>(minute), 0);
    if (zone > 1) {  // GDAL's TZFlag: 100 = UTC, each step 15 minutes
      const int64_t utc = seconds - static_cast<int64_t>(zone - 100) * 15 * 60;
      seconds = utc + civil_time::london_offset_s(utc);
    }
    out.local_time_s = seconds;
    out.precision = type == OFTDate ? TimePrecision::day : TimePrecision::minute;
    return true;
  }
  return parse_time(feature.GetFieldAsString(index), order, out);
}

}  // namespace

StagedRows read_layer_source(const std::string& source, const IngestOptions& options,
                             CategoryResolver& categories, StreetResolver& streets,
                             IngestResult& result) {
  ensure_gdal_registered();
  // A connection string is shown without its password (messages, rejects.csv, summary.json).
  const std::string path = redacted(source);
  GDALDatasetUniquePtr dataset(
      GDALDataset::Open(source.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  if (!dataset)
    throw InputError(path, 0, "",
                     is_connection_string(source)
                         ? "cannot open the database: " + redacted(CPLGetLastErrorMsg()) +
                               ". Check the connection string (dbname, host, user, tables=...)"
                         : std::string("cannot open as a CSV or a GDAL vector layer: check the "
                                       "path and the format"));
  OGRLayer* layer = nullptr;
  // --incidents-sql: the rows a query selects (released with the dataset's result sets).
  std::unique_ptr<OGRLayer, std::function<void(OGRLayer*)>> query(
      nullptr, [&dataset](OGRLayer* set) { dataset->ReleaseResultSet(set); });
  if (!options.sql.empty()) {
    CPLErrorReset();
    query.reset(dataset->ExecuteSQL(options.sql.c_str(), nullptr, nullptr));
    if (!query)
      throw InputError(path, 0, "",
                       "the --incidents-sql query failed: " + redacted(CPLGetLastErrorMsg()));
    layer = query.get();
  }
  for (int i = 0; i < dataset->GetLayerCount() && !layer; ++i) {
    const auto type = wkbFlatten(dataset->GetLayer(i)->GetGeomType());
    if (type == wkbPoint || type == wkbMultiPoint || type == wkbUnknown)
      layer = dataset->GetLayer(i);
  }
  if (!layer)
    throw InputError(path, 0, "",
                     "has no point layer: incidents must be points (in a database, name the table "
                     "with tables=NAME in the connection string, or give --incidents-sql)");
  OGRFeatureDefn& definition = *layer->GetLayerDefn();
  const int category = field_index(
      definition, options.category_column,
      "(offence|offence_type|crime type|crime_type|category|crime_category|type|hocode)", path);
  const int time = field_index(
      definition, options.time_column,
      "(occurred_at|occurred|datetime|date_time|committed|incident_date|date|timestamp|month)",
      path);
  const int id = field_index(definition, options.id_column,
                             "(id|incident_id|crime id|crime_id|crime_ref|reference|urn)", path);
  const int street = field_index(definition, options.street_column,
                                 "(street|street_name|road|road_name|location)", path);
  if (category < 0)
    throw InputError(path, 0, "",
                     "no offence category field found: name it with --category-column");
  if (time < 0)
    throw InputError(path, 0, "", "no date/time field found: name it with --time-column");

  StagedRows staged;
  staged.path = path;
  staged.format = dataset->GetDriver()->GetDescription();
  staged.crs = layer_crs(*layer);
  if (staged.crs.empty()) staged.crs = options.crs;
  if (staged.crs.empty())
    throw InputError(
        path, 0, "",
        "the layer has no coordinate reference system (unknown CRS): give it with --crs");
  const std::string category_name = definition.GetFieldDefn(category)->GetNameRef();
  const std::string time_name = definition.GetFieldDefn(time)->GetNameRef();
  const TextDecoder decoder(options.encoding);
  std::string scratch;
  const int64_t now_s = options.now_s != 0 ? options.now_s : local_now_s();
  int64_t feature_number = 0;
  for (const auto& feature : *layer) {
    ++feature_number;
    ++staged.rows;
    auto reject = [&](const std::string& field, const char* reason, const std::string& why) {
      char* json = feature->GetGeometryRef() ? feature->GetGeometryRef()->exportToJson() : nullptr;
      std::string raw = std::string("feature ") + std::to_string(feature->GetFID()) +
                        (json ? std::string(" ") + json : "");
      CPLFree(json);
      reject_row(result, path, feature_number, field, reason, why, raw);
    };
    const OGRGeometry* geometry = feature->GetGeometryRef();
    if (!geometry || geometry->IsEmpty()) {
      reject("geometry", "no-coordinates", "the feature has no location");
      continue;
    }
    if (wkbFlatten(geometry->getGeometryType()) != wkbPoint) {
      reject("geometry", "not-a-point", "the feature is not a point");
      continue;
    }
    const OGRPoint* point = geometry->toPoint();
    std::string_view category_text;
    bool decoded_1252 = false;
    if (!decoder.decode(feature->GetFieldAsString(category), scratch, category_text,
                        decoded_1252)) {
      reject(category_name, "bad-encoding",
             "the offence is not valid UTF-8 (--encoding utf-8 was given; use auto or "
             "windows-1252)");
      continue;
    }
    if (category_text.find_first_not_of(' ') == std::string_view::npos) {
      reject(category_name, "missing-category", "the feature has no offence category");
      continue;
    }
    ParsedTime parsed;
    if (!feature->IsFieldSetAndNotNull(time) ||
        !feature_time(*feature, time, options.date_order, parsed)) {
      reject(time_name, "bad-date", "not a date");
      continue;
    }
    if (!is_plausible_time(parsed.local_time_s, now_s)) {
      reject(time_name, "implausible-date",
             "the date is before 1990 or more than a day after today: a placeholder or a typing "
             "error");
      continue;
    }
    staged.x.push_back(point->getX());
    staged.y.push_back(point->getY());
    staged.category.push_back(
        categories.resolve(category_text, path, feature_number, category_name));
    if (decoded_1252) ++staged.rows_windows_1252;
    staged.local_time_s.push_back(parsed.local_time_s);
    staged.precision.push_back(parsed.precision);
    staged.line.push_back(feature_number);
    const std::string id_text = id >= 0 ? feature->GetFieldAsString(id) : "";
    staged.id_hash.push_back(id_text.empty() ? 0 : hash_id(id_text));
    if (street >= 0) staged.street.push_back(streets.resolve(feature->GetFieldAsString(street)));
    if (options.keep_ids) staged.id.push_back(id_text);
  }
  if (staged.rows == 0) throw InputError(path, 0, "", "the layer has no features");
  return staged;
}

}  // namespace hotspot::ingest
