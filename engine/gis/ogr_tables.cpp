#include "engine/gis/ogr_tables.hpp"

#include <cpl_string.h>
#include <ogrsf_frmts.h>

#include <memory>

#include "engine/core/errors.hpp"
#include "engine/core/text_encoding.hpp"

namespace hotspot::gis {

namespace {

struct OptionList {
  CPLStringList list;
  explicit OptionList(const std::vector<std::string>& options) {
    for (const std::string& option : options) list.AddString(option.c_str());
  }
};

OGRwkbGeometryType geometry_type(GeometryKind kind) {
  switch (kind) {
    case GeometryKind::multipolygon:
      return wkbMultiPolygon;
    case GeometryKind::point:
      return wkbPoint;
    case GeometryKind::none:
      break;
  }
  return wkbNone;
}

// The OGR type of a column (a boolean is an integer with the boolean subtype).
OGRFieldType ogr_type(FieldType type) {
  switch (type) {
    case FieldType::integer:
      return OFTInteger64;
    case FieldType::real:
      return OFTReal;
    case FieldType::boolean:
      return OFTInteger;
    case FieldType::date:
      return OFTDate;
    case FieldType::datetime:
      return OFTDateTime;
    case FieldType::text:
      break;
  }
  return OFTString;
}

[[noreturn]] void fail(const std::string& target, const std::string& what) {
  // At most 300 bytes of GDAL's message: SQLite's can quote a whole CREATE TABLE or a row.
  std::string reason = sanitise_for_message(last_gdal_error(), 300);
  // SQLite says "disk I/O error" when a write is refused (no space, a file-size limit).
  if (reason.find("disk I/O error") != std::string::npos ||
      reason.find("disk is full") != std::string::npos)
    reason +=
        ": the disk is full or the file may not grow; free some space or choose another "
        "--out folder";
  throw IoError(target, what + (reason.empty() ? "" : ": " + reason));
}

// RowValues onto a GDAL feature: the k-th value to the column named fields[k] (looked up once
// per table definition: the table decides the order).
class FeatureValues final : public RowValues {
 public:
  FeatureValues(OGRFeature& feature, const std::vector<int>& columns)
      : feature_(feature), columns_(columns) {}
  void null() override { feature_.SetFieldNull(next()); }
  void text(std::string_view value) override {
    feature_.SetField(next(), std::string(value).c_str());
  }
  void real(double value) override { feature_.SetField(next(), value); }
  void date(int year, int month, int day) override { feature_.SetField(next(), year, month, day); }
  void datetime(int year, int month, int day, int hour, int minute) override {
    feature_.SetField(next(), year, month, day, hour, minute, 0.0f, 0);  // 0: no zone
  }

