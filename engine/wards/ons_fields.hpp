// Which fields of an area layer hold its code and name, and which geography it is. ONS
// boundaries name them <GEOGRAPHY><YY>CD / <GEOGRAPHY><YY>NM for every geography and year
// (WD23CD, LSOA21NM, MSOA11CD, OA21CD, LAD23NM, ...); when a layer carries several (an LSOA
// layer with its LAD codes), the finest geography wins. Other layers: ward_code, code, name, ...
#pragma once
#include <string>
#include <vector>

namespace hotspot::wards {

struct AreaFields {
  std::string code, name;  // field names as the layer spells them; "" when not found
  std::string geography;   // "ward", "LSOA", "MSOA", "OA", "local authority", ... or "area"
};

AreaFields detect_area_fields(const std::vector<std::string>& field_names);

// The geography of a code field's name ("LSOA21CD" → "LSOA"); "area" for a name that is not ONS's.
std::string geography_of(const std::string& code_field);

}  // namespace hotspot::wards
