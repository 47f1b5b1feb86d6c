// briefing.pdf: briefing.html printed to PDF by Debian's Chromium (headless --print-to-pdf),
// the same engine the viewer is tested in, so the print matches what the HTML shows.
#pragma once
#include <string>

namespace hotspot::output {

// The Chromium to print with: $HOTSPOT_CHROMIUM, else chromium on the PATH; "" when none.
std::string find_chromium();

// Prints `html_path` to `pdf_path` (A4, as the page's @page rule says), atomically. Throws
// ConfigError naming Debian's chromium package when Chromium is missing, and IoError when it
// fails to write the PDF. Chromium's own output is discarded (the library never prints).
void print_briefing_pdf(const std::string& html_path, const std::string& pdf_path);

}  // namespace hotspot::output
