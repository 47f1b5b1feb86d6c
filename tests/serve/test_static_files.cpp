// The decisions behind `hotspot serve` without sockets: path resolution, MIME types and byte
// ranges, checked against hand-worked cases from RFC 9110 section 14.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "engine/serve/static_files.hpp"
#include "temp_site.hpp"

using namespace hotspot::serve;
namespace fs = std::filesystem;

TEST_CASE("a URL path resolves only to regular files inside the served folder") {
  TempSite site;
  const fs::path root = fs::canonical(site.root());

  SECTION("plain files and folders with an index resolve") {
    CHECK(resolve_request_path(root, "/data.bin").status == PathStatus::ok);
    CHECK(resolve_request_path(root, "/data.bin").file == root / "data.bin");
    CHECK(resolve_request_path(root, "/").file == root / "index.html");
    CHECK(resolve_request_path(root, "/sub/").file == root / "sub" / "index.html");
    CHECK(resolve_request_path(root, "/./sub//page.json").file == root / "sub" / "page.json");
  }
  SECTION("parent segments are forbidden even when they would stay inside") {
    CHECK(resolve_request_path(root, "/../secret.txt").status == PathStatus::forbidden);
    CHECK(resolve_request_path(root, "/sub/../data.bin").status == PathStatus::forbidden);
    CHECK(resolve_request_path(root, "/sub/..").status == PathStatus::forbidden);
  }
  SECTION("backslashes, NUL bytes and relative paths are forbidden") {
    CHECK(resolve_request_path(root, "/..\\secret.txt").status == PathStatus::forbidden);
    CHECK(resolve_request_path(root, std::string_view("/data.bin\0.html", 15)).status ==
          PathStatus::forbidden);
    CHECK(resolve_request_path(root, "data.bin").status == PathStatus::forbidden);
    CHECK(resolve_request_path(root, "").status == PathStatus::forbidden);
  }
  SECTION("a symlink out of the folder is forbidden, one within it is followed") {
    CHECK(resolve_request_path(root, "/escape.txt").status == PathStatus::forbidden);
    CHECK(resolve_request_path(root, "/escape-dir/secret.txt").status == PathStatus::forbidden);
    CHECK(resolve_request_path(root, "/alias.bin").status == PathStatus::ok);
  }
  SECTION("missing files, folders without an index and dangling links are not found") {
    CHECK(resolve_request_path(root, "/nothing.json").status == PathStatus::not_found);
    CHECK(resolve_request_path(root, "/empty-folder/").status == PathStatus::not_found);
    CHECK(resolve_request_path(root, "/dangling").status == PathStatus::not_found);
  }
}

TEST_CASE("file types get the MIME types browsers and GIS tools expect") {
  CHECK(mime_type_for("index.html") == "text/html; charset=utf-8");
  CHECK(mime_type_for("app.mjs") == "text/javascript; charset=utf-8");
  CHECK(mime_type_for("vendor/maplibre-gl.js") == "text/javascript; charset=utf-8");
  CHECK(mime_type_for("style.css") == "text/css; charset=utf-8");
  CHECK(mime_type_for("wards.json") == "application/json");
  CHECK(mime_type_for("wards.geojson") == "application/geo+json");
  CHECK(mime_type_for("tiles.pmtiles") == "application/octet-stream");
  CHECK(mime_type_for("viewer.PNG") == "image/png");
  CHECK(mime_type_for("legend.svg") == "image/svg+xml");
  CHECK(mime_type_for("wards.csv") == "text/csv; charset=utf-8");
  CHECK(mime_type_for("briefing.md") == "text/markdown; charset=utf-8");
  CHECK(mime_type_for("density/burglary.tif") == "image/tiff");
  CHECK(mime_type_for("no-extension") == "application/octet-stream");
}

TEST_CASE("a single byte range is honoured as RFC 9110 describes") {
  SECTION("first bytes") {
    RangeDecision decision = decide_range("bytes=0-99", 1000);
    CHECK(decision.status == RangeStatus::partial);
    CHECK(decision.first_byte == 0);
    CHECK(decision.length == 100);
    CHECK(content_range_header(decision, 1000) == "bytes 0-99/1000");
  }
  SECTION("an end past the file is cut to the last byte") {
    RangeDecision decision = decide_range("bytes=990-5000", 1000);
    CHECK(decision.status == RangeStatus::partial);
    CHECK(content_range_header(decision, 1000) == "bytes 990-999/1000");
  }
  SECTION("open-ended") {
    RangeDecision decision = decide_range("bytes=900-", 1000);
    CHECK(decision.length == 100);
    CHECK(content_range_header(decision, 1000) == "bytes 900-999/1000");
  }
  SECTION("suffix: the last N bytes, or the whole file when N is larger") {
    CHECK(content_range_header(decide_range("bytes=-10", 1000), 1000) == "bytes 990-999/1000");
    CHECK(content_range_header(decide_range("bytes=-5000", 1000), 1000) == "bytes 0-999/1000");
  }
  SECTION(
      "a start at or past the end, a zero suffix, or any range of an empty file cannot be met") {
    CHECK(decide_range("bytes=1000-", 1000).status == RangeStatus::unsatisfiable);
    CHECK(decide_range("bytes=1000-2000", 1000).status == RangeStatus::unsatisfiable);
    CHECK(decide_range("bytes=-0", 1000).status == RangeStatus::unsatisfiable);
    CHECK(decide_range("bytes=0-", 0).status == RangeStatus::unsatisfiable);
    CHECK(content_range_header(decide_range("bytes=1000-", 1000), 1000) == "bytes */1000");
  }
  SECTION("numbers beyond 64 bits are valid syntax: larger than any file") {
    CHECK(decide_range("bytes=99999999999999999999-", 1000).status == RangeStatus::unsatisfiable);
    CHECK(content_range_header(decide_range("bytes=0-99999999999999999999", 1000), 1000) ==
          "bytes 0-999/1000");
    CHECK(content_range_header(decide_range("bytes=-99999999999999999999", 1000), 1000) ==
          "bytes 0-999/1000");
    CHECK(decide_range("bytes=99999999999999999999-99999999999999999998", 1000).status ==
          RangeStatus::whole);
  }
  SECTION("the unit is case-insensitive and empty list elements are skipped") {
    CHECK(content_range_header(decide_range("Bytes=0-9", 1000), 1000) == "bytes 0-9/1000");
    CHECK(content_range_header(decide_range("bytes=,0-9,", 1000), 1000) == "bytes 0-9/1000");
    CHECK(content_range_header(decide_range("bytes=0-9 , ", 1000), 1000) == "bytes 0-9/1000");
  }
  SECTION("a suffix of an empty file is the whole (empty) file") {
    CHECK(decide_range("bytes=-5", 0).status == RangeStatus::whole);
  }
  SECTION("other units, several ranges and garbage fall back to the whole file") {
    for (const char* header :
         {"items=0-5", "bytes=0-5,10-20", "bytes=abc", "bytes=5-2", "bytes", "bytes=", "bytes=-",
          "bytes=,", "bytes = 0-5", "bytes=0 - 5", "bytes=+1-2", "bytes=0x1-0x2", "bytes=1-2-3",
          "bytes=-5-", "=0-5", ""}) {
      INFO(header);
      CHECK(decide_range(header, 1000).status == RangeStatus::whole);
    }
  }
}
