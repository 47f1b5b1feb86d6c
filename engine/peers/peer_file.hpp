// The reference counts a study area is compared with (--peers FILE.csv): a national row set
// (England) and the members of a Most Similar Group, each with counts (or rates) and the
// population they rest on, per category. The format (also in the README):
//
//   area,role,category,count,population[,months]
//   England,national,Burglary,234567,56490000,12
//   Southend-on-Sea,peer,burglary,1234,180000,12
//
// - role: `national` (one area at most: England, or England and Wales) or `peer` (an MSG
//   member); optional — without it an area named England / England and Wales is national and
//   every other area a peer.
// - category: a police.uk name ("Violence and sexual offences"), a slug (violent-crime), another
//   slug of the user's, or `all` / `total` / `all crime` for every category together.
// - count, or rate_per_1000 instead (count = rate × population / 1,000, rounded).
// - months: how many months the counts cover (default: the study period's length).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace hotspot::peers {

enum class PeerRole { national, peer };

constexpr const char* kTotalCategory = "total";

struct PeerRow {
  std::string area;
  PeerRole role = PeerRole::peer;
  std::string category;  // a slug, or kTotalCategory
  int64_t count = 0;
  double population = 0;
  double months = 0;  // 0: the study period's length
  int64_t line = 0;   // in the file, for messages
};

struct PeerTable {
  std::string path;
  std::vector<PeerRow> rows;
};

// Throws InputError naming the file, line and field (never quoting a value) for a missing
// column, an unknown role, a count, rate, population or months that is not a number >= 0 (a
// population must be > 0), a category that is neither a police.uk name nor a slug, the same
// area and category twice, or more than one national area.
PeerTable read_peer_file(const std::string& path);

// The category a peer file names: police.uk name or slug → slug; all/total/all crime →
// kTotalCategory; another valid slug as itself; "" when none of these.
std::string peer_category(const std::string& name);

}  // namespace hotspot::peers
