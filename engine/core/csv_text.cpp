#include "engine/core/csv_text.hpp"

namespace hotspot {

std::string csv_field(std::string_view text) {
  std::string value;
  if (!text.empty() && (text[0] == '=' || text[0] == '+' || text[0] == '@' ||
                        (text[0] == '-' && text.size() > 1 && !(text[1] >= '0' && text[1] <= '9'))))
    value = "'";
  value += text;
  if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
  std::string quoted = "\"";
  for (char c : value) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

}  // namespace hotspot
