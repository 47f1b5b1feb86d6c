#include "engine/output/svg_chart.hpp"

#include <algorithm>
#include <cstdio>

#include "engine/output/svg_map.hpp"
#include "engine/output/ward_report.hpp"

namespace hotspot::output {

namespace {

std::string format(const char* pattern, double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, pattern, value);
  return buffer;
}

}  // namespace

std::string monthly_bars_svg(const std::vector<int64_t>& monthly, int32_t from_month,
                             const DisclosurePolicy& disclosure, const std::string& label) {
  const double width = 700, height = 150, left = 40, bottom = 22, top = 10;
  int64_t peak = 1;
  for (int64_t count : monthly)
    if (!disclosure.withholds(count)) peak = std::max(peak, count);
  const double slot = (width - left - 6) / double(std::max<size_t>(1, monthly.size()));
  std::string svg =
      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"trend\" viewBox=\"0 0 700 150\" "
      "role=\"img\" aria-label=\"" +
      xml_escape(label) + "\" font-family=\"DejaVu Sans, sans-serif\">";
  svg += "<line x1=\"" + format("%.1f", left) + "\" y1=\"" + format("%.1f", height - bottom) +
         "\" x2=\"" + format("%.1f", width - 6) + "\" y2=\"" + format("%.1f", height - bottom) +
         "\" stroke=\"#666\"/><text x=\"" + format("%.1f", left - 4) + "\" y=\"" +
         format("%.1f", top + 8) + "\" font-size=\"10\" text-anchor=\"end\">" + with_commas(peak) +
         "</text><text x=\"" + format("%.1f", left - 4) + "\" y=\"" +
         format("%.1f", height - bottom) + "\" font-size=\"10\" text-anchor=\"end\">0</text>";
  for (size_t m = 0; m < monthly.size(); ++m) {
    const double x = left + slot * double(m) + slot * 0.15;
    const int32_t month = from_month + static_cast<int32_t>(m);
    static const char* names[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    svg += "<text x=\"" + format("%.1f", x + slot * 0.35) + "\" y=\"" + format("%.1f", height - 6) +
           "\" font-size=\"10\" text-anchor=\"middle\">" + names[month % 12] + "</text>";
    if (disclosure.withholds(monthly[m])) continue;
    const double h = (height - bottom - top) * double(monthly[m]) / double(peak);
    svg += "<rect x=\"" + format("%.1f", x) + "\" y=\"" + format("%.1f", height - bottom - h) +
           "\" width=\"" + format("%.1f", slot * 0.7) + "\" height=\"" + format("%.1f", h) +
           "\" fill=\"#5a5a5a\"><title>" + with_commas(monthly[m]) + "</title></rect>";
    svg += "<text x=\"" + format("%.1f", x + slot * 0.35) + "\" y=\"" +
           format("%.1f", height - bottom - h - 3) + "\" font-size=\"9\" text-anchor=\"middle\">" +
           with_commas(monthly[m]) + "</text>";
  }
  return svg + "</svg>";
}

}  // namespace hotspot::output
