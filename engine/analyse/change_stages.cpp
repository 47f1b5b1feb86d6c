#include "engine/analyse/change_stages.hpp"

#include "engine/core/errors.hpp"
#include "engine/core/month.hpp"
#include "engine/density/geotiff.hpp"
#include "engine/density/grid_choice.hpp"
#include "engine/density/risk.hpp"
#include "engine/emerging/writers.hpp"
#include "engine/hotspots/writers.hpp"
#include "engine/peers/writers.hpp"

namespace hotspot::analyse {

using nlohmann::ordered_json;

ordered_json write_peer_comparison(const AnalyseOptions& options, const profile::AreaProfile& area,
                                   const output::WardPublication& publication) {
  if (options.peers_path.empty()) return nullptr;
  const peers::PeerTable table = peers::read_peer_file(options.peers_path);
  const peers::PeerReport report =
      peers::compare_with_peers(table, peers::study_counts(area), options.profile.confidence);
  peers::PeerOutputContext context{
      report,
      options.title,
      month_label(area.from_month) + " to " + month_label(area.to_month),
      options.disclosure,
      {}};
  for (size_t c = 0; c < area.categories.size(); ++c)
    if (!publication.area_category_shown[c]) context.withheld.push_back(area.categories[c]);
  if (!publication.area_total_shown) context.withheld.push_back(peers::kTotalCategory);
  peers::write_peers_csv(context, options.out_dir + "/peers.csv");
  peers::write_peers_markdown(context, options.out_dir + "/peers.md");
  return peers::peers_json(context);
}

RiskSurfaces::RiskSurfaces(const AnalyseOptions& options, const study::Study& study,
                           const hotspots::StudyGrid& grid)
    : options_(options), grid_(grid), analysis_crs_(study.ward_report.analysis_crs) {
  const density::RiskOptions& risk = options.risk;
  const GridSpec& spec = grid.choice.spec;
  const WardSet& wards = *study.wards;
  std::string source;
  if (risk.path == "wards") {
    for (size_t w = 0; w < wards.size(); ++w)
      if (!(wards.population[w] >= 0))
        throw ConfigError(
            "--population-at-risk wards needs a population for every ward (--population)");
    population_ = density::spread_polygons(wards.shape, wards.population, spec, grid.inside);
    source = "the wards and their populations (--population)";
  } else {
    const density::PopulationLayer layer =
        density::read_population_layer(risk.path, risk.field, study.analysis_crs());
    if (layer.polygons) {
      population_ = density::spread_polygons(layer.shapes, layer.shape_weight, spec, grid.inside);
    } else {
      for (size_t i = 0; i < layer.x.size(); ++i)  // the study area's population only
        if (study.locator->locate(layer.x[i], layer.y[i]) != kOutside) {
          population_.x.push_back(layer.x[i]);
          population_.y.push_back(layer.y[i]);
          population_.weight.push_back(layer.weight[i]);
        }
    }
    source = risk.path + " (layer " + layer.layer_name + ", " +
             (layer.polygons ? "polygons" : "points") + ", " +
             (layer.field.empty() ? "1 per point" : "field " + layer.field) + ")";
  }
  for (double weight : population_.weight) population_total_ += weight;
  if (!(population_total_ > 0))
    throw InputError(risk.path, 0, risk.field,
                     "none of the population at risk lies in the study area: check the layer "
                     "and its coordinate reference system");
  summary_ = {{"population_at_risk", source},
              {"population_total", std::llround(population_total_)},
              {"measure", density::risk_measure_name(risk.measure)},
              {"floor", risk.floor},
              {"layers", ordered_json::array()}};
}

void RiskSurfaces::write(const hotspots::LayerOutcome& outcome, const std::string& out_dir) {
  const hotspots::LayerSummary& layer = outcome.result.summary;
  const hotspots::HotspotOptions& settings = options_.hotspots;
  const density::KdeOptions kde{settings.kernel, layer.bandwidth_m, settings.gaussian_cutoff_sigmas,
                                options_.inputs.threads};
  DensityGrid population = density::estimate_weighted_density(
      population_.x, population_.y, population_.weight, grid_.choice.spec, kde);
  density::apply_study_area(population, grid_.inside, settings.edge_correction, kde);
  const density::RiskSurface risk =
      density::risk_surface(outcome.surface, double(outcome.result.incidents), population,
                            population_total_, options_.risk, layer.bandwidth_m);
  std::vector<std::pair<std::string, std::string>> metadata = hotspots::density_metadata(layer);
  for (auto& item : density::risk_metadata(risk, options_.risk, population_total_,
                                           summary_["population_at_risk"]))
    metadata.push_back(std::move(item));
  const std::string name = layer.layer.name + "_risk.tif";
  density::write_density_geotiff(risk.surface, analysis_crs_, out_dir + "/density/" + name,
                                 metadata);
  summary_["layers"].push_back({{"layer", layer.layer.name},
                                {"file", "density/" + name},
                                {"units", risk.units},
                                {"area_rate_per_1000", risk.area_ratio},
                                {"cells_below_floor", risk.cells_below_floor},
                                {"cells_without_incidents", risk.cells_without_incidents}});
}

std::optional<EmergingOutcome> write_emerging(const AnalyseOptions& options,
                                              const study::Study& study,
                                              const hotspots::StudyGrid& grid,
                                              const profile::AreaProfile& area,
                                              const std::vector<LayerDefinition>& layers) {
  if (!options.emerging.enabled) return std::nullopt;
  const emerging::EmergingInputs inputs{
      study.incidents(),    *study.wards,      grid.choice.spec,
      grid.inside,          grid.cell_wards,   MonthRange{area.from_month, area.to_month},
      study.analysis_crs(), options.disclosure};
  emerging::EmergingOptions emerging_options = options.emerging;
  emerging_options.threads = options.inputs.threads;
  EmergingOutcome outcome{emerging::analyse_emerging(inputs, layers, emerging_options), {}};
  const emerging::EmergingOutputContext context{outcome.result, *study.wards, study.analysis_crs(),
                                                options.title, options.disclosure};
  emerging::write_emerging_csv(context, options.out_dir + "/emerging.csv");
  emerging::write_emerging_geojson(context, options.out_dir + "/emerging.geojson");
  emerging::write_emerging_markdown(context, options.out_dir + "/emerging.md");
  outcome.summary = emerging::emerging_json(context);
  return outcome;
}

}  // namespace hotspot::analyse
