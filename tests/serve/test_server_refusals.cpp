// What `hotspot serve` refuses over real sockets: requests addressed to a host name that is not
// this server (DNS rebinding), hidden and temporary files, and per-incident files of a public run.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "raw_http.hpp"
#include "running_server.hpp"

namespace {

std::string get(const std::string& path, const std::string& host_line) {
  return "GET " + path + " HTTP/1.1\r\n" + host_line + "Connection: close\r\n\r\n";
}

int status_for(int port, const std::string& path) {
  auto response = round_trip(port, get(path, "Host: 127.0.0.1\r\n"));
  return response ? response->status : 0;
}

}  // namespace

TEST_CASE("only Host names that point at the loopback server are answered") {
  RunningServer running({}, false, {"analyst-laptop.lan"});
  const std::string port = std::to_string(running.port());
  SECTION("loopback names and addresses, with or without a port") {
    for (const std::string& host : std::vector<std::string>{
             "127.0.0.1", "127.0.0.1:" + port, "localhost", "localhost:" + port, "LocalHost:1",
             "[::1]", "[::1]:" + port, "[0:0:0:0:0:0:0:1]:" + port, "analyst-laptop.lan",
             "Analyst-Laptop.LAN:" + port}) {
      INFO("Host: " << host);
      auto response = round_trip(running.port(), get("/data.bin", "Host: " + host + "\r\n"));
      REQUIRE(response);
      CHECK(response->status == 200);
    }
  }
  SECTION("any other name gets 421 and no data") {
    for (const std::string& host : std::vector<std::string>{
             "evil.example", "evil.example:" + port, "localhost.evil.example", "127.0.0.1.nip.io",
             "127.0.0.2", "127.1", "0x7f000001", "2130706433", "[::2]", "[::1", "::1", "", " ",
             "localhost:http", "localhost:" + port + ":" + port, "local host", "[evil.example]"}) {
      INFO("Host: '" << host << "'");
      auto response = round_trip(running.port(), get("/data.bin", "Host: " + host + "\r\n"));
      REQUIRE(response);
      CHECK((response->status == 421 || response->status == 400));
      CHECK(response->body.find(TempSite::data_bytes()) == std::string::npos);
    }
    auto response = round_trip(running.port(), get("/data.bin", "Host: evil.example\r\n"));
    REQUIRE(response);
    CHECK(response->status == 421);
  }
  SECTION("HTTP/1.1 needs exactly one Host; HTTP/1.0 may leave it out") {
    auto missing = round_trip(running.port(), get("/data.bin", ""));
    REQUIRE(missing);
    CHECK(missing->status == 400);
    auto twice =
        round_trip(running.port(), get("/data.bin", "Host: 127.0.0.1\r\nHost: evil.example\r\n"));
    REQUIRE(twice);
    CHECK(twice->status == 400);
    auto old = round_trip(running.port(), "GET /data.bin HTTP/1.0\r\n\r\n");
    REQUIRE(old);
    CHECK(old->status == 200);
    auto old_wrong =
        round_trip(running.port(), "GET /data.bin HTTP/1.0\r\nHost: evil.example\r\n\r\n");
    REQUIRE(old_wrong);
    CHECK(old_wrong->status == 421);
  }
  SECTION("a refused HEAD has no body, so the next answer on the connection stays in step") {
    RawConnection connection(running.port());
    REQUIRE(
        connection.send("HEAD /data.bin HTTP/1.1\r\nHost: evil.example\r\n\r\n"
                        "GET /sub/page.json HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
    auto refused = connection.read_response(std::chrono::seconds(10), true);
    auto next = connection.read_response(std::chrono::seconds(10));
    REQUIRE(refused);
    REQUIRE(next);
    CHECK(refused->status == 421);
    CHECK(next->status == 200);
    CHECK(next->body == "{\"ok\": true}\n");
  }
  SECTION("an absolute-form target cannot name another authority") {
    auto response =
        round_trip(running.port(), get("http://evil.example/data.bin", "Host: 127.0.0.1\r\n"));
    REQUIRE(response);
    CHECK(response->status == 400);
  }
}

TEST_CASE("hidden and temporary files are never served, however they are asked for") {
  RunningServer running;
  for (const char* path :
       {"/.hidden", "/.git/config", "/.git/", "/.incidents.tmp.geojson", "/.wards.tmp1234.geojson",
        "/wards.tmp4321.geojson", "/out.tmp", "/OUT.TMP", "/tiles.pmtiles.tmp/part", "/sub/.env",
        "/%2ehidden", "/%2Egit/config", "/sub/..%2f.hidden", "/./.hidden", "//.hidden",
        "/link-to-hidden", "/.link-to-data"}) {
    INFO("request " << path);
    for (const char* method : {"GET", "HEAD"}) {
      auto response = round_trip(running.port(),
                                 std::string(method) + " " + std::string(path) +
                                     " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
                                 std::string(method) == "HEAD");
      REQUIRE(response);
      CHECK((response->status == 404 || response->status == 403));
      CHECK(response->body.find(TempSite::kNeverServed) == std::string::npos);
    }
  }
  CHECK(status_for(running.port(), "/.hidden") == 404);
  CHECK(status_for(running.port(), "/data.bin") == 200);
}

TEST_CASE("per-incident files are served only from a completed run that was not public") {
  RunningServer running;
  SECTION("no summary.json: the run is unfinished or unknown, so they are withheld") {
    CHECK(status_for(running.port(), "/rejects.csv") == 404);
    CHECK(status_for(running.port(), "/incidents.csv") == 404);
  }
  SECTION("a public run (summary.json has a public object)") {
    running.site.put("summary.json",
                     "{\n  \"rows\": {\"read\": 10},\n  \"public\": {\n    \"minimum_count\": 5\n"
                     "  }\n}\n");
    CHECK(status_for(running.port(), "/rejects.csv") == 404);
    CHECK(status_for(running.port(), "/incidents.csv") == 404);
    CHECK(status_for(running.port(), "/summary.json") == 200);
  }
  SECTION("a private run") {
    running.site.put("summary.json",
                     "{\n  \"options\": {\"public\": false},\n  \"rows\": {\"read\": 10}\n}\n");
    CHECK(status_for(running.port(), "/rejects.csv") == 200);
    CHECK(status_for(running.port(), "/incidents.csv") == 200);
  }
}
