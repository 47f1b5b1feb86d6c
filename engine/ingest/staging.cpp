#include "engine/ingest/staging.hpp"

#include <fast_float/fast_float.h>

#include "engine/core/errors.hpp"

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

CategoryId CategoryResolver::resolve(std::string_view name, const std::string& file, int64_t line,
                                     const std::string& field) {
  if (const auto found = seen_.find(name); found != seen_.end()) return found->second;
  const std::string key(name);
  std::string slug = mapping_.resolve(name);
  const bool mapped = !slug.empty();
  if (!mapped) slug = slugify(name);
  if (table_.find_category_fast(slug) < 0 &&
      table_.category_slugs.size() >= IncidentTable::kMaxCategories)
    throw InputError(file, line, field,
                     "more than " + std::to_string(IncidentTable::kMaxCategories) +
                         " distinct offence categories: this column is not an offence category "
                         "(name the right one with --category-column), or map the names onto "
                         "fewer categories with --category-mapping");
  if (!mapped) {
    if (unmapped_.size() < kListedUnmapped)
      unmapped_.push_back(sanitise_for_message(name, 60) + " → " + slug);
    ++unmapped_count_;
  }
  const CategoryId id = table_.category_id(slug);
  first_seen_.push_back(FirstSeen{key, line, id});
  seen_.emplace(key, id);
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
  return add_cleaned(location);
}

uint32_t StreetResolver::add_cleaned(std::string_view name) {
  if (const auto found = index_.find(name); found != index_.end()) return found->second;
  const auto id = static_cast<uint32_t>(table_.street_names.size());
  table_.street_names.emplace_back(name);
  index_.emplace(table_.street_names.back(), id);  // `name` may lie in what emplace_back moved
  return id;
}

bool TextDecoder::decode(std::string_view text, std::string& scratch, std::string_view& out,
                         bool& decoded_1252) const {
  decoded_1252 = false;
  if (encoding_ != TextEncoding::windows_1252 && is_valid_utf8(text)) {
    out = text;
    return true;
  }
  if (encoding_ == TextEncoding::utf8) return false;
  bool ascii = true;
  for (char c : text) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
  if (ascii) {
    out = text;
    return true;
  }
  scratch = windows_1252_to_utf8(text);
  out = scratch;
  decoded_1252 = true;
  return true;
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
