// Peer comparison: the file format, and the comparisons against hand-computed rates, ranks and
// a brute-force exact binomial test (the England counts run to hundreds of thousands).
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>

#include "engine/core/errors.hpp"
#include "engine/peers/peers.hpp"
#include "engine/peers/writers.hpp"

using namespace hotspot;
using namespace hotspot::peers;

namespace fs = std::filesystem;

namespace {

std::string write_temp(const std::string& name, const std::string& text) {
  const fs::path dir = fs::temp_directory_path() / ("hotspot-peers-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path path = dir / name;
  std::ofstream(path) << text;
  return path.string();
}

// P(X = k), X ~ Binomial(n, p), by logarithms (independent of Boost).
double pmf(int64_t n, int64_t k, double p) {
  return std::exp(std::lgamma(n + 1.0) - std::lgamma(k + 1.0) - std::lgamma(n - k + 1.0) +
                  double(k) * std::log(p) + double(n - k) * std::log1p(-p));
}

// Two-sided exact p-value: the sum over every outcome no likelier than k.
double brute_force_p(int64_t k, int64_t n, double p) {
  const double observed = pmf(n, k, p) * (1 + 1e-7);
  double total = 0;
  for (int64_t i = 0; i <= n; ++i)
    if (const double value = pmf(n, i, p); value <= observed) total += value;
  return std::min(1.0, total);
}

const char* kFile =
    "area,role,category,count,population,months\n"
    "England,national,Burglary,\"200,000\",56000000,12\n"
    "England,national,all,5600000,56000000,12\n"
    "Alpha,peer,burglary,300,100000,12\n"
    "Beta,peer,burglary,100,100000,12\n"
    "Gamma,peer,burglary,250,200000,24\n"  // 125 a year: rate 0.625 per 1,000
    "Alpha,peer,all,9000,100000,12\n"
    "Beta,peer,Violence and sexual offences,20,100000,\n";

StudyCounts study() {
  StudyCounts counts;
  counts.categories = {"burglary", "violent-crime", "shoplifting"};
  counts.counts = {120, 45, 80};
  counts.total = 245;
  counts.population = 100000;
  counts.months = 12;
  return counts;
}

}  // namespace

TEST_CASE("the peers file accepts police.uk names, slugs, totals, separators and months") {
  const PeerTable table = read_peer_file(write_temp("peers.csv", kFile));
  REQUIRE(table.rows.size() == 7);
  CHECK(table.rows[0].category == "burglary");
  CHECK(table.rows[0].role == PeerRole::national);
  CHECK(table.rows[0].count == 200000);
  CHECK(table.rows[1].category == kTotalCategory);
  CHECK(table.rows[4].months == 24);
  CHECK(table.rows[6].category == "violent-crime");
  CHECK(table.rows[6].months == 0);  // empty: the study period's length
  // Without a role column, England is national and the rest peers; rates become counts.
  const PeerTable rates =
      read_peer_file(write_temp("rates.csv",
                                "area,category,rate_per_1000,population\nEngland,robbery,1.25,"
                                "1000000\nDelta,robbery,0.5,80000\n"));
  CHECK(rates.rows[0].role == PeerRole::national);
  CHECK(rates.rows[0].count == 1250);
  CHECK(rates.rows[1].role == PeerRole::peer);
  CHECK(rates.rows[1].count == 40);
}

TEST_CASE("a bad peers file names the line and the field, without quoting the value") {
  auto error_of = [](const std::string& text) {
    try {
      read_peer_file(write_temp("bad.csv", text));
    } catch (const InputError& error) {
      return std::string(error.what());
    }
    return std::string("no error");
  };
  CHECK_THAT(error_of("area,category,count\nEngland,burglary,5\n"),
             Catch::Contains(":1 field 'population'"));
  CHECK_THAT(error_of("area,category,count,population\nEngland,burglary,lots,100\n"),
             Catch::Contains(":2 field 'count'"));
  CHECK_THAT(error_of("area,category,count,population\nEngland,burglary,lots,100\n"),
             !Catch::Contains("lots"));
  CHECK_THAT(error_of("area,category,count,population\nEngland,Burgled homes,5,100\n"),
             Catch::Contains(":2 field 'category'"));
  CHECK_THAT(error_of("area,category,count,population\nA,burglary,5,0\n"),
             Catch::Contains("field 'population'"));
  CHECK_THAT(error_of("area,category,count,population\nA,burglary,5,10\nA,Burglary,6,10\n"),
             Catch::Contains(":3 field 'category'"));
  CHECK_THAT(error_of("area,role,category,count,population\nEngland,national,burglary,5,10\n"
                      "Wales,national,burglary,5,10\n"),
             Catch::Contains("only one national area"));
}

TEST_CASE("rates, the exact tests and the MSG rank match the hand computation") {
  const PeerReport report =
      compare_with_peers(read_peer_file(write_temp("peers.csv", kFile)), study());
  CHECK(report.national == "England");
  CHECK(report.members == std::vector<std::string>{"Alpha", "Beta", "Gamma"});
  REQUIRE(report.categories.size() == 3);  // burglary, violent-crime, then all
  const CategoryPeers& burglary = report.categories[0];
  CHECK(burglary.category == "burglary");
  CHECK(burglary.rate_per_1000 == Approx(1.2));
  // England: 200,000 / 56,000,000 × 1,000 = 3.5714 per 1,000; ratio 1.2 / 3.5714 = 0.336.
  REQUIRE(burglary.national);
  CHECK(burglary.national->rate_per_1000 == Approx(3.571428571));
  CHECK(burglary.national->test.rate_ratio == Approx(0.336));
  const double exposure = 100000.0 / 56000000.0;
  CHECK(burglary.national->test.p_value ==
        Approx(brute_force_p(120, 200120, exposure / (1 + exposure))).epsilon(1e-6));
  CHECK(burglary.national->comparison == profile::Comparison::below);
  // MSG pooled: (300 + 100 + 250) / (100,000 × 12 + 100,000 × 12 + 200,000 × 24) resident-months
  // = 650 / 7,200,000, i.e. 1.0833 per 1,000 a year; ratio 1.2 / 1.0833 = 1.1077.
  REQUIRE(burglary.group);
  CHECK(burglary.group->rate_per_1000 == Approx(650.0 / 7200000 * 12 * 1000));
  CHECK(burglary.group->test.rate_ratio == Approx(1.2 / (650.0 / 7200000 * 12 * 1000)));
  const double group_exposure = 1200000.0 / 7200000.0;
  CHECK(burglary.group->test.p_value ==
        Approx(brute_force_p(120, 770, group_exposure / (1 + group_exposure))).epsilon(1e-9));
  CHECK(burglary.group->comparison == profile::Comparison::similar);
  // Yearly rates: Alpha 3.0, study 1.2, Beta 1.0, Gamma 0.625: rank 2 of 4.
  CHECK(burglary.rank == 2);
  CHECK(burglary.ranked == 4);
  // Violence: Beta alone (20 over the study period's 12 months): 45 against 20, same exposure.
  const CategoryPeers& violence = report.categories[1];
  REQUIRE_FALSE(violence.national);
  REQUIRE(violence.group);
  CHECK(violence.group->test.p_value == Approx(brute_force_p(45, 65, 0.5)).epsilon(1e-9));
  CHECK(violence.group->comparison == profile::Comparison::above);
  CHECK(violence.rank == 1);
  CHECK(violence.ranked == 2);
  const CategoryPeers& all = report.categories[2];
  CHECK(all.category == kTotalCategory);
  CHECK(all.count == 245);
  // Shoplifting is in the study data but not in the file: noted, not compared.
  REQUIRE(report.notes.size() == 1);
  CHECK_THAT(report.notes[0], Catch::Contains("shoplifting"));
}

TEST_CASE("a peer comparison needs the study area's population") {
  StudyCounts counts = study();
  counts.population = NAN;
  CHECK_THROWS_AS(compare_with_peers(read_peer_file(write_temp("peers.csv", kFile)), counts),
                  ConfigError);
}

TEST_CASE("peers.md says rank and class in words, and a withheld category shows nothing") {
  const PeerReport report =
      compare_with_peers(read_peer_file(write_temp("peers.csv", kFile)), study());
  DisclosurePolicy disclosure;
  disclosure.public_output = true;
  const PeerOutputContext context{
      report, "Test", "2025-01 to 2025-12", disclosure, {"violent-crime"}};
  const std::string md = write_temp("peers.md", "");
  write_peers_markdown(context, md);
  std::ifstream in(md);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK_THAT(text, Catch::Contains("| Burglary | 1.20 | 3.57 | below (0.34×"));
  CHECK_THAT(text, Catch::Contains("rank 2 of 4"));
  CHECK_THAT(text, Catch::Contains("| Violence and sexual offences | not shown |"));
  const auto json = peers_json(context);
  CHECK(json["categories"][1]["count"].is_null());
  CHECK(json["categories"][1]["msg_rank"].is_null());
  CHECK(json["categories"][0]["msg_rank"] == 2);
}
