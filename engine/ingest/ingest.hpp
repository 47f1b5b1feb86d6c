// Ingest: incident files (police.uk street CSVs, a force's own CSV export, any GDAL point
// layer; folders are searched for CSVs) → IncidentTable in the analysis CRS.
// Guarantee: every data row read ends either in the table or in `rejects`, with its file, line
// and reason; rows_read == table.size() + rejects.size().
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/categories.hpp"
#include "engine/core/geometry.hpp"
#include "engine/core/incident_table.hpp"
#include "engine/core/progress.hpp"
#include "engine/core/rejects.hpp"
#include "engine/core/text_encoding.hpp"
#include "engine/ingest/time_parse.hpp"

namespace hotspot::ingest {

struct IngestOptions {
  // Generic CSVs and layers: column names (empty: detected from common names).
  std::string x_column;         // easting, x, longitude, lon ...
  std::string y_column;         // northing, y, latitude, lat ...
  std::string category_column;  // offence, crime type, category ...
  std::string time_column;      // occurred_at, datetime, date ...
  std::string id_column;        // incident_id, crime id, ...
  std::string street_column;    // street, location, ... (police.uk: Location)
  std::string sql;              // a database source: the query that selects the incidents
  std::string crs;              // CRS of x/y; default EPSG:4326 for lon/lat columns
  DateOrder date_order = DateOrder::automatic;
  CategoryMapping mapping;
  // Text encoding of CSV files: auto reads each row as UTF-8 and falls back to Windows-1252 for
  // a row that is not valid UTF-8 (a force export's "–" in an offence name).
  TextEncoding encoding = TextEncoding::automatic;
  // The run's clock as local seconds (IncidentTable::local_time_s); 0: the system clock. Dates
  // more than a day after it are rejected as implausible-date.
  int64_t now_s = 0;
  // Analysis CRS (metres). Empty: the source CRS when it is projected, else chosen from the data.
  std::string analysis_crs;
  // The study area's extent in the analysis CRS: rows further than far_outside_m beyond it are
  // rejected as suspicious (wrong CRS, swapped columns) rather than counted as "outside".
  std::optional<Box> study_extent;
  double far_outside_m = 50000;
  int threads = 2;
  // A CSV file whose rows span at least two shares of this many bytes is parsed on several
  // threads (with the same results as one thread); tests set it small to cut small files.
  size_t min_parallel_share_bytes = size_t{4} << 20;
  // Keep each incident's id in IncidentTable::id (for per-incident outputs such as the
  // GeoPackage's incidents table); costs the ids' bytes per incident, so off by default.
  bool keep_ids = false;
  ProgressCallback progress;  // files read so far, of all files
};

struct SourceFile {
  std::string path;
  std::string format;  // "police.uk street CSV", "CSV", or the GDAL driver name
  std::string crs;
  int64_t rows = 0;
  int64_t accepted = 0;
  // "utf-8", "windows-1252", or "utf-8, some rows windows-1252" (auto with fallback rows).
  std::string encoding = "utf-8";
  int64_t rows_windows_1252 = 0;  // rows whose text was decoded as Windows-1252
};

struct IngestResult {
  IncidentTable table;
  RejectLog rejects;
  int64_t rows_read = 0;
  std::map<std::string, int64_t> rejects_by_reason;
  std::vector<SourceFile> files;
  std::vector<std::string> notes;  // kept-but-unmapped categories, skipped files, ...
  std::string analysis_crs;
  std::string transform_operation;
  double transform_accuracy_m = -1;
  int64_t rows_without_time_of_day = 0;
  int64_t rows_windows_1252 = 0;  // over all files
};

// The input files named by `paths`: files as given; folders searched recursively for *.csv.
std::vector<std::string> expand_paths(const std::vector<std::string>& paths);

// Throws InputError for unreadable, non-regular or empty files, a quote never closed, more
// than IncidentTable::kMaxCategories categories, a CSV with none of the expected columns and
// unknown CRS. A table left empty (every row rejected) is returned, not thrown: the caller
// writes rejects.csv first, then reports it.
IngestResult ingest(const std::vector<std::string>& paths, const IngestOptions& options);

}  // namespace hotspot::ingest
