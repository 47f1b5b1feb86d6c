// The analysis as GIS layers, built from the typed results (never re-derived): wards with their
// profile (output::ward_columns, so the same columns and the same withheld values as wards.csv),
// hotspot areas (hotspots::area_properties), and, only where the disclosure policy shows incident
// records, one row per incident with its ward and the hotspot areas it lies in. Every writer of
// GIS outputs (hotspot.gpkg, --db) takes its layers from analysis_layers.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/disclosure.hpp"
#include "engine/core/incident_table.hpp"
#include "engine/core/month.hpp"
#include "engine/gis/gis_layer.hpp"
#include "engine/hotspots/analyse_layers.hpp"
#include "engine/output/ward_outputs.hpp"

namespace hotspot::gis {

struct AnalysisLayerInputs {
  const output::WardOutputContext& wards;  // the ward columns and what may be shown of them
  const std::vector<hotspots::LayerResult>& hotspot_layers;
  const IncidentTable& incidents;  // joined; ids present when they were kept at ingest
  MonthRange period;               // the study period the hotspot layers were built on
  const DisclosurePolicy& disclosure;
  std::string geography = "ward";  // the areas' word ("ward", "LSOA", ...) for titles
};

// wards, hotspots and (not in public mode) incidents, in that order. Extension point: later
// layers (cocooning zones, plan areas) are appended here, so the GeoPackage, the database and
// fields.csv pick them up together.
std::vector<GisLayer> analysis_layers(const AnalysisLayerInputs& inputs);

// A table name any database takes unquoted: letters, digits and '_' ("density_anti_social_...").
std::string table_name(std::string name);

// One density raster per hotspot layer, copied from out_dir/density/<layer>.tif.
std::vector<GisRaster> density_rasters(const std::vector<hotspots::LayerResult>& layers,
                                       const std::string& out_dir);

// For each incident, the ids of the hotspot areas it lies in, joined with "," ("" for none).
// An incident lies in an area when the area's layer takes it (category, hours, period: the same
// selection the area's incident count was made from) and its grid cell is one of the area's
// cells, which is the same as lying inside the area's outline (traced from those cells).
// Held as one text with a start per incident: a string per incident was 32 bytes each (320 MB
// on a national year) while the GeoPackage and the tiles are written side by side.
struct HotspotIdsByIncident {
  std::string text;
  std::vector<uint32_t> start;  // incident i's ids are text[start[i], start[i + 1])
  std::string_view of(size_t incident) const {
    return std::string_view(text).substr(start[incident], start[incident + 1] - start[incident]);
  }
};
HotspotIdsByIncident hotspot_ids_by_incident(
    const IncidentTable& incidents, const std::vector<hotspots::LayerResult>& hotspot_layers,
    MonthRange period);

// Upper bounds of up to `classes` quantile classes over the finite values (as the viewer's
// classes.mjs quantileBreaks): no duplicates; [] for no values.
std::vector<double> quantile_breaks(std::vector<double> values, int classes);

}  // namespace hotspot::gis
