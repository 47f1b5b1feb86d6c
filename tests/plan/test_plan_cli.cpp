// `hotspot plan` as a user runs it: `hotspot analyse` on the demo town, then a rota from its
// output folder; the files add up, the rota keeps its rules, public runs stay public, and bad
// arguments and dates exit 2 naming the flag.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <set>

#include "tests/e2e/e2e_support.hpp"

using namespace hotspot::testing;

namespace {

const std::string kDemoConfig = std::string(HOTSPOT_SOURCE_DIR) + "/geodata/demo/hotspot.toml";

// The demo analysed once per test program (public or not).
const fs::path& demo_analysis(bool public_output) {
  static std::map<bool, fs::path> done;
  if (!done.count(public_output)) {
    const fs::path out = temp_dir(public_output ? "plan-analysis-public" : "plan-analysis");
    const auto result = run("analyse --quiet --no-tiles --no-viewer --config " + kDemoConfig +
                            (public_output ? " --public" : "") + " --out " + out.string());
    INFO(result.output);
    REQUIRE(result.exit_code == 0);
    done[public_output] = out;
  }
  return done[public_output];
}

}  // namespace

TEST_CASE("plan writes a rota from an analyse folder whose files agree and keep its rules") {
  const fs::path analysis = demo_analysis(false);
  const fs::path out = temp_dir("plan-demo");
  const auto result = run("plan --analysis " + analysis.string() + " --out " + out.string() +
                          " --areas 4 --weeks 8 --gap 3");
  INFO(result.output);
  REQUIRE(result.exit_code == 0);
  for (const char* file : {"plan.csv", "plan.md", "plan.geojson", "plan.html"})
    CHECK(fs::exists(out / file));
  CHECK(read_file(out / "plan.csv").rfind("\xEF\xBB\xBF", 0) == 0);

  const auto rows = read_csv(out / "plan.csv");
  // The demo has 18 hotspot areas and 3 priority wards: every week can be filled.
  REQUIRE(rows.size() == 8 * 4);
  // The analysis runs to 2026-10: week 1 is the first Monday after, 2026-11-02.
  CHECK(rows.front().at("date") == "2026-11-02");
  CHECK(rows.back().at("date") == "2026-12-21");

  std::set<std::string> hotspot_ids, ward_ids;
  for (const auto& row : read_csv(analysis / "hotspots.csv")) hotspot_ids.insert(row.at("id"));
  for (const auto& row : read_csv(analysis / "wards.csv"))
    if (row.at("priority") == "true") ward_ids.insert("ward-" + row.at("ward_code"));
  REQUIRE(ward_ids.size() == 3);
  std::map<std::string, int> last_week;
  std::set<std::string> areas;
  for (const auto& row : rows) {
    const std::string& id = row.at("area_id");
    const int week = std::stoi(row.at("week"));
    CHECK((hotspot_ids.count(id) == 1 || ward_ids.count(id) == 1));
    if (last_week.count(id)) CHECK(week - last_week[id] >= 3);
    last_week[id] = week;
    areas.insert(id);
  }
  // With wards at weight 1 their excess (hundreds a month) leads: each returns every 3 weeks.
  size_t ward_visits = 0;
  for (const auto& row : rows) ward_visits += row.at("kind") == "ward";
  CHECK(ward_visits == 3 * 3);  // weeks 1, 4 and 7

  const auto geojson = nlohmann::json::parse(read_file(out / "plan.geojson"));
  CHECK(geojson.at("features").size() == rows.size());
  const std::string markdown = read_file(out / "plan.md");
  CHECK(markdown.find("## Week 1 (Mon 2 Nov 2026)") != std::string::npos);
  CHECK(markdown.find("## Week 8 (Mon 21 Dec 2026)") != std::string::npos);
  CHECK(markdown.find("Weights: anti-social-behaviour 1.00") != std::string::npos);
  const std::string html = read_file(out / "plan.html");
  size_t pages = 0;
  for (size_t at = html.find("class=\"page\""); at != std::string::npos;
       at = html.find("class=\"page\"", at + 1))
    ++pages;
  CHECK(pages == 1 + areas.size());  // the rota, then a page per area
  CHECK(html.find("<svg") != std::string::npos);
  // Every area page gives the profile of at least one ward, in words.
  size_t profiles = 0;
  for (size_t at = html.find("Ward profile</h2><p>"); at != std::string::npos;
       at = html.find("Ward profile</h2><p>", at + 1))
    ++profiles;
  CHECK(profiles == areas.size());
  CHECK(html.find("Its rate is") != std::string::npos);

  SECTION("the same inputs give the same bytes") {
    const fs::path again = temp_dir("plan-demo-again");
    REQUIRE(run("plan --quiet --analysis " + analysis.string() + " --out " + again.string() +
                " --areas 4 --weeks 8 --gap 3")
                .exit_code == 0);
    for (const char* file : {"plan.csv", "plan.md", "plan.geojson", "plan.html"})
      CHECK(read_file(out / file) == read_file(again / file));
  }
  SECTION("a rota that follows this one keeps the gap from its last weeks") {
    const fs::path next = temp_dir("plan-demo-next");
    const auto followed =
        run("plan --quiet --analysis " + analysis.string() + " --out " + next.string() +
            " --start 2026-12-28 --gap 3 --history " + (out / "plan.csv").string());
    INFO(followed.output);
    REQUIRE(followed.exit_code == 0);
    for (const auto& row : read_csv(next / "plan.csv")) {
      const int week = std::stoi(row.at("week"));  // week 1 of this rota is week 9 of the last
      if (last_week.count(row.at("area_id"))) CHECK(week + 8 - last_week[row.at("area_id")] >= 3);
    }
  }
  SECTION("a layer that wins no slot is named with the weight that would bring it in") {
    // Demo burglary areas expect under 3 incidents a month; the chosen areas, 8 and more.
    for (const auto& row : rows) CHECK(row.at("layer") != "burglary");
    const std::string note = "no burglary area is on the rota";
    REQUIRE(markdown.find(note) != std::string::npos);
    const size_t flag = markdown.find("--weights burglary=", markdown.find(note));
    REQUIRE(flag != std::string::npos);
    const std::string weight =
        markdown.substr(flag + 19, markdown.find(' ', flag + 19) - flag - 19);
    const fs::path weighted = temp_dir("plan-demo-burglary");
    REQUIRE(run("plan --quiet --analysis " + analysis.string() + " --out " + weighted.string() +
                " --weights burglary=" + weight)
                .exit_code == 0);
    size_t burglary = 0;
    for (const auto& row : read_csv(weighted / "plan.csv"))
      burglary += row.at("layer") == "burglary";
    CHECK(burglary > 0);
  }
  SECTION("weights change what the rota visits") {
    const fs::path weighted = temp_dir("plan-demo-weighted");
    REQUIRE(run("plan --quiet --analysis " + analysis.string() + " --out " + weighted.string() +
                " --weights wards=0,anti-social-behaviour=0,night-time-violence=0")
                .exit_code == 0);
    for (const auto& row : read_csv(weighted / "plan.csv")) CHECK(row.at("layer") == "burglary");
  }
}

