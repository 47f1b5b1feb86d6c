#include "engine/serve/static_files.hpp"

#include <algorithm>
#include <charconv>
#include <system_error>
#include <utility>

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
  fs::path joined = root_canonical;
  size_t start = 1;
  while (start <= url_path.size()) {
    size_t end = url_path.find('/', start);
    if (end == std::string_view::npos) end = url_path.size();
    std::string_view segment = url_path.substr(start, end - start);
    if (segment == "..") return {PathStatus::forbidden, {}};
    if (!segment.empty() && segment != ".") joined /= fs::path(std::string(segment));
    start = end + 1;
  }
  std::error_code error;
  if (fs::is_directory(joined, error)) joined /= "index.html";
  // canonical() follows every symlink, so a link pointing out of the root is caught here.
  fs::path resolved = fs::canonical(joined, error);
  if (error) return {PathStatus::not_found, {}};
  if (!is_inside(root_canonical, resolved)) return {PathStatus::forbidden, {}};
  if (!fs::is_regular_file(resolved, error)) return {PathStatus::not_found, {}};
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

// Parses a run of decimal digits; false when empty, not all digits, or overflowing.
bool parse_count(std::string_view text, uint64_t& value) {
  if (text.empty()) return false;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && end == text.data() + text.size();
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

}  // namespace

RangeDecision decide_range(std::string_view range_header, uint64_t file_size) {
  const RangeDecision whole{};
  const RangeDecision unsatisfiable{RangeStatus::unsatisfiable, 0, 0};
  range_header = trim(range_header);
  constexpr std::string_view kUnit = "bytes=";
  if (range_header.substr(0, kUnit.size()) != kUnit) return whole;
  std::string_view spec = trim(range_header.substr(kUnit.size()));
  if (spec.find(',') != std::string_view::npos) return whole;
  size_t dash = spec.find('-');
  if (dash == std::string_view::npos) return whole;
  std::string_view first_text = trim(spec.substr(0, dash));
  std::string_view last_text = trim(spec.substr(dash + 1));

  uint64_t first = 0;
  uint64_t last = 0;
  if (first_text.empty()) {  // suffix range: the last N bytes
    uint64_t suffix_length = 0;
    if (!parse_count(last_text, suffix_length)) return whole;
    if (suffix_length == 0 || file_size == 0) return unsatisfiable;
    suffix_length = std::min(suffix_length, file_size);
    return {RangeStatus::partial, file_size - suffix_length, suffix_length};
  }
  if (!parse_count(first_text, first)) return whole;
  if (last_text.empty()) {
    last = file_size == 0 ? 0 : file_size - 1;
  } else if (!parse_count(last_text, last) || last < first) {
    return whole;
  }
  if (first >= file_size) return unsatisfiable;
  last = std::min(last, file_size - 1);
  return {RangeStatus::partial, first, last - first + 1};
}

std::string content_range_header(const RangeDecision& decision, uint64_t file_size) {
  if (decision.status != RangeStatus::partial) return "bytes */" + std::to_string(file_size);
  return "bytes " + std::to_string(decision.first_byte) + "-" +
         std::to_string(decision.first_byte + decision.length - 1) + "/" +
         std::to_string(file_size);
}

}  // namespace hotspot::serve
