// Fuzzes the parallel CSV parse (engine/ingest/csv_source): any rows under a fixed header, read
// with one thread and with three threads cut into shares as small as one byte, give the same
// table, dictionaries, rejects (line, reason and raw text) and notes, or the same error. The
// serial parse is the reference; a cut inside a quoted field must fall back to it.
#include <cstdint>
#include <string>

#include "engine/core/errors.hpp"
#include "engine/ingest/ingest.hpp"
#include "tests/fuzz/fuzz_input_file.hpp"

namespace {

hotspot::ingest::IngestOptions options(int threads) {
  hotspot::ingest::IngestOptions options;
  options.analysis_crs = "EPSG:27700";
  options.crs = "EPSG:27700";
  options.now_s = 1767225600;  // 2026-01-01: the fuzzer's runs do not depend on the clock
  options.keep_ids = true;
  options.threads = threads;
  options.min_parallel_share_bytes = 1;
  return options;
}

// The whole result as text, or the error's message.
std::string read_as_text(const std::string& path, int threads) {
  try {
    const hotspot::ingest::IngestResult result = hotspot::ingest::ingest({path}, options(threads));
    const hotspot::IncidentTable& table = result.table;
    std::string text = std::to_string(result.rows_read) + "\n";
    for (size_t i = 0; i < table.size(); ++i)
      text += std::to_string(table.x[i]) + "," + std::to_string(table.y[i]) + "," +
              table.category_slugs[table.category[i]] + "," +
              std::to_string(table.local_time_s[i]) + "," +
              std::to_string(static_cast<int>(table.time_precision[i])) + "," +
              (table.street.empty() ? "" : table.street_names[table.street[i]]) + "," +
              std::string(table.id[i]) + "\n";
    for (const hotspot::Reject& reject : result.rejects.rows)
      text += std::to_string(reject.line) + "|" + reject.field + "|" + reject.reason + "|" +
              reject.detail + "|" + reject.raw + "\n";
    for (const std::string& note : result.notes) text += note + "\n";
    for (const auto& file : result.files)
      text += file.encoding + std::to_string(file.rows) + "/" + std::to_string(file.accepted);
    return text;
  } catch (const hotspot::InputError& error) {
    return std::string("error: ") + error.what();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text = "incident_id,easting,northing,offence,occurred_at,street\n";
  text.append(reinterpret_cast<const char*>(data), size);
  const std::string path =
      hotspot::fuzz::input_file(reinterpret_cast<const uint8_t*>(text.data()), text.size(), ".csv");
  if (read_as_text(path, 1) != read_as_text(path, 3)) __builtin_trap();
  return 0;
}
