#include <catch2/catch.hpp>

#include "engine/wards/ons_fields.hpp"

using hotspot::wards::detect_area_fields;

TEST_CASE("ONS code and name fields are found for every geography and year") {
  SECTION("wards") {
    const auto fields = detect_area_fields({"FID", "WD23CD", "WD23NM", "WD23NMW", "LAD23CD"});
    CHECK(fields.code == "WD23CD");
    CHECK(fields.name == "WD23NM");
    CHECK(fields.geography == "ward");
  }
  SECTION("an LSOA layer with its local authority codes: the finest geography wins") {
    const auto fields = detect_area_fields({"LAD22CD", "LAD22NM", "LSOA21CD", "LSOA21NM"});
    CHECK(fields.code == "LSOA21CD");
    CHECK(fields.name == "LSOA21NM");
    CHECK(fields.geography == "LSOA");
  }
  SECTION("lower case, MSOA 2011 and output areas") {
    CHECK(detect_area_fields({"msoa11cd", "msoa11nm"}).geography == "MSOA");
    CHECK(detect_area_fields({"OA21CD"}).code == "OA21CD");
    CHECK(detect_area_fields({"LAD23CD", "LAD23NM"}).geography == "local authority");
  }
  SECTION("the name of the same year is preferred") {
    CHECK(detect_area_fields({"LSOA11NM", "LSOA21CD", "LSOA21NM"}).name == "LSOA21NM");
  }
}

TEST_CASE("a code field without a name field is found, and no name is made up") {
  const auto fields = detect_area_fields({"LSOA21CD", "population"});
  CHECK(fields.code == "LSOA21CD");
  CHECK(fields.name.empty());
}

TEST_CASE("layers without ONS fields fall back to common names, or find nothing") {
  CHECK(detect_area_fields({"ward_code", "ward_name"}).geography == "ward");
  CHECK(detect_area_fields({"ward_code", "ward_name"}).name == "ward_name");
  CHECK(detect_area_fields({"id", "label"}).code.empty());
}
