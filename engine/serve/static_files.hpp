// The decisions behind serving a file, kept free of sockets so they can be tested directly:
// which file a URL path names (never one outside the root), its MIME type, and which bytes a
// Range header asks for (RFC 9110 section 14).
#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace hotspot::serve {

enum class PathStatus { ok, forbidden, not_found };

struct ResolvedPath {
  PathStatus status = PathStatus::not_found;
  std::filesystem::path file;  // canonical, set when status is ok
};

// Maps an already percent-decoded URL path ("/a/b.json") onto a regular file under
// `root_canonical` (which must be canonical). A folder maps to its index.html. `..` segments,
// backslashes, NUL bytes and symlinks that resolve outside the root are forbidden; anything that
// is missing, not a regular file, or refused by may_serve (hidden, temporary, per-incident files
// of a public run) is not_found.
ResolvedPath resolve_request_path(const std::filesystem::path& root_canonical,
                                  std::string_view url_path);

// The Content-Type for a file name by its extension; application/octet-stream when unknown.
std::string mime_type_for(const std::filesystem::path& file);

enum class RangeStatus { whole, partial, unsatisfiable };

struct RangeDecision {
  RangeStatus status = RangeStatus::whole;
  uint64_t first_byte = 0;  // with partial: the first byte to send
  uint64_t length = 0;      // with partial: how many bytes
};

// Decides what to send for a Range header value against a file of `file_size` bytes, following
// the grammar of RFC 9110 section 14.1.2. One byte range is honoured. Invalid syntax, another unit
// and several ranges fall back to the whole file, which section 14.2 allows ("a server MAY ignore
// the Range header"); a valid range that starts at or past the end is unsatisfiable (416).
RangeDecision decide_range(std::string_view range_header, uint64_t file_size);

// "bytes FIRST-LAST/SIZE" for a 206, "bytes */SIZE" for a 416.
std::string content_range_header(const RangeDecision& decision, uint64_t file_size);

}  // namespace hotspot::serve
