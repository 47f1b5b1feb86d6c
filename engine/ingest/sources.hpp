// Readers of one incident source each: CSV (police.uk or generic) and GDAL point layers.
// They parse and validate rows; coordinates stay in the source CRS (see StagedRows).
#pragma once
#include <string>

#include "engine/ingest/ingest.hpp"
#include "engine/ingest/staging.hpp"

namespace hotspot::ingest {

// Rejected rows are appended to `result.rejects` (and counted in rejects_by_reason). A large
// CSV file comes back in parts parsed in parallel (see StagedRows::continues_file).
std::vector<StagedRows> read_csv_source(const std::string& path, const IngestOptions& options,
                                        CategoryResolver& categories, StreetResolver& streets,
                                        IngestResult& result);
StagedRows read_layer_source(const std::string& path, const IngestOptions& options,
                             CategoryResolver& categories, StreetResolver& streets,
                             IngestResult& result);

// Adds a rejected row to the result.
void reject_row(IngestResult& result, const std::string& file, int64_t line,
                const std::string& field, const std::string& reason, const std::string& detail,
                std::string_view raw);

}  // namespace hotspot::ingest
