// summary.json: what went in (files with SHA-256, options), where every row went (the counts
// add up: read = accepted + rejected, accepted = in_wards + outside), CRS operations, notes,
// versions and timings per stage.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "engine/analyse/analyse.hpp"
#include "engine/output/ward_outputs.hpp"

namespace hotspot::analyse {

struct SummaryInputs {
  const AnalyseOptions& options;
  const ingest::IngestResult& ingested;
  const wards::WardLoadReport& ward_report;
  const WardSet& wards;
  const profile::AreaProfile& area;
  const output::LayerCounts& layer_counts;
  const nlohmann::ordered_json& rows;  // count_rows(), taken right after the join
};

// Where every input row went: read = accepted + rejected, accepted = in_wards + outside.
nlohmann::ordered_json count_rows(const ingest::IngestResult& ingested);

nlohmann::ordered_json make_summary(const SummaryInputs& inputs);
void write_summary(const nlohmann::ordered_json& summary, const std::string& path);

}  // namespace hotspot::analyse
