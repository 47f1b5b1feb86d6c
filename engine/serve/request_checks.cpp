#include "engine/serve/request_checks.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cctype>

namespace hotspot::serve {

namespace {

std::string lower_case(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower;
}

struct AddressLiteral {
  std::string normalised;  // inet_ntop's spelling, so "0:0::1" and "::1" compare equal
  bool loopback = false;
  bool unspecified = false;
};

// inet_pton is strict (dotted quad only, no "127.1" or hex parts), which is what a Host check
// needs: a lenient parser would let odd spellings of an address past an exact comparison.
std::optional<AddressLiteral> parse_address(std::string_view text, bool ipv6) {
  const std::string copy(text);
  std::array<unsigned char, 16> bytes{};
  const int family = ipv6 ? AF_INET6 : AF_INET;
  if (inet_pton(family, copy.c_str(), bytes.data()) != 1) return std::nullopt;
  std::array<char, INET6_ADDRSTRLEN> spelled{};
  if (!inet_ntop(family, bytes.data(), spelled.data(), spelled.size())) return std::nullopt;
  AddressLiteral literal{spelled.data()};
  if (ipv6) {
    const bool leading_zeros =
        std::all_of(bytes.begin(), bytes.end() - 1, [](auto b) { return b == 0; });
    literal.loopback = leading_zeros && bytes[15] == 1;
    literal.unspecified = leading_zeros && bytes[15] == 0;
  } else {
    literal.loopback = bytes[0] == 127;
    literal.unspecified = bytes[0] == 0 && bytes[1] == 0 && bytes[2] == 0 && bytes[3] == 0;
  }
  return literal;
}

std::optional<AddressLiteral> parse_any_address(std::string_view text) {
  if (auto v4 = parse_address(text, false)) return v4;
  return parse_address(text, true);
}

bool is_port(std::string_view text) {
  return !text.empty() && text.size() <= 5 &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

HostCheck::HostCheck(std::string_view bind_option, std::string_view bound_address,
                     std::vector<std::string> extra_names) {
  for (std::string& name : extra_names) names_.push_back(lower_case(name));
  std::optional<AddressLiteral> bound = parse_any_address(bound_address);
  if (bound) literals_.push_back(bound->normalised);
  if (!parse_any_address(bind_option) && !bind_option.empty()) {
    names_.push_back(lower_case(bind_option));
  }
  if (bound && (bound->loopback || bound->unspecified)) {
    names_.push_back("localhost");
    literals_.push_back("127.0.0.1");
    literals_.push_back("::1");
  }
  any_literal_ = bound && bound->unspecified;
}

bool HostCheck::allows(std::string_view host_header) const {
  // Host = uri-host [ ":" port ], where an IPv6 address is written in brackets.
  std::string_view host = host_header;
  std::string_view port;
  bool bracketed = false;
  if (!host.empty() && host.front() == '[') {
    const size_t close = host.find(']');
    if (close == std::string_view::npos) return false;
    std::string_view after = host.substr(close + 1);
    host = host.substr(1, close - 1);
    bracketed = true;
    if (!after.empty()) {
      if (after.front() != ':') return false;
      port = after.substr(1);
      if (!is_port(port)) return false;
    }
  } else if (const size_t colon = host.find(':'); colon != std::string_view::npos) {
    port = host.substr(colon + 1);
    host = host.substr(0, colon);
    if (!is_port(port)) return false;
  }
  if (host.empty()) return false;
  if (std::optional<AddressLiteral> literal = parse_address(host, bracketed)) {
    return any_literal_ ||
           std::find(literals_.begin(), literals_.end(), literal->normalised) != literals_.end();
  }
  if (bracketed) return false;
  return std::find(names_.begin(), names_.end(), lower_case(host)) != names_.end();
}

std::optional<std::string> request_path(std::string_view target) {
  if (target.empty() || target.front() != '/') return std::nullopt;
  target = target.substr(0, target.find_first_of("?#"));
  // Percent-decoding by hand: Boost 1.74 has no URL library and the rule is four lines long.
  std::string path;
  path.reserve(target.size());
  for (size_t i = 0; i < target.size(); ++i) {
    if (target[i] != '%') {
      path += target[i];
      continue;
    }
    if (i + 2 >= target.size()) return std::nullopt;
    const int high = hex_value(target[i + 1]);
    const int low = hex_value(target[i + 2]);
    if (high < 0 || low < 0) return std::nullopt;
    path += static_cast<char>(high * 16 + low);
    i += 2;
  }
  return path;
}

}  // namespace hotspot::serve
