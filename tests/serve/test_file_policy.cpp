// Which files a served folder may give out, without sockets: hidden and temporary names, and
// per-incident files that only a completed private run may serve.
#include <catch2/catch.hpp>
#include <filesystem>

#include "engine/serve/file_policy.hpp"
#include "engine/serve/static_files.hpp"
#include "temp_site.hpp"

using namespace hotspot::serve;
namespace fs = std::filesystem;

TEST_CASE("hidden names and the temporary names of interrupted runs are recognised") {
  for (const char* name : {".hidden", ".git", ".env", ".incidents.tmp.geojson",
                           ".wards.tmp1234.geojson", "wards.tmp1234.geojson", "out.tmp", "OUT.TMP",
                           "tiles.pmtiles.tmp", "tiles.pmtiles.tiledata.tmp", "a.Tmp99.json"}) {
    INFO(name);
    CHECK(is_hidden_or_temporary(name));
  }
  for (const char* name : {"wards.geojson", "index.html", "tmp", "temp.json", "attempt.csv",
                           "summary.json", "tiles.pmtiles", "a.b.c"}) {
    INFO(name);
    CHECK_FALSE(is_hidden_or_temporary(name));
  }
}

TEST_CASE("rejects.csv and incidents files count as per-incident") {
  CHECK(is_per_incident("rejects.csv"));
  CHECK(is_per_incident("REJECTS.CSV"));
  CHECK(is_per_incident("incidents.geojson"));
  CHECK(is_per_incident("incidents"));
  CHECK(is_per_incident("Incidents-2018.csv"));
  CHECK_FALSE(is_per_incident("wards.csv"));
  CHECK_FALSE(is_per_incident("rejects.csv.json"));
  CHECK_FALSE(is_per_incident("hotspot_incidents.csv"));
}

TEST_CASE("a run counts as private only when its summary.json says so") {
  TempSite site;
  const fs::path root = site.root();
  SECTION("no summary.json: unknown, so not private") {
    CHECK_FALSE(is_completed_private_run(root));
  }
  SECTION("an empty summary.json") {
    site.put("summary.json", "");
    CHECK_FALSE(is_completed_private_run(root));
  }
  SECTION("a public object at the top level, however it is spaced") {
    for (const char* summary :
         {"{\"public\":{\"minimum_count\":5}}", "{\n  \"public\" :\n\t{ \"minimum_count\": 5 }\n}",
          "{\"options\":{\"public\":true}}"}) {
      INFO(summary);
      site.put("summary.json", summary);
      CHECK_FALSE(is_completed_private_run(root));
    }
  }
  SECTION("a private run: no public object, options.public false") {
    site.put("summary.json", "{\"options\": {\"public\": false}, \"rows\": {\"read\": 3}}");
    CHECK(is_completed_private_run(root));
  }
}

TEST_CASE("resolve_request_path refuses hidden, temporary and withheld files as not found") {
  TempSite site;
  const fs::path root = fs::canonical(site.root());
  for (const char* path : {"/.hidden", "/.git/config", "/.git/", "/.incidents.tmp.geojson",
                           "/out.tmp", "/tiles.pmtiles.tmp/part", "/sub/.env", "/link-to-hidden",
                           "/.link-to-data", "/rejects.csv", "/incidents.csv"}) {
    INFO(path);
    CHECK(resolve_request_path(root, path).status == PathStatus::not_found);
  }
  site.put("summary.json", "{\"options\": {\"public\": false}}");
  CHECK(resolve_request_path(root, "/rejects.csv").status == PathStatus::ok);
  CHECK(resolve_request_path(root, "/./sub//page.json").status == PathStatus::ok);
}
