#include "engine/serve/file_policy.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>

namespace hotspot::serve {
namespace fs = std::filesystem;

namespace {

// A summary.json of a real run is a few kilobytes; anything this large is not ours.
constexpr uintmax_t kMaxSummaryBytes = 64 * 1024 * 1024;

std::string lower_case(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower;
}

size_t skip_json_whitespace(const std::string& text, size_t at) {
  while (at < text.size() &&
         (text[at] == ' ' || text[at] == '\t' || text[at] == '\n' || text[at] == '\r')) {
    ++at;
  }
  return at;
}

// Looks for `"public"` followed by `:` and an object or `true`. A plain text scan rather than a
// JSON parser: a false match (the phrase inside a title) only withholds more, never less.
bool marks_public_run(const std::string& summary) {
  constexpr std::string_view kKey = "\"public\"";
  for (size_t at = summary.find(kKey); at != std::string::npos;
       at = summary.find(kKey, at + kKey.size())) {
    size_t next = skip_json_whitespace(summary, at + kKey.size());
    if (next >= summary.size() || summary[next] != ':') continue;
    next = skip_json_whitespace(summary, next + 1);
    if (next < summary.size() && summary[next] == '{') return true;
    if (summary.compare(next, 4, "true") == 0) return true;
  }
  return false;
}

}  // namespace

bool is_hidden_or_temporary(std::string_view name) {
  if (!name.empty() && name.front() == '.') return true;
  return lower_case(name).find(".tmp") != std::string::npos;
}

bool is_per_incident(std::string_view name) {
  const std::string lower = lower_case(name);
  return lower == "rejects.csv" || lower.rfind("incidents", 0) == 0;
}

bool is_completed_private_run(const fs::path& root) {
  const fs::path summary_path = root / "summary.json";
  std::error_code error;
  const uintmax_t size = fs::file_size(summary_path, error);
  if (error || size > kMaxSummaryBytes) return false;
  std::ifstream stream(summary_path, std::ios::binary);
  if (!stream) return false;
  const std::string summary{std::istreambuf_iterator<char>(stream),
                            std::istreambuf_iterator<char>()};
  if (stream.bad() || summary.empty()) return false;
  return !marks_public_run(summary);
}

bool may_serve(const fs::path& root, const fs::path& relative) {
  bool per_incident = false;
  for (const fs::path& component : relative) {
    const std::string name = component.string();
    if (name.empty() || name == ".") continue;
    if (is_hidden_or_temporary(name)) return false;
    per_incident = per_incident || is_per_incident(name);
  }
  return !per_incident || is_completed_private_run(root);
}

}  // namespace hotspot::serve
