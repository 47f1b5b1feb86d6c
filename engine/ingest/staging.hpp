// Rows parsed from one source file before transformation: raw coordinates in the source CRS,
// plus where each row came from, so later checks can still reject with file and line.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/core/categories.hpp"
#include "engine/core/incident_table.hpp"
#include "engine/core/rejects.hpp"
#include "engine/core/text_encoding.hpp"

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
  std::vector<uint64_t> id_hash;  // 0 = no id; empty when the source has no id column
  std::vector<uint32_t>
      street;   // index into IncidentTable::street_names (0 = none); empty: no column
  IdColumn id;  // the ids themselves, only with IngestOptions::keep_ids
  int64_t rows_windows_1252 = 0;  // rows whose text was decoded as Windows-1252
  bool continues_file = false;    // a later part of the same file as the previous StagedRows
};

// std::string keys looked up by std::string_view: a row's text is found without first being
// copied into a std::string (a heap allocation per row for names over 15 bytes, such as most of
// police.uk's categories).
struct TextHash {
  using is_transparent = void;
  size_t operator()(std::string_view text) const noexcept {
    return std::hash<std::string_view>{}(text);
  }
};
template <class Value>
using TextIndex = std::unordered_map<std::string, Value, TextHash, std::equal_to<>>;

// Street or place names in the shared dictionary (IncidentTable::street_names, [0] = ""):
// police.uk's "On or near Castle Street" is stored as "Castle Street".
class StreetResolver {
 public:
  explicit StreetResolver(IncidentTable& table);
  uint32_t resolve(std::string_view location);
  // A name resolve() already cleaned (another resolver's dictionary entry), added as it is.
  uint32_t add_cleaned(std::string_view name);

 private:
  IncidentTable& table_;
  TextIndex<uint32_t> index_;
};

// Decodes a row's text under the chosen encoding: `auto` keeps valid UTF-8 and reads anything
// else as Windows-1252 (counted); `utf-8` refuses invalid UTF-8; `windows-1252` decodes all.
class TextDecoder {
 public:
  explicit TextDecoder(TextEncoding encoding) : encoding_(encoding) {}
  // The text as UTF-8 in `out` (a view into `text` or into `scratch`). False when the encoding
  // is utf-8 and the text is not valid UTF-8. `decoded_1252` is set when the fallback was used.
  bool decode(std::string_view text, std::string& scratch, std::string_view& out,
              bool& decoded_1252) const;

 private:
  TextEncoding encoding_;
};

// Maps category names to ids in the shared dictionary; names that map to no slug are kept as
// categories of their own (slugified) and reported.
class CategoryResolver {
 public:
  CategoryResolver(const CategoryMapping& mapping, IncidentTable& table)
      : mapping_(mapping), table_(table) {}
  // Constant time per name. Throws InputError (naming `file`, `line` and `field`) when a new name
  // would pass IncidentTable::kMaxCategories.
  CategoryId resolve(std::string_view name, const std::string& file, int64_t line,
                     const std::string& field);
  // The first kListedUnmapped unmapped names as "name → slug", and how many there are in all.
  static constexpr size_t kListedUnmapped = 20;
  const std::vector<std::string>& unmapped() const { return unmapped_; }
  size_t unmapped_count() const { return unmapped_count_; }
  // Each distinct name in the order first met, with the line it was first met on: what a
  // resolver that saw the same rows later needs to replay them in the same order.
  struct FirstSeen {
    std::string name;
    int64_t line;
    CategoryId id;
  };
  const std::vector<FirstSeen>& first_seen() const { return first_seen_; }

 private:
  const CategoryMapping& mapping_;
  IncidentTable& table_;
  TextIndex<CategoryId> seen_;
  std::vector<std::string> unmapped_;
  size_t unmapped_count_ = 0;
  std::vector<FirstSeen> first_seen_;
};

// FNV-1a of an id (never 0).
uint64_t hash_id(std::string_view id);

// Parses a decimal number (fast_float); false for empty or malformed text.
bool parse_number(std::string_view text, double& value);

}  // namespace hotspot::ingest