TEST_CASE("plan from a public analysis shows no small count and no times of day") {
  const fs::path analysis = demo_analysis(true);
  const fs::path out = temp_dir("plan-public");
  const auto result =
      run("plan --quiet --analysis " + analysis.string() + " --out " + out.string());
  INFO(result.output);
  REQUIRE(result.exit_code == 0);
  for (const auto& row : read_csv(out / "plan.csv")) {
    CHECK(row.at("when").empty());
    if (!row.at("incidents").empty()) CHECK(std::stoi(row.at("incidents")) >= 5);
  }
  CHECK(read_file(out / "plan.md").find("Public version") != std::string::npos);
  CHECK(read_file(out / "plan.html").find("<h2>When</h2>") == std::string::npos);
}

TEST_CASE("plan refuses bad arguments and dates outside the analysis with exit code 2") {
  const fs::path analysis = demo_analysis(false);
  const fs::path out = temp_dir("plan-refusals");
  const std::string base = "plan --analysis " + analysis.string() + " --out " + out.string();
  const auto refused = [&](const std::string& arguments, const std::string& named) {
    const auto result = run(base + " " + arguments);
    INFO(arguments << "\n" << result.output);
    CHECK(result.exit_code == 2);
    CHECK(result.output.find(named) != std::string::npos);
  };
  refused("--start 2026-10-15", "--start 2026-10-15 is outside 2026-11-01 to 2027-01-30");
  refused("--start 2027-03-01", "stale");
  refused("--start 2026-13-01", "--start");
  refused("--areas 0", "--areas");
  refused("--weeks 60", "--weeks");
  refused("--gap 0", "--gap");
  refused("--weights robbery=2", "--weights: no layer 'robbery'");
  refused("--weights burglary=two", "--weights");
  refused("--weights burglary=-1", "--weights");
  refused("--history " + (out / "missing.csv").string(), "missing.csv");
  const auto no_folder =
      run("plan --analysis " + (out / "nowhere").string() + " --out " + (out / "x").string());
  CHECK(no_folder.exit_code == 2);
  CHECK(no_folder.output.find("hotspot analyse") != std::string::npos);
  CHECK_FALSE(fs::exists(out / "plan.csv"));
  // A folder missing one of analyse's files is named, with the fix.
  const fs::path damaged = temp_dir("plan-damaged");
  fs::copy(analysis, damaged, fs::copy_options::recursive | fs::copy_options::overwrite_existing);
  fs::remove(damaged / "hotspots.geojson");
  const auto missing =
      run("plan --analysis " + damaged.string() + " --out " + (out / "y").string());
  CHECK(missing.exit_code == 2);
  CHECK(missing.output.find("hotspots.geojson") != std::string::npos);
  // The earliest and latest starts are accepted.
  CHECK(run(base + " --quiet --start 2026-11-01").exit_code == 0);
  CHECK(run(base + " --quiet --start 2027-01-30").exit_code == 0);
}
