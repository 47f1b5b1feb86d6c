// IncidentTable: every accepted incident as parallel columns (no per-incident heap objects).
// Coordinates are in the analysis CRS (metres); times are local civil time.
#pragma once
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/core/huge_pages.hpp"

namespace hotspot {

using CategoryId = uint16_t;
// Ward index meaning "not inside any ward of the study area".
constexpr int32_t kOutside = -1;

// How much of an incident's time is known. police.uk gives only the month.
enum class TimePrecision : uint8_t { month = 0, day = 1, minute = 2 };

// Incident ids (police.uk "Crime ID", a force's reference) as one text buffer with end offsets:
// two allocations, not one string per incident. Kept only when a per-incident output needs them
// (IngestOptions::keep_ids); empty otherwise. An incident without an id holds "".
struct IdColumn {
  std::string text;
  std::vector<uint64_t> end;  // end[i]: one past the last byte of id i in `text`

  bool empty() const { return end.empty(); }
  std::string_view operator[](size_t i) const {
    const uint64_t begin = i == 0 ? 0 : end[i - 1];
    return std::string_view(text).substr(begin, end[i] - begin);
  }
  void push_back(std::string_view id) {
    text.append(id);
    end.push_back(text.size());
  }
  // Room for `ids` ids of `bytes` in all, made once: grown by doubling instead, a national
  // table's two buffers held up to ~80 MB they never used, for the whole run.
  void reserve(size_t ids, size_t bytes) {
    end.reserve(ids);
    text.reserve(bytes);
  }
  // Keeps the ids where keep[i] (the rows a filter left in the table), in order.
  template <typename Keep>
  void keep_if(Keep keep) {
    size_t ids = 0, bytes = 0;
    for (size_t i = 0; i < end.size(); ++i)
      if (keep(i)) {
        ++ids;
        bytes += (*this)[i].size();
      }
    IdColumn kept;
    kept.reserve(ids, bytes);
    for (size_t i = 0; i < end.size(); ++i)
      if (keep(i)) kept.push_back((*this)[i]);
    *this = std::move(kept);
  }
};

struct IncidentTable {
  std::vector<double> x;             // analysis CRS, metres (easting)
  std::vector<double> y;             // analysis CRS, metres (northing)
  std::vector<CategoryId> category;  // index into category_slugs
  // Local civil time (Europe/London unless configured) as seconds since 1970-01-01 00:00
  // on the local clock, with no zone offset applied. Month-only rows hold the 1st at 00:00.
  std::vector<int64_t> local_time_s;
  std::vector<TimePrecision> time_precision;
  std::vector<int32_t> ward;  // filled by join: ward index or kOutside
  // The street or place of each incident (police.uk's Location without "On or near", or a
  // force export's street column): an index into street_names, 0 for none. Empty when no
  // source had such a column.
  std::vector<uint32_t> street;
  std::vector<std::string> street_names;    // [0] is ""
  IdColumn id;                              // empty unless ids were asked for
  std::vector<std::string> category_slugs;  // dictionary for `category`

  size_t size() const { return x.size(); }

  // Most categories the table can hold (CategoryId is 16 bits).
  static constexpr size_t kMaxCategories = std::numeric_limits<CategoryId>::max();

  // The id of `slug`, added to the dictionary when new. Constant time: the dictionary is indexed
  // (re-indexed when category_slugs was assigned directly). Callers check kMaxCategories first.
  CategoryId category_id(const std::string& slug) {
    sync_category_index();
    const auto [found, inserted] =
        category_index.emplace(slug, static_cast<CategoryId>(category_slugs.size()));
    if (inserted) category_slugs.push_back(slug);
    return found->second;
  }
  // -1 when `slug` is not in the dictionary.
  int find_category(const std::string& slug) const {
    for (size_t i = 0; i < category_slugs.size(); ++i)
      if (category_slugs[i] == slug) return static_cast<int>(i);
    return -1;
  }

  // find_category in constant time (for ingest, where the dictionary can be large).
  int find_category_fast(const std::string& slug) {
    sync_category_index();
    const auto found = category_index.find(slug);
    return found == category_index.end() ? -1 : found->second;
  }

  void reserve(size_t n) {
    reserve_in_huge_pages(x, n);
    reserve_in_huge_pages(y, n);
    reserve_in_huge_pages(category, n);
    reserve_in_huge_pages(local_time_s, n);
    reserve_in_huge_pages(time_precision, n);
  }

  void push_back(double x_m, double y_m, CategoryId cat, int64_t time_s, TimePrecision precision) {
    x.push_back(x_m);
    y.push_back(y_m);
    category.push_back(cat);
    local_time_s.push_back(time_s);
    time_precision.push_back(precision);
  }

 private:
  std::unordered_map<std::string, CategoryId> category_index;  // slug → id, for category_id
  void sync_category_index() {
    if (category_index.size() == category_slugs.size()) return;
    category_index.clear();
    for (size_t i = 0; i < category_slugs.size(); ++i)
      category_index.emplace(category_slugs[i], static_cast<CategoryId>(i));
  }
};

}  // namespace hotspot
