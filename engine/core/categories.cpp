#include "engine/core/categories.hpp"

#include <cctype>
#include <filesystem>
#include <fstream>

#include "engine/core/errors.hpp"

namespace hotspot {

const std::vector<std::string>& police_uk_slugs() {
  static const std::vector<std::string> slugs = {"anti-social-behaviour",
                                                 "bicycle-theft",
                                                 "burglary",
                                                 "criminal-damage-arson",
                                                 "drugs",
                                                 "other-crime",
                                                 "other-theft",
                                                 "possession-of-weapons",
                                                 "public-order",
                                                 "robbery",
                                                 "shoplifting",
                                                 "theft-from-the-person",
                                                 "vehicle-crime",
                                                 "violent-crime"};
  return slugs;
}

std::string normalise_category_name(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  bool pending_space = false;
  for (char c : name) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return out;
}

std::string slug_for_police_uk_name(std::string_view name) {
  static const std::unordered_map<std::string, std::string> by_name = [] {
    std::unordered_map<std::string, std::string> table = {
        {"anti-social behaviour", "anti-social-behaviour"},
        {"bicycle theft", "bicycle-theft"},
        {"burglary", "burglary"},
        {"criminal damage and arson", "criminal-damage-arson"},
        {"drugs", "drugs"},
        {"other crime", "other-crime"},
        {"other theft", "other-theft"},
        {"possession of weapons", "possession-of-weapons"},
        {"public order", "public-order"},
        {"robbery", "robbery"},
        {"shoplifting", "shoplifting"},
        {"theft from the person", "theft-from-the-person"},
        {"vehicle crime", "vehicle-crime"},
        {"violence and sexual offences", "violent-crime"},
        // Older police.uk names, still found in archived downloads.
        {"violent crime", "violent-crime"},
        {"public disorder and weapons", "public-order"},
    };
    for (const auto& slug : police_uk_slugs()) table.emplace(slug, slug);
    return table;
  }();
  const auto found = by_name.find(normalise_category_name(name));
  return found == by_name.end() ? std::string() : found->second;
}

std::string category_title(const std::string& slug) {
  static const std::unordered_map<std::string, std::string> titles = {
      {"anti-social-behaviour", "Anti-social behaviour"},
      {"criminal-damage-arson", "Criminal damage and arson"},
      {"violent-crime", "Violence and sexual offences"},
      {"theft-from-the-person", "Theft from the person"},
      {"possession-of-weapons", "Possession of weapons"}};
  const auto found = titles.find(slug);
  if (found != titles.end()) return found->second;
  std::string title = slug;
  for (char& c : title)
    if (c == '-') c = ' ';
  if (!title.empty())
    title[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(title[0])));
  return title;
}

bool is_valid_slug(std::string_view slug) {
  if (slug.empty() || slug.size() > 64) return false;
  for (char c : slug)
    if (!(std::islower(static_cast<unsigned char>(c)) ||
          std::isdigit(static_cast<unsigned char>(c)) || c == '-'))
      return false;
  return true;
}

void CategoryMapping::add(std::string_view name, std::string_view slug) {
  by_name_[normalise_category_name(name)] = std::string(slug);
}

std::string CategoryMapping::resolve(std::string_view name) const {
  const auto found = by_name_.find(normalise_category_name(name));
  if (found != by_name_.end()) return found->second;
  return slug_for_police_uk_name(name);
}

// Splits one simple CSV line of two fields, allowing double quotes around either.
static bool split_two_fields(const std::string& line, std::string& first, std::string& second) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        fields.back().push_back('"');
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back().push_back(c);
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else if (c != '\r') {
      fields.back().push_back(c);
    }
  }
  if (fields.size() < 2) return false;
  first = fields[0];
  second = normalise_category_name(fields[1]);
  return true;
}

CategoryMapping CategoryMapping::load(const std::string& path) {
  std::error_code error;
  if (std::filesystem::exists(path, error) && !std::filesystem::is_regular_file(path, error))
    throw InputError(path, 0, "",
                     "is not a regular file (a pipe or device would block): give a mapping file "
                     "saved on disk");
  std::ifstream in(path);
  if (!in) throw InputError(path, 0, "", "cannot open the category mapping file; check the path");
  CategoryMapping mapping;
  std::string line, name, slug;
  int64_t line_number = 0;
  while (std::getline(in, line)) {
    ++line_number;
    if (line_number == 1) continue;  // header
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    if (!split_two_fields(line, name, slug))
      throw InputError(path, line_number, "", "expected two columns: name,slug");
    if (!is_valid_slug(slug))
      throw InputError(path, line_number, "slug",
                       "'" + slug +
                           "' is not a valid category slug: use lower-case letters, "
                           "digits and hyphens, e.g. domestic-abuse");
    mapping.add(name, slug);
  }
  return mapping;
}

}  // namespace hotspot
