// `hotspot serve` over real sockets: what a browser or GIS client sees (files, types, methods,
// ranges, logging), from an httplib client or raw bytes against a server on a free port.
#include <httplib.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "engine/core/errors.hpp"
#include "engine/serve/server.hpp"
#include "raw_http.hpp"
#include "running_server.hpp"

using namespace hotspot::serve;

namespace {

std::string header(const httplib::Result& result, const char* name) {
  return result->get_header_value(name);
}

}  // namespace

TEST_CASE("the server listens on a free port when asked for port 0 and stops on request") {
  RunningServer running;
  CHECK(running.server.port() > 0);
  auto result = running.client.Get("/data.bin");
  REQUIRE(result);
  CHECK(result->status == 200);
  CHECK(result->body == TempSite::data_bytes());
  CHECK(header(result, "Accept-Ranges") == "bytes");
  running.server.stop();
  running.server.stop();
  httplib::Client after("127.0.0.1", running.server.port());
  after.set_connection_timeout(1, 0);
  CHECK_FALSE(after.Get("/data.bin"));
}

TEST_CASE("traversal attempts never reach files outside the served folder") {
  RunningServer running;
  const std::vector<std::string> attempts = {"/../secret.txt",
                                             "/sub/../../secret.txt",
                                             "/%2e%2e/secret.txt",
                                             "/%2E%2E/secret.txt",
                                             "/sub/%2e%2e/%2e%2e/secret.txt",
                                             "/..%2fsecret.txt",
                                             "/..%5csecret.txt",
                                             "/escape.txt",
                                             "/escape-dir/secret.txt",
                                             "/%2fetc%2fpasswd",
                                             "//etc/passwd",
                                             "/%00/../secret.txt"};
  for (const std::string& attempt : attempts) {
    INFO("request " << attempt);
    auto result = running.client.Get(attempt);
    REQUIRE(result);
    CHECK((result->status == 403 || result->status == 404));
    CHECK(result->body.find("outside the served folder") == std::string::npos);
  }
}

TEST_CASE("HEAD answers with the headers of GET and no body") {
  RunningServer running;
  auto result = running.client.Head("/data.bin");
  REQUIRE(result);
  CHECK(result->status == 200);
  CHECK(header(result, "Content-Length") == "1000");
  CHECK(header(result, "Content-Type") == "application/octet-stream");
  CHECK(result->body.empty());
}

TEST_CASE("methods other than GET and HEAD are refused with 405") {
  RunningServer running;
  auto post = running.client.Post("/data.bin", "payload", "text/plain");
  REQUIRE(post);
  CHECK(post->status == 405);
  CHECK(header(post, "Allow") == "GET, HEAD");
  auto put = running.client.Put("/new.txt", "payload", "text/plain");
  REQUIRE(put);
  CHECK(put->status == 405);
  CHECK_FALSE(std::filesystem::exists(running.site.root() / "new.txt"));
  auto remove = running.client.Delete("/data.bin");
  REQUIRE(remove);
  CHECK(remove->status == 405);
  CHECK(std::filesystem::exists(running.site.root() / "data.bin"));
  // The connection stays usable after a refused request with a body.
  auto get = running.client.Get("/data.bin");
  REQUIRE(get);
  CHECK(get->status == 200);
}

TEST_CASE("range requests return exactly the bytes asked for") {
  RunningServer running;
  const std::string data = TempSite::data_bytes();
  auto ranged = [&](const std::string& range) {
    return running.client.Get("/data.bin", httplib::Headers{{"Range", range}});
  };
  SECTION("first bytes") {
    auto result = ranged("bytes=0-15");
    REQUIRE(result);
    CHECK(result->status == 206);
    CHECK(header(result, "Content-Range") == "bytes 0-15/1000");
    CHECK(result->body == data.substr(0, 16));
  }
  SECTION("a middle slice") {
    auto result = ranged("bytes=500-749");
    REQUIRE(result);
    CHECK(result->status == 206);
    CHECK(result->body == data.substr(500, 250));
  }
  SECTION("suffix range") {
    auto result = ranged("bytes=-100");
    REQUIRE(result);
    CHECK(result->status == 206);
    CHECK(header(result, "Content-Range") == "bytes 900-999/1000");
    CHECK(result->body == data.substr(900));
  }
  SECTION("open-ended range") {
    auto result = ranged("bytes=995-");
    REQUIRE(result);
    CHECK(result->status == 206);
    CHECK(header(result, "Content-Length") == "5");
    CHECK(result->body == data.substr(995));
  }
  SECTION("an end past the file is cut to the file") {
    auto result = ranged("bytes=990-100000");
    REQUIRE(result);
    CHECK(result->status == 206);
    CHECK(result->body == data.substr(990));
  }
  SECTION("unsatisfiable ranges get 416 with the file size") {
    auto result = ranged("bytes=1000-");
    REQUIRE(result);
    CHECK(result->status == 416);
    CHECK(header(result, "Content-Range") == "bytes */1000");
    auto empty = running.client.Get("/empty.txt", httplib::Headers{{"Range", "bytes=0-10"}});
    REQUIRE(empty);
    CHECK(empty->status == 416);
  }
}

