// CSV text helpers shared by the CSV writers (wards.csv, hotspots.csv, evaluation.csv,
// rejects.csv, fields.csv). Every CSV Hotspot writes starts with a UTF-8 byte-order mark, so
// Excel reads non-ASCII names (Ynys Môn, Pen-y-bont) as UTF-8 rather than the local code page.
#pragma once
#include <string>
#include <string_view>

namespace hotspot {

// The UTF-8 byte-order mark that starts every CSV file Hotspot writes.
inline constexpr std::string_view kCsvByteOrderMark = "\xEF\xBB\xBF";

// A field quoted when it holds a comma, quote, or line break (RFC 4180); a leading = + - @ is
// prefixed with ' so spreadsheets show it as text rather than run it as a formula.
std::string csv_field(std::string_view text);

}  // namespace hotspot
