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

namespace hotspot::analyse {

struct SummaryInputs {
  const AnalyseOptions& options;
  const study::Study& study;
  const profile::AreaProfile& area;
  const output::LayerCounts& layer_counts;
  const nlohmann::ordered_json& rows;  // count_rows(), taken right after the join
  const std::vector<hotspots::LayerResult>& layers;
  int64_t sensitive_incidents_withheld = 0;
};

// Where every input row went: read = accepted + rejected, accepted = in_wards + outside.
nlohmann::ordered_json count_rows(const ingest::IngestResult& ingested);

nlohmann::ordered_json make_summary(const SummaryInputs& inputs);
void write_summary(const nlohmann::ordered_json& summary, const std::string& path);

}  // namespace hotspot::analyse