 private:
  int next() { return columns_.at(column_++); }
  OGRFeature& feature_;
  const std::vector<int>& columns_;
  size_t column_ = 0;
};

}  // namespace

std::function<void(size_t, OGRFeature&)> fill_from_point_rows(PointRowFill rows,
                                                              PointPosition position,
                                                              std::vector<FieldSpec> fields) {
  struct Columns {
    const OGRFeatureDefn* table = nullptr;
    std::vector<int> index;
  };
  auto columns = std::make_shared<Columns>();
  return [rows = std::move(rows), position = std::move(position), fields = std::move(fields),
          columns](size_t i, OGRFeature& feature) {
    if (columns->table != feature.GetDefnRef()) {
      columns->table = feature.GetDefnRef();
      columns->index.clear();
      for (const FieldSpec& field : fields)
        columns->index.push_back(feature.GetDefnRef()->GetFieldIndex(field.name.c_str()));
    }
    FeatureValues values(feature, columns->index);
    rows(i, values);
    double x = 0, y = 0;
    position(i, x, y);
    feature.SetGeometryDirectly(new OGRPoint(x, y));
  };
}

std::string last_gdal_error() {
  std::string message = CPLGetLastErrorMsg();
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  return message;
}

OGRLayer* create_table(GDALDataset& dataset, const GisLayer& layer, const OGRSpatialReference& srs,
                       const std::vector<std::string>& layer_options, const std::string& target) {
  CPLErrorReset();
  OptionList options(layer_options);
  OGRLayer* table =
      dataset.CreateLayer(layer.name.c_str(),
                          layer.geometry == GeometryKind::none
                              ? nullptr
                              : const_cast<OGRSpatialReference*>(&srs),  // GDAL 3.6 takes non-const
                          geometry_type(layer.geometry), options.list.List());
  if (!table) fail(target, "cannot create the table " + layer.name);
  for (const FieldSpec& field : layer.fields) {
    OGRFieldDefn definition(field.name.c_str(), ogr_type(field.type));
    if (field.type == FieldType::boolean) definition.SetSubType(OFSTBoolean);
    if (table->CreateField(&definition) != OGRERR_NONE)
      fail(target, "cannot add the column " + field.name + " to " + layer.name);
  }
  return table;
}

void write_rows(OGRLayer& table, const GisLayer& layer, const std::string& target,
                const std::function<void(const OGRFeature&)>& on_row) {
  OGRFeatureDefn* definition = table.GetLayerDefn();
  // One feature, cleared for each row: a new one per row was an allocation per field.
  OGRFeatureUniquePtr feature(OGRFeature::CreateFeature(definition));
  for (size_t i = 0; i < layer.feature_count; ++i) {
    feature->Reset();
    layer.fill(i, *feature);
    if (table.CreateFeature(feature.get()) != OGRERR_NONE)
      fail(target, "cannot write a row of " + layer.name);
    if (on_row) on_row(*feature);
  }
  if (table.SyncToDisk() != OGRERR_NONE) fail(target, "cannot write " + layer.name);
}

void write_table(GDALDataset& dataset, const GisLayer& layer, const OGRSpatialReference& srs,
                 const std::vector<std::string>& layer_options, const std::string& target) {
  write_rows(*create_table(dataset, layer, srs, layer_options, target), layer, target);
}

void write_layer_styles(GDALDataset& dataset, const std::vector<StyleRow>& rows,
                        const std::vector<std::string>& layer_options, const std::string& target) {
  CPLErrorReset();
  OGRLayer* styles = dataset.GetLayerByName("layer_styles");
  if (!styles) {
    // QGIS's own definition of the table (QgsOgrProvider / QgsPostgresProvider saveStyle).
    std::vector<std::string> options = layer_options;
    options.push_back("FID=id");
    OptionList list(options);
    CPLErrorReset();
    styles = dataset.CreateLayer("layer_styles", nullptr, wkbNone, list.list.List());
    if (!styles) fail(target, "cannot create the layer_styles table");
    const std::vector<std::pair<const char*, OGRFieldType>> columns = {
        {"f_table_catalog", OFTString},
        {"f_table_schema", OFTString},
        {"f_table_name", OFTString},
        {"f_geometry_column", OFTString},
        {"styleName", OFTString},
        {"styleQML", OFTString},
        {"styleSLD", OFTString},
        {"useAsDefault", OFTInteger},
        {"description", OFTString},
        {"owner", OFTString},
        {"ui", OFTString},
        {"update_time", OFTDateTime}};
    for (const auto& [name, type] : columns) {
      OGRFieldDefn field(name, type);
      if (std::string(name) == "useAsDefault") field.SetSubType(OFSTBoolean);
      if (styles->CreateField(&field) != OGRERR_NONE) fail(target, "cannot create layer_styles");
    }
  } else {
    // Earlier styles of these tables go: the new default must be the one QGIS picks.
    std::vector<GIntBig> earlier;
    styles->ResetReading();
    for (const auto& feature : *styles)
      for (const StyleRow& row : rows)
        if (row.table == feature->GetFieldAsString("f_table_name") &&
            row.schema == feature->GetFieldAsString("f_table_schema"))
          earlier.push_back(feature->GetFID());
    for (GIntBig fid : earlier)
      if (styles->DeleteFeature(fid) != OGRERR_NONE) fail(target, "cannot replace earlier styles");
  }
  for (const StyleRow& row : rows) {
    OGRFeatureUniquePtr feature(OGRFeature::CreateFeature(styles->GetLayerDefn()));
    feature->SetField("f_table_catalog", "");
    feature->SetField("f_table_schema", row.schema.c_str());
    feature->SetField("f_table_name", row.table.c_str());
    feature->SetField("f_geometry_column", row.geometry_column.c_str());
    feature->SetField("styleName", row.table.c_str());
    feature->SetField("styleQML", row.style.qml.c_str());
    feature->SetField("styleSLD", row.style.sld.c_str());
    feature->SetField("useAsDefault", 1);
    feature->SetField("description", row.title.c_str());
    feature->SetField("owner", "hotspot");
    feature->SetFieldNull(feature->GetFieldIndex("ui"));
    // A fixed time keeps the file byte-identical between runs on the same inputs.
    feature->SetField(feature->GetFieldIndex("update_time"), 2000, 1, 1, 0, 0, 0.0f, 100);
    if (styles->CreateFeature(feature.get()) != OGRERR_NONE)
      fail(target, "cannot write the style of " + row.table);
  }
}

}  // namespace hotspot::gis
