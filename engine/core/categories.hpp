// Offence categories: the police.uk API slugs the whole project uses, the police.uk CSV names
// that map onto them, and user mappings (a force's own offence names or codes → slug).
#pragma once
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace hotspot {

// The 14 police.uk slugs, in police.uk's order.
const std::vector<std::string>& police_uk_slugs();

// "Violence and sexual offences" → "violent-crime", case- and space-insensitive; also accepts a
// slug itself. Empty string when the name is not known.
std::string slug_for_police_uk_name(std::string_view name);

// Lower-case, trimmed, inner runs of white space folded to one space: the key used to match
// offence names.
std::string normalise_category_name(std::string_view name);

// A user's mapping from their own offence names or codes to slugs (possibly new categories).
// Loaded from a two-column CSV `name,slug` (header required).
class CategoryMapping {
 public:
  static CategoryMapping load(const std::string& path);
  void add(std::string_view name, std::string_view slug);
  // The mapped slug, else the police.uk slug for the name, else "".
  std::string resolve(std::string_view name) const;
  bool empty() const { return by_name_.empty(); }

 private:
  std::unordered_map<std::string, std::string> by_name_;
};

// A title for people: "Anti-social behaviour" for anti-social-behaviour; other slugs have their
// hyphens turned to spaces and the first letter capitalised.
std::string category_title(const std::string& slug);

// True for a valid slug: lower-case letters, digits and hyphens, 1..64 characters.
bool is_valid_slug(std::string_view slug);

}  // namespace hotspot