TEST_CASE("served files carry MIME types by extension") {
  RunningServer running;
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"/index.html", "text/html; charset=utf-8"},
      {"/a.mjs", "text/javascript; charset=utf-8"},
      {"/a.css", "text/css; charset=utf-8"},
      {"/sub/page.json", "application/json"},
      {"/a.geojson", "application/geo+json"},
      {"/a.pmtiles", "application/octet-stream"},
      {"/a.png", "image/png"},
      {"/a.csv", "text/csv; charset=utf-8"},
      {"/a.tif", "image/tiff"},
      {"/", "text/html; charset=utf-8"}};
  for (const auto& [path, type] : expected) {
    INFO("request " << path);
    auto result = running.client.Get(path);
    REQUIRE(result);
    CHECK(result->status == 200);
    CHECK(header(result, "Content-Type") == type);
  }
}

TEST_CASE("requests are logged through the given logger only when verbose") {
  SECTION("verbose") {
    RunningServer running({}, true);
    REQUIRE(running.client.Get("/data.bin"));
    running.server.stop();
    REQUIRE(running.log_lines.size() == 1);
    CHECK(running.log_lines[0].find("GET /data.bin 200") != std::string::npos);
  }
  SECTION("quiet") {
    RunningServer running({}, false);
    REQUIRE(running.client.Get("/data.bin"));
    running.server.stop();
    CHECK(running.log_lines.empty());
  }
}

TEST_CASE("serving a folder that does not exist is an input error") {
  ServeOptions options;
  options.dir = "/nonexistent/hotspot-out";
  CHECK_THROWS_AS(Server(options), hotspot::InputError);
}

TEST_CASE("pipelined requests on one connection are answered in order") {
  RunningServer running;
  RawConnection connection(running.port());
  REQUIRE(
      connection.send("GET /sub/page.json HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                      "GET /data.bin HTTP/1.1\r\nHost: 127.0.0.1\r\nRange: bytes=10-19\r\n\r\n"
                      "HEAD /empty.txt HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
  auto first = connection.read_response(std::chrono::seconds(10));
  auto second = connection.read_response(std::chrono::seconds(10));
  auto third = connection.read_response(std::chrono::seconds(10), true);
  REQUIRE(first);
  REQUIRE(second);
  REQUIRE(third);
  CHECK(first->body == "{\"ok\": true}\n");
  CHECK(second->status == 206);
  CHECK(second->body == TempSite::data_bytes().substr(10, 10));
  CHECK(third->status == 200);
  CHECK(third->header("Content-Length") == "0");
}

TEST_CASE("every answer carries a Date and nosniff, and HEAD of a missing file has no body") {
  RunningServer running;
  RawConnection connection(running.port());
  REQUIRE(
      connection.send("HEAD /missing.json HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                      "GET /data.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
  auto missing = connection.read_response(std::chrono::seconds(10), true);
  REQUIRE(missing);
  CHECK(missing->status == 404);
  CHECK(std::stoi(missing->header("Content-Length")) > 0);
  // Had the HEAD answer carried a body, it would be read here as the next status line.
  auto found = connection.read_response(std::chrono::seconds(10));
  REQUIRE(found);
  CHECK(found->status == 200);
  CHECK(found->body == TempSite::data_bytes());
  for (const RawResponse* response : {&*missing, &*found}) {
    CHECK(response->header("X-Content-Type-Options") == "nosniff");
    CHECK(response->header("Date").size() == 29);  // IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT"
    CHECK(response->header("Date").substr(25) == " GMT");
  }
}

TEST_CASE("a port outside 0-65535 or a limit of zero is a configuration error") {
  TempSite site;
  ServeOptions options;
  options.dir = site.root().string();
  options.port = 70000;
  CHECK_THROWS_AS(Server(options), hotspot::ConfigError);
  options.port = 0;
  options.limits.max_connections = 0;
  CHECK_THROWS_AS(Server(options), hotspot::ConfigError);
  options.limits.max_connections = 1;
  options.limits.request_timeout = std::chrono::milliseconds(0);
  CHECK_THROWS_AS(Server(options), hotspot::ConfigError);
}

TEST_CASE("a port already in use is a configuration error naming the fix") {
  RunningServer running;
  ServeOptions options;
  options.dir = running.site.root().string();
  options.port = running.port();
  Server second(options);
  try {
    second.start();
    FAIL("a second server bound the same port");
  } catch (const hotspot::ConfigError& error) {
    CHECK_THAT(error.what(), Catch::Contains("--port"));
  }
}
