#include "engine/hotspots/harm.hpp"

#include <cmath>
#include <cstdlib>

#include "engine/core/categories.hpp"
#include "engine/core/csv_reader.hpp"
#include "engine/core/errors.hpp"

namespace hotspot::hotspots {

std::vector<double> load_harm_weights(const std::string& path,
                                      const std::vector<std::string>& category_slugs) {
  CsvReader reader(path);
  std::vector<std::string_view> fields;
  if (!reader.next(fields) || fields.size() < 2)
    throw InputError(path, 1, "", "a harm weights file needs a header line: category,weight");
  std::vector<double> weights(category_slugs.size(), 1.0);
  while (reader.next(fields)) {
    if (fields.size() == 1 && fields[0].empty()) continue;
    if (fields.size() < 2)
      throw InputError(path, reader.line_number(), "", "expected two fields: category,weight");
    std::string slug = slug_for_police_uk_name(fields[0]);
    if (slug.empty()) slug = normalise_category_name(fields[0]);
    const std::string number(fields[1]);
    char* end = nullptr;
    const double weight = std::strtod(number.c_str(), &end);
    if (number.empty() || *end != '\0' || !(weight >= 0) || !std::isfinite(weight))
      throw InputError(path, reader.line_number(), "weight",
                       "the weight must be a number of 0 or more");
    for (size_t c = 0; c < category_slugs.size(); ++c)
      if (category_slugs[c] == slug) weights[c] = weight;
  }
  return weights;
}

}  // namespace hotspot::hotspots
