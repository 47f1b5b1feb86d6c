#include "engine/impact/impact_outputs.hpp"

#include <cstdio>

#include "engine/core/atomic_file.hpp"
#include "engine/core/crs.hpp"
#include "engine/core/csv_text.hpp"
#include "engine/core/geojson_writer.hpp"

namespace hotspot::impact {

namespace {

std::string number(double value, int decimals) {
  if (std::isnan(value)) return "";
  if (std::isinf(value)) return "inf";
  char text[48];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}

std::string csv_row(const std::string& measure, const std::string& before, const std::string& after,
                    double ratio, double low, double high, double p_value,
                    const std::string& note) {
  return csv_field(measure) + "," + before + "," + after + "," + number(ratio, 4) + "," +
         number(low, 4) + "," + number(high, 4) + "," + number(p_value, 4) + "," + csv_field(note) +
         "\n";
}

std::string change_row(const std::string& measure, const profile::CountChange& change) {
  return csv_row(measure, std::to_string(change.baseline), std::to_string(change.current),
                 change.rate_ratio, change.ratio_low, change.ratio_high, change.p_value,
                 "rate ratio after / before, exact interval (conditional binomial)");
}

std::string effect_row(const std::string& measure, const Comparison& comparison) {
  if (!comparison.available) return csv_row(measure, "", "", NAN, NAN, NAN, NAN, comparison.reason);
  const RatioOfRatios& e = comparison.effect;
  return csv_row(measure, "", "", e.ratio, e.low, e.high, e.p_value,
                 std::string("ratio of rate ratios, log-normal interval") +
                     (e.corrected ? "; 0.5 added to each count (a count was zero)" : ""));
}

MultiPolygon buffer_ring(const MultiPolygon& area, double buffer_m) {
  MultiPolygon grown, ring;
  if (buffer_m <= 0) return ring;
  const bg::strategy::buffer::distance_symmetric<double> distance(buffer_m);
  const bg::strategy::buffer::join_round join(72);
  const bg::strategy::buffer::end_round end(72);
  const bg::strategy::buffer::point_circle circle(72);
  const bg::strategy::buffer::side_straight side;
  bg::buffer(area, grown, distance, side, join, end, circle);
  bg::difference(grown, area, ring);
  return ring;
}

std::string counts_table(const ImpactResult& result) {
  const ImpactPeriods& p = result.periods;
  const PeriodUnit u = p.unit;
  std::string out = "| zone | before (" + window_label(u, p.before) + ") | after (" +
                    window_label(u, p.after) + ") | last year before (" +
                    window_label(u, p.before_last_year) + ") | last year after (" +
                    window_label(u, p.after_last_year) + ") |\n|---|---:|---:|---:|---:|\n";
  // Last year's counts only where the data reaches back that far (else they would read as 0).
  const bool last_year = result.against_last_year.available;
  auto row = [&](const std::string& zone, const PeriodCounts& c) {
    out += "| " + zone + " | " + std::to_string(c.before) + " | " + std::to_string(c.after) +
           " | " + (last_year ? std::to_string(c.before_last_year) : "–") + " | " +
           (last_year ? std::to_string(c.after_last_year) : "–") + " |\n";
  };
  row("operation area", result.counts.area);
  row("buffer ring", result.counts.ring);
  row("comparison area", result.counts.comparison);
  return out;
}

}  // namespace

std::vector<std::string> write_impact_outputs(const ImpactOptions& options,
                                              const ImpactResult& result,
                                              const ZoneDefinition& zones,
                                              const std::string& analysis_crs) {
  const ImpactPeriods& p = result.periods;
  const ZoneCounts& c = result.counts;
  // impact.csv
  std::string csv = "measure,before,after,ratio,ratio_low,ratio_high,p_value,method\n";
  csv += change_row("operation area", result.area_change);
  csv += change_row("buffer ring", result.ring_change);
  if (result.against_comparison.available)
    csv += change_row("comparison area", result.against_comparison.change);
  if (result.against_last_year.available)
    csv +=
        csv_row("operation area, same periods last year", std::to_string(c.area.before_last_year),
                std::to_string(c.area.after_last_year), result.against_last_year.change.rate_ratio,
                result.against_last_year.change.ratio_low,
                result.against_last_year.change.ratio_high, result.against_last_year.change.p_value,
                "rate ratio after / before, exact interval (conditional binomial)");
  csv += effect_row("difference-in-differences: operation area against comparison area",
                    result.against_comparison);
  csv += effect_row("difference-in-differences: operation area against the same periods last year",
                    result.against_last_year);
  const DisplacementQuotient& d = result.displacement;
  csv += csv_row("weighted displacement quotient", "", "", d.wdq, NAN, NAN, NAN,
                 "Bowers & Johnson 2003; success measure " + number(d.success_measure, 4) +
                     ", buffer displacement measure " + number(d.displacement_measure, 4) + "; " +
                     d.reading);
  csv += csv_row("total net effect (incidents prevented)", "", "", d.total_net_effect, NAN, NAN,
                 NAN, "Guerette 2009: area and ring together");

  // impact.md
  std::string md =
      "# " + (options.title.empty() ? "Did it work? " + options.category : options.title) + "\n\n";
  md += result.headline + "\n\n";
  md += "- Operation: " + window_label(p.unit, p.operation) + "; compared: the " +
        window_length(p.unit, p.after) + " from its start (" + window_label(p.unit, p.after) +
        ") against the " + window_length(p.unit, p.before) + " before (" +
        window_label(p.unit, p.before) + ")\n";
  md += "- Area: " +
        (options.hotspot_id.empty() ? options.area_path : "hotspot area " + options.hotspot_id) +
        "; buffer ring: " + number(options.buffer_m, 0) + " m around it\n";
  md += "- Comparison area: " + result.comparison_name + "\n";
  for (const std::string& note : result.notes) md += "- Note: " + note + "\n";
  md += "\n## Counts\n\n" + counts_table(result);
  md += "\n## Changes\n\n";
  md += "- Operation area: " + profile::describe_change(result.area_change) + "\n";
  md += "- Buffer ring: " + profile::describe_change(result.ring_change) + "\n";
  if (result.against_comparison.available)
    md += "- Comparison area: " + profile::describe_change(result.against_comparison.change) + "\n";
  if (result.against_last_year.available)
    md += "- Operation area, the same weeks last year: " +
          profile::describe_change(result.against_last_year.change) + "\n";
  md += "\n## The operation's effect (difference-in-differences)\n\n";
  md +=
      "- Against the comparison area: " +
      (result.against_comparison.available ? describe_ratio(result.against_comparison.effect)
                                           : "not available: " + result.against_comparison.reason) +
      "\n";
  md += "- Against the same periods last year: " +
        (result.against_last_year.available ? describe_ratio(result.against_last_year.effect)
                                            : "not available: " + result.against_last_year.reason) +
        "\n";
  md += "\n## Displacement or diffusion of benefit\n\n";
  md += "- Weighted Displacement Quotient: " + d.reading + " (success measure " +
        number(d.success_measure, 3) + ", buffer displacement measure " +
        number(d.displacement_measure, 3) + ")\n";
  md += "- Total net effect: " + number(d.total_net_effect, 1) +
        " incidents prevented in the area and its ring together (negative: more than expected)\n";
  md +=
      "- The WDQ has no interval of its own: read it only when the effect above is "
      "significant, and with the ring's own counts (small counts swing it widely).\n";
  md +=
      "\n## Method\n\n"
      "Changes are rate ratios (after / before) with the exact conditional binomial test and its "
      "Clopper–Pearson interval. The effect is a difference-in-differences of Poisson counts: "
      "the ratio of the operation area's rate ratio to the comparison's, (a₁/a₀)/(c₁/c₀), with "
      "the log-normal 95% interval exp(log R ± 1.96·√(1/a₁ + 1/a₀ + 1/c₁ + 1/c₀)) (Altman & "
      "Bland 2003, BMJ 326:219); it assumes the comparison area would have changed as the "
      "operation area did without the operation (parallel trends). The same periods last year "
      "are 52 weeks earlier (12 months for month periods), so seasonal swings cancel. "
      "Displacement: the Weighted Displacement Quotient of Bowers & Johnson (2003, Journal of "
      "Quantitative Criminology 19(3): 275–301), WDQ = (B₁/C₁ − B₀/C₀) / (R₁/C₁ − R₀/C₀) with R "
      "the operation area, B the buffer ring and C the comparison area; positive means diffusion "
      "of benefit, negative displacement, and it is read only when the success measure (the "
      "denominator) is negative. Total net effect after Guerette (2009).\n";

  // impact_areas.geojson
  CoordinateTransform to_lonlat(analysis_crs, "EPSG:4326");
  GeoJsonWriter geojson("impact_areas");
  nlohmann::ordered_json area;
  area["zone"] = "operation area";
  area["before"] = c.area.before;
  area["after"] = c.area.after;
  geojson.add(area, to_wgs84(zones.area, to_lonlat));
  const MultiPolygon ring = buffer_ring(zones.area, options.buffer_m);
  if (!ring.empty()) {
    nlohmann::ordered_json properties;
    properties["zone"] = "buffer ring";
    properties["before"] = c.ring.before;
    properties["after"] = c.ring.after;
    geojson.add(properties, to_wgs84(ring, to_lonlat));
  }

  write_file_atomically(options.out_dir + "/impact.csv", std::string(kCsvByteOrderMark) + csv);
  write_file_atomically(options.out_dir + "/impact.md", md);
  geojson.write(options.out_dir + "/impact_areas.geojson");
  return {"impact.md", "impact.csv", "impact_areas.geojson"};
}

}  // namespace hotspot::impact
