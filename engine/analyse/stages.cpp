#include "engine/analyse/stages.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <utility>

#include "engine/core/civil_time.hpp"
#include "engine/core/crs.hpp"
#include "engine/core/errors.hpp"
#include "engine/core/freed_memory.hpp"
#include "engine/core/month.hpp"
#include "engine/hotspots/selection.hpp"
#include "engine/output/briefing_html.hpp"
#include "engine/output/briefing_pdf.hpp"
#include "engine/serve/viewer_files.hpp"
#include "tiles/tiles.hpp"

namespace hotspot::analyse {

namespace fs = std::filesystem;

output::LayerCounts count_layers(const IncidentTable& incidents, size_t ward_count,
                                 const std::vector<LayerDefinition>& layers,
                                 const profile::AreaProfile& area) {
  output::LayerCounts counts;
  counts.layers = layers;
  for (const LayerDefinition& layer : layers) {
    // The same selection as the hotspot stage: one rule for records without a time of day.
    const hotspots::LayerSelection selection =
        hotspots::select_layer(incidents, layer, area.from_month, area.to_month);
    std::vector<int64_t> by_ward(ward_count, 0);
    for (uint32_t row : selection.rows) ++by_ward[static_cast<size_t>(incidents.ward[row])];
    counts.by_ward.push_back(std::move(by_ward));
  }
  return counts;
}

namespace {

// The zooms from which the viewer draws incidents and street names (viewer/page/map_layers.mjs):
// the tiles carry them from there, not as clusters nobody draws at every zoom below. Street
// names were most of a national run's tiles at zooms 8-12 (1.7M labels in every tile).
constexpr int kViewerIncidentsMinZoom = 14;
constexpr int kViewerStreetLabelsMinZoom = 13;

// The incident points as columns for the `incidents` tile layer: category, month and hour only
// (hour -1 when the record has no time of day). Nothing is written to disk.

tiles::PointLayerInput incident_points(const IncidentTable& incidents,
                                       const std::string& analysis_crs) {
  tiles::PointLayerInput layer;
  layer.name = "incidents";
  layer.longitudes_deg = incidents.x;
  layer.latitudes_deg = incidents.y;
  CoordinateTransform to_wgs84(analysis_crs, "EPSG:4326");
  to_wgs84.transform(layer.longitudes_deg.data(), layer.latitudes_deg.data(),
                     layer.longitudes_deg.size());
  tiles::PointProperty category{
      "category", tiles::PointProperty::Kind::string, incidents.category_slugs, {}};
  tiles::PointProperty month{"month", tiles::PointProperty::Kind::string, {}, {}};
  tiles::PointProperty hour{"hour", tiles::PointProperty::Kind::integer, {}, {}};
  category.values.reserve(incidents.size());
  month.values.reserve(incidents.size());
  hour.values.reserve(incidents.size());
  int32_t first_month = INT32_MAX, last_month = INT32_MIN;
  for (size_t i = 0; i < incidents.size(); ++i) {
    const int32_t index = civil_time::month_index(incidents.local_time_s[i]);
    first_month = std::min(first_month, index);
    last_month = std::max(last_month, index);
    month.values.push_back(index);
  }
  for (int32_t index = first_month; index <= last_month && incidents.size() > 0; ++index) {
    month.labels.push_back(month_label(index));
  }
  for (size_t i = 0; i < incidents.size(); ++i) {
    month.values[i] -= first_month;
    category.values.push_back(static_cast<int32_t>(incidents.category[i]));
    const int64_t t = incidents.local_time_s[i];
    hour.values.push_back(
        incidents.time_precision[i] == TimePrecision::minute ? civil_time::hour_of_day(t) : -1);
  }
  layer.properties = {std::move(category), std::move(month), std::move(hour)};
  return layer;
}

// The place labels as in-memory point features for the `labels` tile layer: the features of
// labels.geojson (kind, name, weight), without printing and parsing its text a second time;
// street names only from the zoom the viewer draws them at, ward names at every zoom.
// The features own the labels: the tiles let go of both once they have read them.
std::shared_ptr<const tiles::PointFeatures> label_points(
    std::shared_ptr<const std::vector<output::MapLabel>> owned_labels,
    output::LabelPositions positions) {
  const std::vector<output::MapLabel>& labels = *owned_labels;
  auto points = std::make_shared<tiles::PointFeatures>();
  tiles::PointFeatures::Column kind{"kind", {}, {}}, name{"name", {}, {}}, weight{"weight", {}, {}};
  kind.texts.reserve(labels.size());
  name.texts.reserve(labels.size());
  weight.numbers.reserve(labels.size());
  points->min_zooms.reserve(labels.size());
  for (const output::MapLabel& label : labels) {
    kind.texts.push_back(label.kind);
    name.texts.push_back(label.name);
    weight.numbers.push_back(label.weight);
    points->min_zooms.push_back(label.kind == "street" ? kViewerStreetLabelsMinZoom : 0);
  }
  points->longitudes_deg = std::move(positions.longitudes_deg);
  points->latitudes_deg = std::move(positions.latitudes_deg);
  points->columns = {std::move(kind), std::move(name), std::move(weight)};
  points->text_owner = std::move(owned_labels);
  return points;
}

}  // namespace

nlohmann::ordered_json build_tile_archive(
    const IncidentTable& incidents, std::shared_ptr<const std::vector<output::MapLabel>> labels,
    output::LabelPositions label_positions, const std::string& analysis_crs,
    const AnalyseOptions& options) {
  if (!options.tiles.write) return nlohmann::ordered_json{{"written", false}};
  const std::string out = options.out_dir;
  // The wards' tiles carry their code and priority only: the viewer colours each ward from the
  // values in wards.json and wards.geojson by its code. With all ~40 properties in every tile to
  // zoom 16, a national run's ward tiles were most of its tiling time and archive.
  std::vector<tiles::LayerInput> layers{
      {"wards", out + "/wards.geojson", {"ward_code", "ward_name", "priority", "priority_rank"}}};
  if (fs::exists(out + "/hotspots.geojson"))
    layers.push_back({"hotspots", out + "/hotspots.geojson"});
  layers.push_back({"labels", "", {}, label_points(std::move(labels), std::move(label_positions))});
  std::vector<tiles::PointLayerInput> point_layers;
  if (options.disclosure.shows_incident_points()) {
    point_layers.push_back(incident_points(incidents, analysis_crs));
    // The viewer draws incidents from zoom 14 (viewer/page/map_layers.mjs); the density maps and
    // hotspot areas are the overview. Clustering them for every zoom below was most of a
    // national run's tiling, for tiles nobody draws. At the archive's top zoom whatever it is.
    point_layers.back().min_zoom = std::min(kViewerIncidentsMinZoom, options.tiles.max_zoom);
  }
  tiles::TilesOptions tile_options;
  tile_options.min_zoom = options.tiles.min_zoom;
  tile_options.max_zoom = options.tiles.max_zoom;
  tile_options.threads = options.inputs.threads;
  tile_options.name = options.title;
  tile_options.description =
      options.disclosure.public_output
          ? "Hotspot analysis (public: no incident points, small counts suppressed)"
          : "Hotspot analysis (not for publication: holds incident points)";
  tile_options.attribution = "Hotspot";
  // The labels and the incidents' columns, read and converted, leave ~0.35 GB free in the heap
  // on a national run; kept, the zooms' and the GeoPackage's later allocations (which run beside)
  // did not fit in its holes and the run's peak grew past it.
  tile_options.on_layers_loaded = [] { return_freed_memory(); };
  const tiles::TilesReport report = tiles::build_tiles(std::move(layers), std::move(point_layers),
                                                       tile_options, out + "/tiles.pmtiles");
  nlohmann::ordered_json json = nlohmann::ordered_json::parse(report.to_json().dump());
  json["file"] = "tiles.pmtiles";
  json["public"] = options.disclosure.public_output;
  return json;
}

namespace {
bool is_url(const std::string& text) {
  return text.rfind("http://", 0) == 0 || text.rfind("https://", 0) == 0;
}
}  // namespace

void validate_presentation(const AnalyseOptions& options) {
  const std::string& basemap = options.basemap;
  const std::string& style = options.basemap_style;
  if (options.briefing_pdf && output::find_chromium().empty())
    throw ConfigError(
        "--pdf needs Chromium to print the briefing: install Debian's chromium package "
        "(apt-get install chromium), or set HOTSPOT_CHROMIUM to a Chromium binary");
  if (basemap.empty()) {
    if (!style.empty()) throw UsageError("--basemap-style needs --basemap FILE.pmtiles to draw");
    return;
  }
  if (is_url(basemap)) {
    if (!style.empty())
      throw UsageError(
          "--basemap-style goes with a .pmtiles basemap; a style URL is a style already");
    return;
  }
  if (fs::path(basemap).extension() != ".pmtiles")
    throw UsageError("--basemap '" + basemap +
                     "': expected an offline vector basemap (FILE.pmtiles, e.g. an OS Open "
                     "Zoomstack or Protomaps extract) or a style URL (https://…/style.json)");
  if (!fs::is_regular_file(basemap)) throw UsageError("--basemap " + basemap + ": no such file");
  if (!style.empty() && !fs::is_regular_file(style))
    throw UsageError("--basemap-style " + style + ": no such file");
}

void write_briefing_pack(const std::vector<hotspots::LayerResult>& layers,
                         const profile::AreaProfile& area, const WardSet& wards,
                         const std::vector<std::string>& street_names,
                         const std::vector<output::MapLabel>& labels,
                         const std::map<std::string, std::vector<std::string>>& emerging,
                         const AnalyseOptions& options) {
  const std::string out = options.out_dir;
  output::BriefingInputs inputs{layers,        area,  wards, street_names, options.disclosure,
                                options.title, labels};
  inputs.emerging = emerging;
  output::write_briefing_html(inputs, out + "/briefing.html");
  if (options.briefing_pdf)
    output::print_briefing_pdf(out + "/briefing.html", out + "/briefing.pdf");
}

void copy_viewer_into(const std::string& out_dir, const AnalyseOptions& options) {
  serve::BasemapSettings basemap;
  if (is_url(options.basemap)) {
    basemap.style_url = options.basemap;
  } else if (!options.basemap.empty()) {
    const fs::path target = fs::path(out_dir) / "basemap.pmtiles";
    std::error_code error;
    if (!fs::equivalent(options.basemap, target, error))
      fs::copy_file(options.basemap, target, fs::copy_options::overwrite_existing, error);
    if (error) throw IoError(target.string(), error.message());
    basemap.pmtiles = "basemap.pmtiles";
    if (!options.basemap_style.empty()) {
      fs::copy_file(options.basemap_style, fs::path(out_dir) / "basemap-style.json",
                    fs::copy_options::overwrite_existing, error);
      if (error) throw IoError(out_dir + "/basemap-style.json", error.message());
      basemap.style = "basemap-style.json";
    }
  }
  serve::copy_viewer(out_dir, basemap);
}

}  // namespace hotspot::analyse
