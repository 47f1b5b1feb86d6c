#include "engine/ingest/ingest.hpp"

#include <algorithm>
#include <boost/sort/pdqsort/pdqsort.hpp>
#include <cmath>
#include <filesystem>
#include <map>
#include <utility>

#include "engine/core/crs.hpp"
#include "engine/core/csv_reader.hpp"
#include "engine/core/data_source.hpp"
#include "engine/core/errors.hpp"
#include "engine/core/huge_pages.hpp"
#include "engine/core/parallel.hpp"
#include "engine/ingest/sources.hpp"

namespace hotspot::ingest {

namespace fs = std::filesystem;

void reject_row(IngestResult& result, const std::string& file, int64_t line,
                const std::string& field, const std::string& reason, const std::string& detail,
                std::string_view raw) {
  result.rejects.add(Reject{file, line, field, reason, detail, std::string(raw)});
  ++result.rejects_by_reason[reason];
}

static bool is_csv_name(const fs::path& path) {
  if (is_connection_string(path.string())) return false;
  std::string extension = path.extension().string();
  for (char& c : extension) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return extension == ".csv" || extension == ".txt";
}

std::vector<std::string> expand_paths(const std::vector<std::string>& paths) {
  std::vector<std::string> files;
  for (const std::string& path : paths) {
    std::error_code error;
    if (is_connection_string(path)) {  // a database table or query, read through GDAL
      files.push_back(path);
    } else if (fs::is_directory(path, error)) {
      std::vector<std::string> found;
      for (const auto& entry : fs::recursive_directory_iterator(path, error))
        if (entry.is_regular_file() && is_csv_name(entry.path()))
          found.push_back(entry.path().string());
      if (found.empty()) throw InputError(path, 0, "", "the folder holds no .csv files");
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::is_regular_file(path, error)) {
      files.push_back(path);
    } else if (fs::exists(path, error)) {
      // A FIFO or device would block the run or never end.
      throw InputError(path, 0, "",
                       "is not a regular file (a pipe, socket or device): give a file saved on "
                       "disk");
    } else {
      throw InputError(path, 0, "", "no such file or folder");
    }
  }
  return files;
}

namespace {

// The analysis CRS for data whose sources are given: a projected source CRS is used as it is;
// longitude/latitude data picks BNG or UTM from the middle 98% of its points.
std::string choose_crs(const std::vector<StagedRows>& staged) {
  std::vector<double> lons, lats;
  for (const StagedRows& rows : staged) {
    if (rows.x.empty()) continue;
    if (!rows.geographic && rows.crs != "EPSG:4326") return rows.crs;
    for (size_t i = 0; i < rows.x.size(); i += 1 + rows.x.size() / 20000) {
      lons.push_back(rows.x[i]);
      lats.push_back(rows.y[i]);
    }
  }
  if (lons.empty()) return "EPSG:27700";
  auto quantile = [](std::vector<double>& values, double q) {
    const size_t k = static_cast<size_t>(q * static_cast<double>(values.size() - 1));
    std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(k), values.end());
    return values[k];
  };
  return choose_analysis_crs(quantile(lons, 0.01), quantile(lats, 0.01), quantile(lons, 0.99),
                             quantile(lats, 0.99));
}

// Transforms every source's rows into the analysis CRS on up to `threads` threads, each with its
// own PROJ context. The rows of all sources in one CRS are shared out together: police.uk data
// comes as a file a month, of ~40,000 rows each in a force, and each file was once transformed
// on one thread with transformations made afresh for it (PROJ searches its SQLite database),
// which cost more than transforming the month.
void transform_sources(std::vector<StagedRows>& staged, const std::string& target, int threads,
                       IngestResult& result) {
  std::map<std::string, std::vector<StagedRows*>> by_source;
  std::string last_source;  // the operation reported is the last transformed file's
  for (StagedRows& rows : staged)
    if (!rows.x.empty() && rows.crs != target) {
      by_source[rows.crs].push_back(&rows);
      last_source = rows.crs;
    }
  for (const auto& group : by_source) {
    // Named, not a structured binding: C++20 lambdas cannot capture those in clang 14.
    const std::string& source = group.first;
    const std::vector<StagedRows*>& parts = group.second;
    std::vector<size_t> part_start{0};  // part p holds rows [part_start[p], part_start[p + 1])
    for (const StagedRows* rows : parts) part_start.push_back(part_start.back() + rows->x.size());
    const size_t total = part_start.back();
    const int workers = std::max(1, std::min<int>(threads, static_cast<int>(total / 50000) + 1));
    std::vector<std::unique_ptr<CoordinateTransform>> transforms;
    for (int t = 0; t < workers; ++t)
      transforms.push_back(std::make_unique<CoordinateTransform>(source, target));
    parallel_for(total, workers, [&](size_t begin, size_t end, int worker) {
      CoordinateTransform& transform = *transforms[static_cast<size_t>(worker)];
      size_t p = static_cast<size_t>(std::upper_bound(part_start.begin(), part_start.end(), begin) -
                                     part_start.begin() - 1);
      for (size_t at = begin; at < end; ++p) {
        const size_t stop = std::min(end, part_start[p + 1]);
        StagedRows& rows = *parts[p];
        const size_t offset = at - part_start[p];
        transform.transform(&rows.x[offset], &rows.y[offset], stop - at);
        at = stop;
      }
    });
    if (source != last_source) continue;
    result.transform_operation = transforms.front()->operation_name();
    result.transform_accuracy_m = transforms.front()->accuracy_m();
  }
}

struct PendingReject {
  size_t source;
  size_t row;
  std::string field, reason, detail;
};

// Raw text of the given (sorted) CSV lines, read again from the file: rejects decided after
// parsing (transform, distance, duplicates) still carry their row as it was.
std::vector<std::string> raw_lines(const std::string& path, const std::vector<int64_t>& lines) {
  std::vector<std::string> raw(lines.size());
  CsvReader reader(path);
  std::vector<std::string_view> fields;
  size_t next = 0;
  while (next < lines.size() && reader.next(fields)) {
    while (next < lines.size() && lines[next] < reader.line_number()) ++next;
    while (next < lines.size() && lines[next] == reader.line_number())
      raw[next++] = std::string(reader.raw_record());
  }
  return raw;
}

void find_duplicate_ids(const std::vector<StagedRows>& staged,
                        std::vector<std::vector<uint8_t>>& dropped,
                        std::vector<PendingReject>& pending) {
  struct Key {
    uint64_t hash;
    uint32_t source;
    uint32_t row;
  };
  std::vector<Key> keys;
  // Room for every row's key at once: grown by doubling, 10M keys (160 MB) were copied about
  // twice over into fresh pages.
  size_t most = 0;
  for (const StagedRows& rows : staged) most += rows.id_hash.size();
  keys.reserve(most);
  for (size_t s = 0; s < staged.size(); ++s)
    for (size_t i = 0; i < staged[s].id_hash.size(); ++i)
      if (staged[s].id_hash[i] != 0 && !dropped[s][i])
        keys.push_back(
            Key{staged[s].id_hash[i], static_cast<uint32_t>(s), static_cast<uint32_t>(i)});
  // A total order (no two keys share source and row), so any sort gives the same result; the
  // branchless pdqsort mispredicts less on random hashes than std::sort.
  boost::sort::pdqsort_branchless(keys.begin(), keys.end(), [](const Key& a, const Key& b) {
    return a.hash != b.hash ? a.hash < b.hash
                            : (a.source != b.source ? a.source < b.source : a.row < b.row);
  });
  for (size_t k = 1; k < keys.size(); ++k) {
    size_t first = k - 1;
    while (k < keys.size() && keys[k].hash == keys[first].hash) {
      const Key& original = keys[first];
      dropped[keys[k].source][keys[k].row] = 1;
      pending.push_back(
          PendingReject{keys[k].source, keys[k].row, "id", "duplicate-id",
                        "the same incident id is already at " + staged[original.source].path + ":" +
                            std::to_string(staged[original.source].line[original.row])});
      ++k;
    }
  }
}

}  // namespace

