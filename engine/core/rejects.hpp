// Rejected input rows: data, not exceptions. Each carries its file, line, reason and raw text,
// and ends up in rejects.csv so that row counts always add up.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace hotspot {

struct Reject {
  std::string file;
  int64_t line = 0;    // 1-based line (CSV) or feature number (other formats)
  std::string field;   // the field at fault, when one is
  std::string reason;  // short stable code, e.g. "no-coordinates"
  std::string detail;  // what was wrong, for a person
  std::string raw;     // the raw row as read
};

struct RejectLog {
  std::vector<Reject> rows;
  void add(Reject reject) { rows.push_back(std::move(reject)); }
  size_t size() const { return rows.size(); }
};

}  // namespace hotspot
