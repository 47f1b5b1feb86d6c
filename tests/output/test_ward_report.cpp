// Ward outputs in words and CSV text: hand-checked phrases and escaping.
#include <catch2/catch.hpp>

#include "engine/core/csv_text.hpp"
#include "engine/output/ward_report.hpp"

using namespace hotspot::output;
using hotspot::csv_field;

TEST_CASE("rate ratios are put in plain English the way briefings say them") {
  CHECK(describe_ratio(1.85) == "almost double");
  CHECK(describe_ratio(2.0) == "about double");
  CHECK(describe_ratio(2.15) == "just over double");
  CHECK(describe_ratio(2.5) == "about two and a half times");
  CHECK(describe_ratio(5.39) == "about 5 times");
  CHECK(describe_ratio(1.5) == "about one and a half times");
  CHECK(describe_ratio(1.12) == "12% above");
  CHECK(describe_ratio(1.0) == "close to");
  CHECK(describe_ratio(0.75) == "25% below");
  CHECK(describe_ratio(0.5) == "about half");
  CHECK(describe_ratio(0.1) == "well under a fifth of");
}

TEST_CASE("CSV fields are quoted when needed and never start a spreadsheet formula") {
  CHECK(csv_field("Town Centre") == "Town Centre");
  CHECK(csv_field("Mill Green, Westfield") == "\"Mill Green, Westfield\"");
  CHECK(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(csv_field("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\"");
  CHECK(csv_field("-0.5") == "-0.5");
  CHECK(csv_field("@cmd") == "'@cmd");
}
