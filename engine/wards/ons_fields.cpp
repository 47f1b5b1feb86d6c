#include "engine/wards/ons_fields.hpp"

#include <regex>

namespace hotspot::wards {

namespace {

// ONS geography prefixes, finest first, with the word outputs use for them.
struct Geography {
  const char* prefix;
  const char* word;
};
constexpr Geography kGeographies[] = {{"oa", "OA"},
                                      {"lsoa", "LSOA"},
                                      {"dz", "data zone"},
                                      {"msoa", "MSOA"},
                                      {"iz", "intermediate zone"},
                                      {"wd", "ward"},
                                      {"ced", "electoral division"},
                                      {"par", "parish"},
                                      {"lad", "local authority"},
                                      {"ltla", "local authority"},
                                      {"utla", "upper-tier local authority"},
                                      {"cty", "county"},
                                      {"pcon", "constituency"},
                                      {"csp", "community safety partnership"},
                                      {"pfa", "police force area"},
                                      {"rgn", "region"}};

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

int find(const std::vector<std::string>& names, const std::regex& pattern) {
  for (size_t i = 0; i < names.size(); ++i)
    if (std::regex_match(lower(names[i]), pattern)) return static_cast<int>(i);
  return -1;
}

}  // namespace

std::string geography_of(const std::string& code_field) {
  static const std::regex ons("([a-z]+)\\d\\dcd");
  std::smatch match;
  const std::string name = lower(code_field);
  if (std::regex_match(name, match, ons))
    for (const Geography& geography : kGeographies)
      if (match[1] == geography.prefix) return geography.word;
  return name.find("ward") != std::string::npos ? "ward" : "area";
}

AreaFields detect_area_fields(const std::vector<std::string>& names) {
  AreaFields fields;
  for (const Geography& geography : kGeographies) {
    const int code = find(names, std::regex(std::string(geography.prefix) + "(\\d\\d)cd"));
    if (code < 0) continue;
    fields.code = names[static_cast<size_t>(code)];
    fields.geography = geography.word;
    // The name of the same geography and year (LSOA21NM with LSOA21CD), else of any year.
    const std::string year = lower(fields.code).substr(std::string(geography.prefix).size(), 2);
    int name = find(names, std::regex(std::string(geography.prefix) + year + "nm"));
    if (name < 0) name = find(names, std::regex(std::string(geography.prefix) + "\\d\\dnm"));
    if (name >= 0) fields.name = names[static_cast<size_t>(name)];
    return fields;
  }
  const int code = find(names, std::regex("(ward_?code|wardcode|code|gss_?code|area_?code)"));
  const int name = find(names, std::regex("(ward_?name|wardname|name|area_?name)"));
  if (code >= 0) fields.code = names[static_cast<size_t>(code)];
  if (name >= 0) fields.name = names[static_cast<size_t>(name)];
  fields.geography = code >= 0 ? geography_of(fields.code) : "area";
  return fields;
}

}  // namespace hotspot::wards
