// Range headers over real sockets, sent byte for byte: every answer comes from the project's own
// RFC 9110 rules, never from the HTTP library. Invalid syntax, other units and several ranges get
// the whole file (200, no Content-Range); a valid range past the end gets 416 with
// `Content-Range: bytes */SIZE`; the rest get 206 with exactly the bytes asked for.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "raw_http.hpp"
#include "running_server.hpp"

namespace {

struct RangeCase {
  std::string range;          // the header value, sent as written
  int status;                 // expected status
  std::string content_range;  // expected Content-Range ("" = none)
};

std::string get_with_range(const std::string& path, const std::string& range) {
  return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nRange: " + range +
         "\r\nConnection: close\r\n\r\n";
}

// What a 200 or 206 must carry: the bytes its Content-Range names, or the whole file.
void check_body(const RawResponse& response, const std::string& file) {
  if (response.status == 200) {
    CHECK(response.body == file);
    return;
  }
  if (response.status != 206) return;
  const std::string range = response.header("Content-Range");  // "bytes FIRST-LAST/SIZE"
  const size_t dash = range.find('-');
  const size_t first = std::stoull(range.substr(6, dash - 6));
  const size_t last = std::stoull(range.substr(dash + 1, range.find('/') - dash - 1));
  CHECK(response.body == file.substr(first, last - first + 1));
  CHECK(response.header("Content-Length") == std::to_string(last - first + 1));
}

}  // namespace

TEST_CASE("malformed and edge-case Range headers get the RFC 9110 answer from our own code") {
  RunningServer running;
  const std::string data = TempSite::data_bytes();  // 1000 bytes
  const std::vector<RangeCase> cases = {
      // Valid single ranges: 206 with exactly those bytes.
      {"bytes=0-15", 206, "bytes 0-15/1000"},
      {"bytes=0-0", 206, "bytes 0-0/1000"},
      {"bytes=999-", 206, "bytes 999-999/1000"},
      {"bytes=-1000", 206, "bytes 0-999/1000"},
      {"bytes=00-015", 206, "bytes 0-15/1000"},
      {"BYTES=0-15", 206, "bytes 0-15/1000"},  // range units are case-insensitive
      {"bytes=0-99999999999999999999", 206, "bytes 0-999/1000"},
      {"bytes=-99999999999999999999", 206, "bytes 0-999/1000"},
      {"bytes=0-15,", 206, "bytes 0-15/1000"},  // empty list elements are allowed
      {"bytes=, 0-15", 206, "bytes 0-15/1000"},
      {"bytes=0-15 ,", 206, "bytes 0-15/1000"},
      // Valid but unsatisfiable: 416 naming the size.
      {"bytes=1000-", 416, "bytes */1000"},
      {"bytes=1000-2000", 416, "bytes */1000"},
      {"bytes=-0", 416, "bytes */1000"},
      {"bytes=99999999999999999999-", 416, "bytes */1000"},
      {"bytes=18446744073709551615-", 416, "bytes */1000"},
      // Invalid syntax, other units, several ranges: the Range header is ignored.
      {"bytes", 200, ""},
      {"bytes=", 200, ""},
      {"bytes=-", 200, ""},
      {"bytes=,", 200, ""},
      {"bytes=abc", 200, ""},
      {"bytes=5-2", 200, ""},  // last-pos before first-pos
      {"bytes=99999999999999999999-99999999999999999998", 200, ""},
      {"bytes=--5", 200, ""},
      {"bytes=5--", 200, ""},
      {"bytes=-5-", 200, ""},
      {"bytes=0-5-", 200, ""},
      {"bytes=0x10-0x20", 200, ""},
      {"bytes=+5-10", 200, ""},
      {"bytes=1.5-2", 200, ""},
      {"bytes=0-1e3", 200, ""},
      {"bytes=0 - 5", 200, ""},
      {"bytes = 0-5", 200, ""},
      {"bytes 0-5", 200, ""},
      {"bytes==0-5", 200, ""},
      {"=0-5", 200, ""},
      {"bytes=0-5;x", 200, ""},
      {"items=0-5", 200, ""},
      {"none", 200, ""},
      {"bytes=0-5,10-20", 200, ""},  // several ranges: the whole file is allowed
      {"bytes=1000-,2000-", 200, ""},
      {"bytes=0-5,abc", 200, ""},
      {"bytes=\xd9\xa0-\xd9\xa5", 200, ""},  // Arabic-Indic digits are not DIGIT
  };
  for (const RangeCase& test : cases) {
    INFO("Range: " << test.range);
    auto response = round_trip(running.port(), get_with_range("/data.bin", test.range));
    REQUIRE(response);
    CHECK(response->status == test.status);
    CHECK(response->header("Content-Range") == test.content_range);
    CHECK(response->has("Content-Range") == !test.content_range.empty());
    check_body(*response, data);
  }
  CHECK(cases.size() >= 30);
}

TEST_CASE("ranges of an empty file: 416 for a start, the whole empty file for a suffix") {
  RunningServer running;
  auto start = round_trip(running.port(), get_with_range("/empty.txt", "bytes=0-"));
  REQUIRE(start);
  CHECK(start->status == 416);
  CHECK(start->header("Content-Range") == "bytes */0");
  auto suffix = round_trip(running.port(), get_with_range("/empty.txt", "bytes=-5"));
  REQUIRE(suffix);
  CHECK(suffix->status == 200);
  CHECK(suffix->body.empty());
  CHECK_FALSE(suffix->has("Content-Range"));
}

TEST_CASE("Range is ignored on HEAD, under If-Range, and when sent twice") {
  RunningServer running;
  SECTION("HEAD: ranges are defined for GET only") {
    auto response = round_trip(running.port(),
                               "HEAD /data.bin HTTP/1.1\r\nHost: 127.0.0.1\r\nRange: bytes=0-9\r\n"
                               "Connection: close\r\n\r\n",
                               true);
    REQUIRE(response);
    CHECK(response->status == 200);
    CHECK(response->header("Content-Length") == "1000");
    CHECK_FALSE(response->has("Content-Range"));
  }
  SECTION("If-Range: without validators the condition never holds") {
    auto response = round_trip(running.port(),
                               "GET /data.bin HTTP/1.1\r\nHost: 127.0.0.1\r\nRange: bytes=0-9\r\n"
                               "If-Range: \"some-etag\"\r\nConnection: close\r\n\r\n");
    REQUIRE(response);
    CHECK(response->status == 200);
    CHECK(response->body == TempSite::data_bytes());
  }
  SECTION("two Range fields are not one range-set") {
    auto response = round_trip(running.port(),
                               "GET /data.bin HTTP/1.1\r\nHost: 127.0.0.1\r\nRange: bytes=0-9\r\n"
                               "Range: bytes=20-29\r\nConnection: close\r\n\r\n");
    REQUIRE(response);
    CHECK(response->status == 200);
    CHECK_FALSE(response->has("Content-Range"));
  }
}
