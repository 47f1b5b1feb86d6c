// summary.json: what went in (files with SHA-256, options), where every row went (the counts
// add up: read = accepted + rejected, accepted = in_wards + outside), CRS operations, notes,
// versions, each layer's parameters and timings per stage.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/analyse/analyse.hpp"
#include "engine/hotspots/analyse_layers.hpp"
#include "engine/output/ward_outputs.hpp"
#include "engine/output/ward_publication.hpp"

namespace hotspot::analyse {

struct SummaryInputs {
  const AnalyseOptions& options;
  const study::Study& study;
  const profile::AreaProfile& area;
  const output::LayerCounts& layer_counts;
  const nlohmann::ordered_json& rows;  // count_rows(), taken after the join
  const std::vector<hotspots::LayerResult>& layers;
  const output::WardPublication& publication;
};

// Where every input row went: read = accepted + rejected, accepted = in_wards + outside. Rows
// left out of the table before counting (public mode's sensitive categories) are left out of
// every count, so that no difference gives their number away.
nlohmann::ordered_json count_rows(const ingest::IngestResult& ingested, int64_t rows_left_out);

nlohmann::ordered_json make_summary(const SummaryInputs& inputs);
void write_summary(const nlohmann::ordered_json& summary, const std::string& path);

}  // namespace hotspot::analyse
