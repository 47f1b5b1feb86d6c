// CSV text helpers shared by the CSV writers (wards.csv, rejects.csv).
#pragma once
#include <string>
#include <string_view>

namespace hotspot {

// A field quoted when it holds a comma, quote, or line break (RFC 4180); a leading = + - @ is
// prefixed with ' so spreadsheets show it as text rather than run it as a formula.
std::string csv_field(std::string_view text);

}  // namespace hotspot
