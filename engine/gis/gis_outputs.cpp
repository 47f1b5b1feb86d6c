#include "engine/gis/gis_outputs.hpp"

#include <future>

#include "engine/gis/geopackage.hpp"
#include "engine/output/field_dictionary.hpp"

namespace hotspot::gis {

namespace {

std::vector<std::string> column_names(const GisLayer& layer, bool with_table_columns) {
  std::vector<std::string> names;
  if (with_table_columns) names.push_back("fid");
  for (const FieldSpec& field : layer.fields) names.push_back(field.name);
  if (with_table_columns && layer.geometry != GeometryKind::none) names.push_back("geom");
  return names;
}

}  // namespace

void write_gis_outputs(const AnalysisLayerInputs& inputs, const std::string& out_dir,
                       const std::string& analysis_crs, const GisOutputOptions& options,
                       StageClock& clock, const std::function<void()>& alongside) {
  const std::vector<GisLayer> layers = analysis_layers(inputs);
  std::vector<GisRaster> rasters = density_rasters(inputs.hotspot_layers, out_dir);
  // Before the GeoPackage starts: a layer's rows are not filled by two writers at once.
  if (options.database.enabled())
    clock.time("database", [&] { write_database(layers, analysis_crs, options.database); });
  auto write_gpkg = [&] {
    clock.time("geopackage",
               [&] { write_geopackage(layers, rasters, analysis_crs, out_dir + "/hotspot.gpkg"); });
  };
  std::future<void> writing;  // its destructor waits for the thread, whatever is thrown here
  if (options.geopackage) {
    if (options.threads > 1 && alongside)
      writing = std::async(std::launch::async, write_gpkg);
    else
      write_gpkg();
  }

  std::vector<output::OutputColumns> files;
  for (const char* csv : {"wards.csv", "hotspots.csv", "hotspot_hours.csv", "emerging.csv",
                          "peers.csv", "rejects.csv"})
    if (auto header = output::csv_header(out_dir + "/" + csv); !header.empty())
      files.push_back({csv, header});
  for (const GisLayer& layer : layers)
    if (layer.name == "wards" || layer.name == "hotspots")
      files.push_back({layer.name + ".geojson", column_names(layer, false)});
  for (const GisLayer& layer : layers) {
    if (options.geopackage)
      files.push_back({"hotspot.gpkg: " + layer.name, column_names(layer, true)});
    if (options.database.enabled())
      files.push_back({options.database.schema + "." + layer.name, column_names(layer, true)});
  }
  for (const GisRaster& raster : rasters) {
    const std::string layer = raster.geotiff.substr(out_dir.size() + 1);
    files.push_back({layer, {"band 1"}});
    if (options.geopackage) files.push_back({"hotspot.gpkg: " + raster.name, {"band 1"}});
  }
  files.push_back({"fields.csv", {"file", "column", "unit", "meaning"}});
  output::DictionaryContext context;
  context.categories = inputs.wards.profile.categories;
  context.layers = inputs.wards.layer_counts.layers;
  context.geography = inputs.geography;
  output::write_fields_csv(files, context, out_dir + "/fields.csv");
  if (alongside) alongside();
  if (writing.valid()) writing.get();
}

}  // namespace hotspot::gis
