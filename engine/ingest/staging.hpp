// Rows parsed from one source file before transformation: raw coordinates in the source CRS,
// plus where each row came from, so later checks can still reject with file and line.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/core/categories.hpp"
#include "engine/core/incident_table.hpp"
#include "engine/core/rejects.hpp"

namespace hotspot::ingest {

struct StagedRows {
  std::string path;
  std::string format;
  std::string crs;          // source CRS of x/y
  bool geographic = false;  // x/y are longitude/latitude
  int64_t rows = 0;         // data rows read (header excluded)
  std::vector<double> x, y;
  std::vector<CategoryId> category;
  std::vector<int64_t> local_time_s;
  std::vector<TimePrecision> precision;
  std::vector<int64_t> line;      // 1-based line (CSV) or feature number (layers)
  std::vector<uint64_t> id_hash;  // 0 = no id
  std::vector<uint32_t>
      street;   // index into IncidentTable::street_names (0 = none); empty: no column
  IdColumn id;  // the ids themselves, only with IngestOptions::keep_ids
};

// Street or place names in the shared dictionary (IncidentTable::street_names, [0] = ""):
// police.uk's "On or near Castle Street" is stored as "Castle Street".
class StreetResolver {
 public:
  explicit StreetResolver(IncidentTable& table);
  uint32_t resolve(std::string_view location);

 private:
  IncidentTable& table_;
  std::unordered_map<std::string, uint32_t> index_;
};

// Maps category names to ids in the shared dictionary; names that map to no slug are kept as
// categories of their own (slugified) and reported.
class CategoryResolver {
 public:
  CategoryResolver(const CategoryMapping& mapping, IncidentTable& table)
      : mapping_(mapping), table_(table) {}
  CategoryId resolve(std::string_view name);
  const std::vector<std::string>& unmapped() const { return unmapped_; }

 private:
  const CategoryMapping& mapping_;
  IncidentTable& table_;
  std::vector<std::pair<std::string, CategoryId>> seen_;  // few distinct names: linear scan wins
  std::vector<std::string> unmapped_;
};

// FNV-1a of an id (never 0).
uint64_t hash_id(std::string_view id);

// Parses a decimal number (fast_float); false for empty or malformed text.
bool parse_number(std::string_view text, double& value);

}  // namespace hotspot::ingest
