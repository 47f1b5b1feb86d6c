#include "engine/gis/postgis.hpp"

#include <cpl_string.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <regex>

#include "engine/core/crs.hpp"
#include "engine/core/data_source.hpp"
#include "engine/core/errors.hpp"
#include "engine/core/gdal_init.hpp"
#include "engine/gis/ogr_tables.hpp"
#include "engine/gis/qgis_style.hpp"

namespace hotspot::gis {

namespace {

// The message of an IoError without its "cannot write <path>: " prefix.
std::string reason_of(const IoError& error) {
  const std::string prefix = "cannot write " + error.path + ": ";
  const std::string text = error.what();
  return text.rfind(prefix, 0) == 0 ? text.substr(prefix.size()) : text;
}

std::string quoted_name(const std::string& name) { return "\"" + name + "\""; }

std::string sql_text(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

// Runs a statement that returns no rows; throws with PostgreSQL's reason when it fails.
void execute(GDALDataset& dataset, const std::string& sql, const std::string& target,
             const std::string& what) {
  CPLErrorReset();
  OGRLayer* result = dataset.ExecuteSQL(sql.c_str(), nullptr, nullptr);
  if (result) dataset.ReleaseResultSet(result);
  if (CPLGetLastErrorType() >= CE_Failure) {
    const std::string reason = last_gdal_error();
    throw IoError(target, what + (reason.empty() ? "" : ": " + reason));
  }
}

// QGIS's own layer_styles table (QgsPostgresProvider saveStyle), in the run's schema.
void write_styles(GDALDataset& dataset, const std::vector<GisLayer>& layers,
                  const DatabaseOptions& options, const std::string& target) {
  const std::string table = quoted_name(options.schema) + ".layer_styles";
  execute(dataset,
          "CREATE TABLE IF NOT EXISTS " + table +
              " (id SERIAL PRIMARY KEY, f_table_catalog varchar, f_table_schema varchar, "
              "f_table_name varchar, f_geometry_column varchar, stylename text, styleqml xml, "
              "stylesld xml, useasdefault boolean, description text, owner varchar(63) DEFAULT "
              "CURRENT_USER, ui xml, update_time timestamp DEFAULT CURRENT_TIMESTAMP, type "
              "varchar)",
          target, "cannot create " + options.schema + ".layer_styles");
  std::string names;
  for (const std::string& name : database_tables())
    names += (names.empty() ? "" : ", ") + sql_text(name);
  execute(dataset,
          "DELETE FROM " + table + " WHERE f_table_schema = " + sql_text(options.schema) +
              " AND f_table_name IN (" + names + ")",
          target, "cannot replace the earlier styles");
  for (const GisLayer& layer : layers) {
    if (layer.style.kind == LayerStyle::Kind::none) continue;
    const Style style = vector_style(layer);
    execute(dataset,
            "INSERT INTO " + table +
                " (f_table_catalog, f_table_schema, f_table_name, f_geometry_column, stylename, "
                "styleqml, stylesld, useasdefault, description, type) VALUES "
                "(current_database(), " +
                sql_text(options.schema) + ", " + sql_text(layer.name) + ", 'geom', " +
                sql_text(layer.name) + ", " + sql_text(style.qml) + ", " + sql_text(style.sld) +
                ", true, " + sql_text(layer.title) + ", 'vector')",
            target, "cannot write the style of " + layer.name);
  }
}

void write_all(GDALDataset& dataset, const std::vector<GisLayer>& layers,
               const OGRSpatialReference& srs, const DatabaseOptions& options,
               const std::string& target) {
  const std::string schema = quoted_name(options.schema);
  execute(dataset, "CREATE SCHEMA IF NOT EXISTS " + schema, target,
          "cannot create the schema " + options.schema);
  // Tables of an earlier run that this run does not write (a public run writes no incidents).
  for (const std::string& name : database_tables()) {
    bool written = false;
    for (const GisLayer& layer : layers) written = written || layer.name == name;
    if (!written)
      execute(dataset, "DROP TABLE IF EXISTS " + schema + "." + quoted_name(name) + " CASCADE",
              target, "cannot remove the earlier table " + options.schema + "." + name);
  }
  for (const GisLayer& layer : layers) {
    const std::vector<std::string> layer_options = {"SCHEMA=" + options.schema,
                                                    "GEOMETRY_NAME=geom",
                                                    "FID=fid",
                                                    "OVERWRITE=YES",
                                                    "LAUNDER=NO",
                                                    "PRECISION=NO",
                                                    "SPATIAL_INDEX=GIST",
                                                    "DESCRIPTION=" + layer.title};
    write_table(dataset, layer, srs, layer_options, target);
  }
  write_styles(dataset, layers, options, target);
}

}  // namespace

void DatabaseOptions::validate() const {
  if (connection.empty()) return;
  if (!is_connection_string(connection) || connection.rfind("PG:", 0) != 0)
    throw UsageError("--db '" + redacted(connection) +
                     "': expected a PostgreSQL connection string, e.g. "
                     "PG:\"dbname=crime host=localhost user=analyst\"");
  static const std::regex identifier("[A-Za-z_][A-Za-z0-9_]{0,62}");
  if (!std::regex_match(schema, identifier))
    throw UsageError("--db-schema '" + schema +
                     "': use a plain schema name (letters, digits and _, not starting with a "
                     "digit), e.g. hotspot");
}

const std::vector<std::string>& database_tables() {
  static const std::vector<std::string> tables = {"wards", "hotspots", "incidents"};
  return tables;
}

void write_database(const std::vector<GisLayer>& layers, const std::string& analysis_crs,
                    const DatabaseOptions& options) {
  ensure_gdal_registered();
  const std::string target = redacted(options.connection);
  OGRSpatialReference srs;
  if (srs.SetFromUserInput(crs_to_wkt(analysis_crs).c_str()) != OGRERR_NONE)
    throw ConfigError("GDAL does not know the analysis CRS " + analysis_crs);
  srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);

  CPLErrorReset();
  const char* const drivers[] = {"PostgreSQL", nullptr};
  CPLStringList open_options;
  open_options.SetNameValue("SCHEMAS", options.schema.c_str());  // list only the run's tables
  GDALDatasetUniquePtr dataset(GDALDataset::Open(options.connection.c_str(),
                                                 GDAL_OF_VECTOR | GDAL_OF_UPDATE, drivers,
                                                 open_options.List(), nullptr));
  if (!dataset) {
    const std::string reason = last_gdal_error();
    throw IoError(target, "cannot connect to the database" +
                              (reason.empty() ? std::string() : ": " + redacted(reason)) +
                              ". Check the connection string (dbname, host, user) and that the "
                              "server is running");
  }
  if (dataset->StartTransaction(FALSE) != OGRERR_NONE)
    throw IoError(target, "cannot start a transaction: " + last_gdal_error());
  try {
    write_all(*dataset, layers, srs, options, target);
  } catch (const IoError& error) {
    dataset->RollbackTransaction();
    throw IoError(target, reason_of(error) +
                              ". Nothing was changed in the database (the transaction was "
                              "rolled back); check that the user may create schemas and tables");
  }
  CPLErrorReset();
  if (dataset->CommitTransaction() != OGRERR_NONE || CPLGetLastErrorType() >= CE_Failure) {
    const std::string reason = last_gdal_error();
    dataset->RollbackTransaction();
    throw IoError(target, "cannot commit the tables: " + reason);
  }
}

}  // namespace hotspot::gis
