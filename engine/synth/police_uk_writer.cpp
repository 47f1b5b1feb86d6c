// police.uk street-level CSVs for parse benchmarks: one file per month in police.uk's layout,
// coordinates transformed to WGS84 a month at a time (one PROJ call per batch, not per row).
#include <filesystem>

#include "engine/core/crs.hpp"
#include "engine/synth/synth.hpp"
#include "engine/synth/text_output.hpp"
#include "engine/synth/writers.hpp"

namespace hotspot::synth {
namespace {

const char* const kForce = "Hotspot Town Police (synthetic)";
// Last outcomes and rough shares as in police.uk downloads.
const char* const kOutcomes[] = {"Investigation complete; no suspect identified",
                                 "Unable to prosecute suspect",
                                 "Under investigation",
                                 "Awaiting court outcome",
                                 "Local resolution",
                                 "Offender given a caution",
                                 "Status update unavailable"};
const double kOutcomeWeights[] = {45, 25, 10, 5, 5, 3, 7};

void append_hex(std::string& out, uint64_t value) {
  static const char digits[] = "0123456789abcdef";
  for (int shift = 60; shift >= 0; shift -= 4) out.push_back(digits[(value >> shift) & 15]);
}

// police.uk's location: "On or near" the street of the point.
void append_location(std::string& out, double x_m, double y_m) {
  out += "\"On or near ";
  out += street_at(x_m, y_m);
  out += '"';
}

// A fictional LSOA per 1.5 km square: code X01gggnnn, name "Hotspot Town ggg" + a letter.
void append_lsoa(std::string& out, double x_m, double y_m) {
  const int64_t column = static_cast<int64_t>(x_m / 1500) % 1000,
                row = static_cast<int64_t>(y_m / 1500) % 1000;
  out += "X01";
  append_padded(out, column, 3);
  append_padded(out, row, 3);
  out += ",Hotspot Town ";
  append_padded(out, column, 3);
  out.push_back(static_cast<char>('A' + row % 26));
}

}  // namespace

std::vector<std::string> write_police_uk(const std::string& out_dir, IncidentModel& model,
                                         uint64_t seed, int64_t& rows) {
  const auto& categories = category_models();
  size_t asb_category = 0;
  while (std::string(categories[asb_category].slug) != "anti-social-behaviour") ++asb_category;
  const std::vector<double> outcome_cumulative = running_sums(kOutcomeWeights, 7);
  Random random(seed ^ 0x90C1CEull);
  CoordinateTransform to_wgs84("EPSG:27700", "EPSG:4326");
  std::vector<std::string> files;
  std::vector<double> longitude, latitude;
  for (int m = 0; m < kMonths; ++m) {
    const int year = kFirstYear + (kFirstMonth - 1 + m) / 12,
              month = (kFirstMonth - 1 + m) % 12 + 1;
    std::string label;
    append_padded(label, year, 4);
    label += '-';
    append_padded(label, month, 2);
    std::filesystem::create_directories(out_dir + "/" + label);
    const std::string relative = label + "/" + label + "-hotspot-town-street.csv";
    files.push_back(relative);

    const std::vector<Record> records = model.month(m);
    longitude.resize(records.size());
    latitude.resize(records.size());
    for (size_t i = 0; i < records.size(); ++i)
      longitude[i] = records[i].x_m, latitude[i] = records[i].y_m;
    to_wgs84.transform(longitude.data(), latitude.data(), records.size());

    BufferedFile file(out_dir + "/" + relative);
    std::string& out = file.buffer();
    out +=
        "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,"
        "Crime type,Last outcome category,Context\r\n";
    for (size_t i = 0; i < records.size(); ++i) {
      const Record& record = records[i];
      const bool asb =
          record.category == asb_category;  // police.uk leaves ASB without Crime ID or outcome
      if (!asb)
        for (int word = 0; word < 4; ++word) append_hex(out, random.next());
      out += ',';
      out += label;
      out += ',';
      out += kForce;
      out += ',';
      out += kForce;
      out += ',';
      append_fixed(out, longitude[i], 6);
      out += ',';
      append_fixed(out, latitude[i], 6);
      out += ',';
      append_location(out, record.x_m, record.y_m);
      out += ',';
      append_lsoa(out, record.x_m, record.y_m);
      out += ',';
      out += categories[record.category].police_name;
      out += ',';
      if (!asb) out += kOutcomes[pick(outcome_cumulative, random)];
      out += ",\r\n";
      file.flush_if_full();
    }
    file.commit();
    rows += static_cast<int64_t>(records.size());
  }
  return files;
}

}  // namespace hotspot::synth
