#include "engine/serve/static_files.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <limits>
#include <system_error>
#include <utility>

#include "engine/serve/file_policy.hpp"

namespace hotspot::serve {
namespace fs = std::filesystem;

namespace {

bool is_inside(const fs::path& root, const fs::path& candidate) {
  auto [root_end, candidate_end] =
      std::mismatch(root.begin(), root.end(), candidate.begin(), candidate.end());
  return root_end == root.end();
}

}  // namespace

ResolvedPath resolve_request_path(const fs::path& root_canonical, std::string_view url_path) {
  if (url_path.empty() || url_path.front() != '/') return {PathStatus::forbidden, {}};
  if (url_path.find('\0') != std::string_view::npos ||
      url_path.find('\\') != std::string_view::npos) {
    return {PathStatus::forbidden, {}};
  }
  fs::path requested;
  size_t start = 1;
  while (start <= url_path.size()) {
    size_t end = url_path.find('/', start);
    if (end == std::string_view::npos) end = url_path.size();
    std::string_view segment = url_path.substr(start, end - start);
    if (segment == "..") return {PathStatus::forbidden, {}};
    if (!segment.empty() && segment != ".") requested /= fs::path(std::string(segment));
    start = end + 1;
  }
  // Refused files answer 404, like missing ones, so a probe learns nothing about the folder.
  // Checked on the name asked for and again on the file reached, so a symlink cannot launder
  // either way.
  if (!may_serve(root_canonical, requested)) return {PathStatus::not_found, {}};
  fs::path joined = root_canonical / requested;
  std::error_code error;
  if (fs::is_directory(joined, error)) joined /= "index.html";
  // canonical() follows every symlink, so a link pointing out of the root is caught here.
  fs::path resolved = fs::canonical(joined, error);
  if (error) return {PathStatus::not_found, {}};
  if (!is_inside(root_canonical, resolved)) return {PathStatus::forbidden, {}};
  if (!fs::is_regular_file(resolved, error)) return {PathStatus::not_found, {}};
  if (!may_serve(root_canonical, resolved.lexically_relative(root_canonical))) {
    return {PathStatus::not_found, {}};
  }
  return {PathStatus::ok, resolved};
}

std::string mime_type_for(const fs::path& file) {
  static const std::pair<std::string_view, std::string_view> kTypes[] = {
      {".html", "text/html; charset=utf-8"},
      {".htm", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".map", "application/json"},
      {".geojson", "application/geo+json"},
      // PMTiles has no registered type; octet-stream keeps every client from transcoding it.
      {".pmtiles", "application/octet-stream"},
      {".mvt", "application/vnd.mapbox-vector-tile"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".svg", "image/svg+xml"},
      {".ico", "image/x-icon"},
      {".csv", "text/csv; charset=utf-8"},
      {".md", "text/markdown; charset=utf-8"},
      {".txt", "text/plain; charset=utf-8"},
      {".tif", "image/tiff"},
      {".tiff", "image/tiff"},
      {".pdf", "application/pdf"},
      {".woff2", "font/woff2"},
  };
  std::string extension = file.extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const auto& [suffix, type] : kTypes) {
    if (extension == suffix) return std::string(type);
  }
  return "application/octet-stream";
}

namespace {

// RFC 9110 section 5.6.3: optional whitespace is spaces and horizontal tabs.
std::string_view trim_whitespace(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

bool all_digits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// 1*DIGIT has no upper bound in the grammar: a count beyond uint64 is still valid syntax, and is
// larger than any file, so it saturates instead of failing.
uint64_t saturating_count(std::string_view digits) {
  uint64_t value = 0;
  auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (error == std::errc::result_out_of_range) return std::numeric_limits<uint64_t>::max();
  return value;
}

// Compares two digit runs as numbers of any length (so "last-pos < first-pos" stays exact even
// where saturating_count would make both equal).
bool decimal_less(std::string_view left, std::string_view right) {
  auto strip = [](std::string_view digits) {
    size_t first_significant = digits.find_first_not_of('0');
    return first_significant == std::string_view::npos ? std::string_view{}
                                                       : digits.substr(first_significant);
  };
  left = strip(left);
  right = strip(right);
  if (left.size() != right.size()) return left.size() < right.size();
  return left < right;
}

bool equals_ignoring_case(std::string_view left, std::string_view right) {
  return left.size() == right.size() &&
         std::equal(left.begin(), left.end(), right.begin(), [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) ==
                  std::tolower(static_cast<unsigned char>(b));
         });
}

}  // namespace

RangeDecision decide_range(std::string_view range_header, uint64_t file_size) {
  const RangeDecision whole{};
  const RangeDecision unsatisfiable{RangeStatus::unsatisfiable, 0, 0};
  // ranges-specifier = range-unit "=" range-set; range units are case-insensitive.
  range_header = trim_whitespace(range_header);
  const size_t equals = range_header.find('=');
  if (equals == std::string_view::npos ||
      !equals_ignoring_case(range_header.substr(0, equals), "bytes")) {
    return whole;
  }
  // range-set = 1#range-spec: recipients accept empty list elements and whitespace around commas
  // (section 5.6.1.2). A second range makes us send the whole file, which section 14.2 allows.
  std::string_view set = range_header.substr(equals + 1);
  std::string_view spec;
  int spec_count = 0;
  while (true) {
    const size_t comma = set.find(',');
    std::string_view element = trim_whitespace(set.substr(0, comma));
    if (!element.empty()) {
      if (++spec_count > 1) return whole;
      spec = element;
    }
    if (comma == std::string_view::npos) break;
    set.remove_prefix(comma + 1);
  }
  if (spec_count == 0) return whole;

  const size_t dash = spec.find('-');
  if (dash == std::string_view::npos) return whole;
  const std::string_view first_text = spec.substr(0, dash);
  const std::string_view last_text = spec.substr(dash + 1);
  if (first_text.empty()) {  // suffix-range = "-" suffix-length: the last N bytes
    if (!all_digits(last_text)) return whole;
    const uint64_t suffix_length = saturating_count(last_text);
    if (suffix_length == 0) return unsatisfiable;
    // An empty file has no byte to send, yet a non-zero suffix counts as satisfiable (section
    // 14.1.1), so neither 206 nor 416 fits: send the whole (empty) file.
    if (file_size == 0) return whole;
    const uint64_t length = std::min(suffix_length, file_size);
    return {RangeStatus::partial, file_size - length, length};
  }
  // int-range = first-pos "-" [ last-pos ]; invalid when last-pos < first-pos.
  if (!all_digits(first_text)) return whole;
  if (!last_text.empty() && (!all_digits(last_text) || decimal_less(last_text, first_text))) {
    return whole;
  }
  const uint64_t first = saturating_count(first_text);
  if (first >= file_size) return unsatisfiable;
  const uint64_t last =
      last_text.empty() ? file_size - 1 : std::min(saturating_count(last_text), file_size - 1);
  return {RangeStatus::partial, first, last - first + 1};
}

std::string content_range_header(const RangeDecision& decision, uint64_t file_size) {
  if (decision.status != RangeStatus::partial) return "bytes */" + std::to_string(file_size);
  return "bytes " + std::to_string(decision.first_byte) + "-" +
         std::to_string(decision.first_byte + decision.length - 1) + "/" +
         std::to_string(file_size);
}

}  // namespace hotspot::serve
