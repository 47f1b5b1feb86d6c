#include "engine/synth/writers.hpp"

#include <cstdio>

#include "engine/core/atomic_file.hpp"
#include "engine/core/civil_time.hpp"
#include "engine/core/crs.hpp"
#include "engine/core/month.hpp"
#include "engine/synth/synth.hpp"
#include "engine/synth/text_output.hpp"

namespace hotspot::synth {
namespace {

// Twice the signed area (shoelace): positive when counter-clockwise.
double signed_area(const double* x, const double* y, size_t n) {
  double sum = 0;
  for (size_t a = 0, b = n - 1; a < n; b = a++) sum += (x[b] - x[a]) * (y[b] + y[a]);
  return sum;
}

void append_ring(std::string& out, const double* x, const double* y, size_t n,
                 bool counter_clockwise) {
  const bool reverse = (signed_area(x, y, n) > 0) != counter_clockwise;
  out += '[';
  for (size_t k = 0; k < n; ++k) {
    const size_t v = reverse ? n - 1 - k : k;
    out += k ? ",[" : "[";
    append_fixed(out, x[v], 7);
    out += ',';
    append_fixed(out, y[v], 7);
    out += ']';
  }
  out += ']';
}

void append_date_time(std::string& out, int64_t local_time_s) {
  const int64_t days = local_time_s / 86400;  // times here are after 1970: no floor needed
  const civil_time::Date date = civil_time::civil_from_days(days);
  const int64_t seconds = local_time_s - days * 86400;
  append_padded(out, date.day, 2);
  out += '/';
  append_padded(out, date.month, 2);
  out += '/';
  append_padded(out, date.year, 4);
  out += ' ';
  append_padded(out, seconds / 3600, 2);
  out += ':';
  append_padded(out, seconds / 60 % 60, 2);
}

const char* const kStreetNames[] = {"Castle", "Mill",     "Church",  "Station", "Market",  "High",
                                    "Park",   "Victoria", "Albert",  "Queen",   "King",    "Bridge",
                                    "Chapel", "School",   "North",   "South",   "Orchard", "Meadow",
                                    "Abbey",  "Priory",   "Harbour", "Quay",    "Elm",     "Oak"};
const char* const kStreetKinds[] = {"Street",  "Road",     "Lane",  "Avenue", "Close", "Way",
                                    "Gardens", "Crescent", "Drive", "Place",  "Walk",  "Terrace"};

}  // namespace

std::string street_at(double x_m, double y_m) {
  const uint64_t square =
      static_cast<uint64_t>(x_m / 150) * 1000003ull + static_cast<uint64_t>(y_m / 150);
  const uint64_t hash = square * 0x9E3779B97F4A7C15ull >> 32;
  return std::string(kStreetNames[hash % 24]) + " " + kStreetKinds[(hash / 24) % 12];
}

void write_wards_geojson(const std::string& path, const WardSet& wards) {
  // Every vertex of every ring in one batch: one PROJ call, same operation for all.
  std::vector<double> x, y;
  for (const MultiPolygon& shape : wards.shape)
    for (const Polygon& polygon : shape) {
      for (const Point& point : polygon.outer()) x.push_back(point.x()), y.push_back(point.y());
      for (const Ring& hole : polygon.inners())
        for (const Point& point : hole) x.push_back(point.x()), y.push_back(point.y());
    }
  CoordinateTransform("EPSG:27700", "EPSG:4326").transform(x.data(), y.data(), x.size());

  std::string out = "{\"type\":\"FeatureCollection\",\"name\":\"wards\",\"features\":[\n";
  size_t next = 0;
  for (size_t w = 0; w < wards.size(); ++w) {
    const MultiPolygon& shape = wards.shape[w];
    out += w ? ",\n" : "";
    out += "{\"type\":\"Feature\",\"properties\":{\"WD23CD\":";
    append_json_string(out, wards.code[w]);
    out += ",\"WD23NM\":";
    append_json_string(out, wards.name[w]);
    out += ",\"LAD23NM\":\"Hotspot Town (synthetic)\"},\"geometry\":{\"type\":";
    out +=
        shape.size() == 1 ? "\"Polygon\",\"coordinates\":" : "\"MultiPolygon\",\"coordinates\":[";
    for (size_t p = 0; p < shape.size(); ++p) {
      out += p ? ",[" : "[";
      const Polygon& polygon = shape[p];
      append_ring(out, &x[next], &y[next], polygon.outer().size(), true);
      next += polygon.outer().size();
      for (const Ring& hole : polygon.inners()) {
        out += ',';
        append_ring(out, &x[next], &y[next], hole.size(), false);
        next += hole.size();
      }
      out += ']';
    }
    out += shape.size() == 1 ? "}}" : "]}}";
  }
  out += "\n]}\n";
  write_file_atomically(path, out);
}

void write_population_csv(const std::string& path, const WardSet& wards) {
  std::string out = "ward_code,population\n";
  for (size_t w = 0; w < wards.size(); ++w) {
    out += wards.code[w] + ',';
    append_fixed(out, wards.population[w], 0);
    out += '\n';
  }
  write_file_atomically(path, out);
}

int64_t write_force_export(const std::string& path, IncidentModel& model) {
  const auto& categories = category_models();
  BufferedFile file(path);
  std::string& out = file.buffer();
  out += "incident_id,offence,occurred_at,easting,northing,street\n";
  int64_t rows = 0;
  for (int m = 0; m < kMonths; ++m) {
    for (const Record& record : model.month(m)) {
      out += "HT";
      append_padded(out, ++rows, 7);
      out += ',';
      out += categories[record.category].police_name;
      out += ',';
      append_date_time(out, record.local_time_s);
      out += ',';
      append_fixed(out, record.x_m, 0);
      out += ',';
      append_fixed(out, record.y_m, 0);
      out += ',';
      out += street_at(record.x_m, record.y_m);
      out += '\n';
      file.flush_if_full();
    }
  }
  file.commit();
  return rows;
}

void write_config(const std::string& path, const std::vector<std::string>& incident_files,
                  bool police_uk_format) {
  std::string out = police_uk_format
                        ? "title = \"Hotspot Town (synthetic demo, police.uk format)\"\n"
                        : "title = \"Hotspot Town (synthetic demo)\"\n";
  out += "[inputs]\nincidents = [";
  for (size_t i = 0; i < incident_files.size(); ++i)
    out += (i ? ", \"" : "\"") + incident_files[i] + "\"";
  out += "]\nwards = \"wards.geojson\"\npopulation = \"population.csv\"\n";
  if (!police_uk_format)  // police.uk files are recognised by their header
    out +=
        "[incidents]\ncrs = \"EPSG:27700\"\nx = \"easting\"\ny = \"northing\"\ncategory = "
        "\"offence\"\n"
        "time = \"occurred_at\"\nid = \"incident_id\"\nstreet = \"street\"\n";
  // The second year of data, so the profiles can show the change on the year before.
  const int first = kFirstYear * 12 + (kFirstMonth - 1) + kMonths / 2,
            last = kFirstYear * 12 + (kFirstMonth - 1) + kMonths - 1;
  out +=
      "# The last 12 months, compared with the 12 before (the data covers both).\n[period]\nfrom = "
      "\"" +
      month_label(first) + "\"\nto = \"" + month_label(last) + "\"\n";
  write_file_atomically(path, out);
}

}  // namespace hotspot::synth