IngestResult ingest(const std::vector<std::string>& paths, const IngestOptions& options) {
  IngestResult result;
  CategoryResolver categories(options.mapping, result.table);
  StreetResolver streets(result.table);
  const std::vector<std::string> files = expand_paths(paths);
  std::vector<StagedRows> staged;
  for (size_t f = 0; f < files.size(); ++f) {
    const std::string& file = files[f];
    if (is_csv_name(file)) {
      for (StagedRows& part : read_csv_source(file, options, categories, streets, result))
        staged.push_back(std::move(part));
    } else {
      staged.push_back(read_layer_source(file, options, categories, streets, result));
    }
    report_progress(options.progress, "ingest", f + 1, files.size());
  }
  for (const StagedRows& rows : staged) result.rows_read += rows.rows;
  result.analysis_crs = options.analysis_crs.empty() ? choose_crs(staged) : options.analysis_crs;

  std::vector<std::vector<uint8_t>> dropped(staged.size());
  std::vector<PendingReject> pending;
  transform_sources(staged, result.analysis_crs, options.threads, result);
  for (size_t s = 0; s < staged.size(); ++s) {
    StagedRows& rows = staged[s];
    dropped[s].assign(rows.x.size(), 0);
    for (size_t i = 0; i < rows.x.size(); ++i) {
      if (std::isnan(rows.x[i])) {
        dropped[s][i] = 1;
        pending.push_back(PendingReject{s, i, "", "transform-failed",
                                        "the coordinates cannot be transformed from " + rows.crs +
                                            " to " + result.analysis_crs});
      } else if (options.study_extent) {
        const Box& box = *options.study_extent;
        const double dx =
            std::max({box.min_corner().x() - rows.x[i], 0.0, rows.x[i] - box.max_corner().x()});
        const double dy =
            std::max({box.min_corner().y() - rows.y[i], 0.0, rows.y[i] - box.max_corner().y()});
        if (std::max(dx, dy) > options.far_outside_m) {
          dropped[s][i] = 1;
          pending.push_back(PendingReject{
              s, i, "", "far-outside-study-area",
              "more than " + std::to_string(static_cast<int>(options.far_outside_m / 1000)) +
                  " km beyond the wards: check the CRS and that x and y are not swapped"});
        }
      }
    }
  }
  find_duplicate_ids(staged, dropped, pending);

  // Late rejects, with their raw rows read again from the files.
  std::sort(pending.begin(), pending.end(), [](const PendingReject& a, const PendingReject& b) {
    return a.source != b.source ? a.source < b.source : a.row < b.row;
  });
  for (size_t begin = 0; begin < pending.size();) {
    size_t end = begin;
    std::vector<int64_t> lines;
    while (end < pending.size() && pending[end].source == pending[begin].source)
      lines.push_back(staged[pending[begin].source].line[pending[end++].row]);
    const StagedRows& rows = staged[pending[begin].source];
    const std::vector<std::string> raw = is_csv_name(rows.path)
                                             ? raw_lines(rows.path, lines)
                                             : std::vector<std::string>(lines.size());
    for (size_t k = begin; k < end; ++k)
      reject_row(result, rows.path, lines[k - begin], pending[k].field, pending[k].reason,
                 pending[k].detail, raw[k - begin]);
    begin = end;
  }

  size_t accepted = 0;
  for (size_t s = 0; s < staged.size(); ++s)
    accepted += static_cast<size_t>(std::count(dropped[s].begin(), dropped[s].end(), 0));
  IncidentTable& table = result.table;
  // Street names only when some source has them (police.uk's Location, a named street column).
  const bool any_streets = std::any_of(staged.begin(), staged.end(),
                                       [](const StagedRows& rows) { return !rows.street.empty(); });
  // The runs of kept rows, in order; then the columns are copied run by run (a row at a time
  // was most of this step), one column per thread at a time, so that the new pages are faulted in
  // on both cores.
  struct Run {
    size_t source, begin, end;
  };
  std::vector<Run> runs;
  if (options.keep_ids) {
    size_t id_bytes = 0;  // of every staged row, so at most a rejected row's more than needed
    for (const StagedRows& rows : staged) id_bytes += rows.id.text.size();
    table.id.reserve(accepted, id_bytes);
  }
  for (size_t s = 0; s < staged.size(); ++s) {
    StagedRows& rows = staged[s];
    if (!rows.continues_file)
      result.files.push_back(SourceFile{rows.path, rows.format, rows.crs, 0, 0, "utf-8", 0});
    SourceFile& source = result.files.back();
    source.rows += rows.rows;
    source.rows_windows_1252 += rows.rows_windows_1252;
    result.rows_windows_1252 += rows.rows_windows_1252;
    if (options.encoding == TextEncoding::windows_1252)
      source.encoding = "windows-1252";
    else if (source.rows_windows_1252 > 0)
      source.encoding = "utf-8, some rows windows-1252";
    for (size_t begin = 0; begin < rows.x.size();) {
      if (dropped[s][begin]) {
        ++begin;
        continue;
      }
      size_t end = begin;
      while (end < rows.x.size() && !dropped[s][end]) ++end;
      runs.push_back(Run{s, begin, end});
      for (size_t i = begin; i < end; ++i) {
        if (options.keep_ids) table.id.push_back(rows.id[i]);
        if (rows.precision[i] != TimePrecision::minute) ++result.rows_without_time_of_day;
      }
      source.accepted += static_cast<int64_t>(end - begin);
      begin = end;
    }
    // Nothing reads these again: released source by source, so ids are not held twice.
    std::exchange(rows.line, {});
    std::exchange(rows.id_hash, {});
    rows.id = IdColumn{};
  }
  // When every row of the first part is kept (one file; or the first share of a file parsed on
  // several threads, which has room for the whole file), its columns become the table's and only
  // the later parts are copied after them: a single-file run copies half its columns or none.
  const bool adopt_first = !runs.empty() && runs.front().source == 0 && runs.front().begin == 0 &&
                           runs.front().end == staged.front().x.size();
  // Each staged column is released once copied: peak memory stays near one copy.
  auto copy_column = [&](auto to_column, auto from_column) {
    auto& to = table.*to_column;
    size_t first_run = 0;
    if (adopt_first) {
      to = std::move(staged.front().*from_column);
      first_run = 1;
    }
    reserve_in_huge_pages(to, accepted);  // nothing to do when the first part had room
    for (size_t r = first_run; r < runs.size(); ++r) {
      const Run& run = runs[r];
      const auto& from = staged[run.source].*from_column;
      to.insert(to.end(), from.begin() + static_cast<std::ptrdiff_t>(run.begin),
                from.begin() + static_cast<std::ptrdiff_t>(run.end));
    }
    for (StagedRows& rows : staged) std::exchange(rows.*from_column, {});
  };
  auto copy_streets = [&] {
    if (!any_streets) return;
    size_t first_run = 0;
    if (adopt_first && !staged.front().street.empty()) {
      table.street = std::move(staged.front().street);
      first_run = 1;
    }
    reserve_in_huge_pages(table.street, accepted);
    for (size_t r = first_run; r < runs.size(); ++r) {
      const Run& run = runs[r];
      const std::vector<uint32_t>& from = staged[run.source].street;
      if (from.empty())
        table.street.resize(table.street.size() + run.end - run.begin);
      else
        table.street.insert(table.street.end(),
                            from.begin() + static_cast<std::ptrdiff_t>(run.begin),
                            from.begin() + static_cast<std::ptrdiff_t>(run.end));
    }
    for (StagedRows& rows : staged) std::exchange(rows.street, {});
  };
  parallel_workers(std::max(1, std::min(options.threads, 2)), [&](int worker) {
    if (worker == 0 || options.threads < 2) {
      copy_column(&IncidentTable::x, &StagedRows::x);
      copy_column(&IncidentTable::category, &StagedRows::category);
      copy_column(&IncidentTable::time_precision, &StagedRows::precision);
      copy_streets();
    }
    if (worker == 1 || options.threads < 2) {
      copy_column(&IncidentTable::y, &StagedRows::y);
      copy_column(&IncidentTable::local_time_s, &StagedRows::local_time_s);
    }
  });
  for (StagedRows& rows : staged) rows = StagedRows{};
  if (categories.unmapped_count() > 0) {
    std::string list;
    for (const auto& name : categories.unmapped()) list += (list.empty() ? "" : "; ") + name;
    if (categories.unmapped_count() > categories.unmapped().size())
      list += "; and " +
              std::to_string(categories.unmapped_count() - categories.unmapped().size()) + " more";
    result.notes.push_back(
        "offence names with no police.uk category were kept as categories of their own (map them "
        "with a category mapping file): " +
        list);
  }
  if (result.rows_windows_1252 > 0 && options.encoding == TextEncoding::automatic)
    result.notes.push_back(std::to_string(result.rows_windows_1252) +
                           " rows were not valid UTF-8 and were read as Windows-1252 (give "
                           "--encoding to choose one encoding for every row)");
  return result;  // callers decide what an empty table means (after writing rejects.csv)
}

}  // namespace hotspot::ingest
