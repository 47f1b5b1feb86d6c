#include "engine/ingest/time_parse.hpp"

#include <chrono>

#include "engine/core/civil_time.hpp"

namespace hotspot::ingest {

namespace {

// Reads exactly `digits` decimal digits at `at`.
bool read_number(std::string_view text, size_t& at, size_t digits, unsigned& value) {
  if (at + digits > text.size()) return false;
  value = 0;
  for (size_t k = 0; k < digits; ++k) {
    const char c = text[at + k];
    if (c < '0' || c > '9') return false;
    value = value * 10 + static_cast<unsigned>(c - '0');
  }
  at += digits;
  return true;
}

// Reads 1 or 2 digits (UK exports often drop leading zeros: 4/3/2025 9:05).
bool read_short(std::string_view text, size_t& at, unsigned& value) {
  if (!read_number(text, at, 1, value)) return false;
  unsigned second = 0;
  size_t probe = at;
  if (read_number(text, probe, 1, second)) {
    value = value * 10 + second;
    at = probe;
  }
  return true;
}

// Optional [T ]HH:MM[:SS[.fff]] then optional Z / ±hh:mm / ±hhmm. `at` points after the date.
bool parse_clock(std::string_view text, size_t at, unsigned& hour, unsigned& minute,
                 unsigned& second, bool& has_clock, bool& has_offset, int64_t& offset_s) {
  has_clock = false;
  has_offset = false;
  hour = minute = second = 0;
  if (at == text.size()) return true;
  if (text[at] != 'T' && text[at] != ' ') return false;
  ++at;
  if (!read_short(text, at, hour) || at >= text.size() || text[at] != ':') return false;
  ++at;
  if (!read_number(text, at, 2, minute)) return false;
  if (at < text.size() && text[at] == ':') {
    ++at;
    if (!read_number(text, at, 2, second)) return false;
    if (at < text.size() && text[at] == '.') {
      ++at;
      while (at < text.size() && text[at] >= '0' && text[at] <= '9') ++at;
    }
  }
  if (hour > 23 || minute > 59 || second > 60) return false;
  has_clock = true;
  if (at == text.size()) return true;
  if (text[at] == 'Z') {
    has_offset = true;
    offset_s = 0;
    return at + 1 == text.size();
  }
  if (text[at] != '+' && text[at] != '-') return false;
  const int sign = text[at] == '-' ? -1 : 1;
  ++at;
  unsigned offset_hours = 0, offset_minutes = 0;
  if (!read_number(text, at, 2, offset_hours)) return false;
  if (at < text.size() && text[at] == ':') ++at;
  if (at < text.size() && !read_number(text, at, 2, offset_minutes)) return false;
  // Real UTC offsets run from -12:00 to +14:00; anything else (+99:99) is a typing error.
  if (offset_minutes > 59 || offset_hours * 60 + offset_minutes > 14 * 60) return false;
  has_offset = true;
  offset_s = sign * static_cast<int64_t>(offset_hours * 3600 + offset_minutes * 60);
  return at == text.size();
}

}  // namespace

bool parse_time(std::string_view text, DateOrder order, ParsedTime& out) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\r')) text.remove_suffix(1);
  unsigned year = 0, month = 0, day = 0;
  size_t at = 0;
  const bool iso_shape = text.size() >= 7 && text[4] == '-';
  if (iso_shape && order != DateOrder::day_first) {
    if (!read_number(text, at, 4, year) || text[at] != '-') return false;
    ++at;
    if (!read_number(text, at, 2, month)) return false;
    if (at == text.size()) {  // yyyy-mm: month only
      if (month < 1 || month > 12) return false;
      out.local_time_s = civil_time::to_seconds(year, month, 1, 0, 0, 0);
      out.precision = TimePrecision::month;
      return true;
    }
    if (text[at] != '-') return false;
    ++at;
    if (!read_number(text, at, 2, day)) return false;
  } else if (order != DateOrder::iso) {
    if (!read_short(text, at, day) || at >= text.size() ||
        (text[at] != '/' && text[at] != '-' && text[at] != '.'))
      return false;
    const char separator = text[at++];
    if (!read_short(text, at, month) || at >= text.size() || text[at] != separator) return false;
    ++at;
    if (!read_number(text, at, 4, year)) return false;
  } else {
    return false;
  }
  if (!civil_time::is_valid_date(year, month, day)) return false;
  unsigned hour, minute, second;
  bool has_clock, has_offset;
  int64_t offset_s = 0;
  if (!parse_clock(text, at, hour, minute, second, has_clock, has_offset, offset_s)) return false;
  int64_t seconds = civil_time::to_seconds(year, month, day, hour, minute, std::min(second, 59u));
  if (has_offset) {
    const int64_t utc = seconds - offset_s;
    seconds = utc + civil_time::london_offset_s(utc);
  }
  out.local_time_s = seconds;
  out.precision = has_clock ? TimePrecision::minute : TimePrecision::day;
  return true;
}

int64_t local_now_s() {
  const int64_t utc = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  return utc + civil_time::london_offset_s(utc);
}

bool is_plausible_time(int64_t local_time_s, int64_t now_s) {
  return local_time_s >= kEarliestPlausible_s && local_time_s <= now_s + 86400;
}

}  // namespace hotspot::ingest
