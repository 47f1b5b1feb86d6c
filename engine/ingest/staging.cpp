#include "engine/ingest/staging.hpp"

#include <fast_float/fast_float.h>

namespace hotspot::ingest {

static std::string slugify(std::string_view name) {
  std::string slug;
  for (char c : normalise_category_name(name)) {
    if (std::isalnum(static_cast<unsigned char>(c)))
      slug.push_back(c);
    else if (!slug.empty() && slug.back() != '-')
      slug.push_back('-');
  }
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  if (slug.size() > 64) slug.resize(64);
  return slug.empty() ? "unknown" : slug;
}

CategoryId CategoryResolver::resolve(std::string_view name) {
  for (const auto& [seen_name, id] : seen_)
    if (seen_name == name) return id;
  std::string slug = mapping_.resolve(name);
  if (slug.empty()) {
    slug = slugify(name);
    unmapped_.push_back(std::string(name) + " → " + slug);
  }
  const CategoryId id = table_.category_id(slug);
  seen_.emplace_back(std::string(name), id);
  return id;
}

StreetResolver::StreetResolver(IncidentTable& table) : table_(table) {
  if (table_.street_names.empty()) table_.street_names.push_back("");
}

uint32_t StreetResolver::resolve(std::string_view location) {
  while (!location.empty() && location.front() == ' ') location.remove_prefix(1);
  while (!location.empty() && (location.back() == ' ' || location.back() == '\r'))
    location.remove_suffix(1);
  constexpr std::string_view kPrefix = "on or near ";  // police.uk's anonymised snap points
  if (location.size() > kPrefix.size()) {
    bool prefixed = true;
    for (size_t i = 0; i < kPrefix.size() && prefixed; ++i)
      prefixed = std::tolower(static_cast<unsigned char>(location[i])) == kPrefix[i];
    if (prefixed) location.remove_prefix(kPrefix.size());
  }
  if (location.empty() || location == "No Location") return 0;
  const auto [at, added] = index_.try_emplace(std::string(location), 0);
  if (added) {
    at->second = static_cast<uint32_t>(table_.street_names.size());
    table_.street_names.push_back(at->first);
  }
  return at->second;
}

uint64_t hash_id(std::string_view id) {
  uint64_t hash = 1469598103934665603ull;
  for (unsigned char c : id) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  return hash == 0 ? 1 : hash;
}

bool parse_number(std::string_view text, double& value) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  if (text.empty()) return false;
  if (text.front() == '+') text.remove_prefix(1);
  const auto result = fast_float::from_chars(text.data(), text.data() + text.size(), value);
  return result.ec == std::errc() && result.ptr == text.data() + text.size() &&
         std::isfinite(value);
}

}  // namespace hotspot::ingest
