// The briefing's print stylesheet: A4 portrait, one section per page, DejaVu Sans (what Debian's
// Chromium prints with), black text and grey rules so it reads in greyscale.
#pragma once

namespace hotspot::output {

inline constexpr const char* kBriefingCss = R"css(
@page { size: A4 portrait; margin: 12mm; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", sans-serif; font-size: 9.5pt; color: #111; margin: 0; }
.page { break-after: page; }
.page:last-child { break-after: auto; }
h1 { font-size: 17pt; margin: 0 0 1mm; }
h2 { font-size: 11.5pt; margin: 4mm 0 1.5mm; }
.sub { color: #444; margin: 0 0 3mm; }
.note { color: #444; font-size: 8.5pt; margin: 1.5mm 0; }
figure { margin: 0 0 2mm; }
figcaption { font-size: 8.5pt; color: #333; margin-top: 1mm; }
svg.map { width: 100%; height: auto; display: block; }
.closeups { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 3mm; margin-bottom: 2mm; }
.closeups figure { min-width: 0; margin: 0; }
svg.trend { width: 100%; height: auto; }
table { border-collapse: collapse; width: 100%; font-size: 8.5pt; }
th, td { border-bottom: 0.4pt solid #999; padding: 1mm 1.2mm; text-align: left; vertical-align: top; }
th { border-bottom: 0.8pt solid #111; }
td.n, th.n { text-align: right; white-space: nowrap; }
.badge {
  display: inline-block; min-width: 5mm; height: 5mm; line-height: 5mm; border-radius: 2.5mm;
  background: var(--hue); color: #fff; font-weight: bold; text-align: center; font-size: 8pt;
  print-color-adjust: exact; -webkit-print-color-adjust: exact;
}
ul.facts, ul.areas { padding-left: 5mm; margin: 1mm 0 3mm; }
ul.facts li, ul.areas li { margin: 0.8mm 0; }
ul.areas { list-style: none; padding-left: 0; }
.key { margin-right: 4mm; white-space: nowrap; }
svg { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
)css";

}  // namespace hotspot::output
