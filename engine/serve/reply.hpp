// What `hotspot serve` answers to one request, decided without sockets so every status it can send
// is chosen (and tested) in one place: Host check, method, path, then the byte range. The
// connection code only moves bytes.
#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/serve/request_checks.hpp"

namespace hotspot::serve {

// The parts of a parsed request the answer depends on. Header values are as received; a header
// sent twice appears twice.
struct RequestFacts {
  std::string_view method;
  std::string_view target;
  int version = 11;  // 10 for HTTP/1.0, 11 for HTTP/1.1
  std::vector<std::string_view> host_values;
  std::vector<std::string_view> range_values;
  bool has_if_range = false;
};

struct Reply {
  int status = 200;
  // Headers besides Content-Length, Date and Connection, which the connection writes.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string text;            // the body, unless `file` is set
  std::filesystem::path file;  // a slice of this file is the body instead
  uint64_t first_byte = 0;     // with file: where the slice starts
  uint64_t content_length = 0;
  bool send_body = true;  // false for HEAD: the headers of GET, no body
  bool close_connection = false;
};

struct Site {
  std::filesystem::path root;  // canonical
  HostCheck host_check;
};

// A short text/plain answer ("404 Not Found"), with an explanation when `detail` is given.
Reply text_reply(int status, std::string_view detail = {});

Reply plan_reply(const RequestFacts& request, const Site& site);

}  // namespace hotspot::serve
