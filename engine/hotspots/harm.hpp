// Harm weights: a weight per offence category, so that patrol areas rank by expected harm as
// well as by count. Read from a CSV `category,weight` (police.uk category names or slugs). The
// published UK scales are the ONS Crime Severity Score (weights from average sentences, ONS
// 2016, published per offence code each year) and the Cambridge Crime Harm Index (days of
// imprisonment in the sentencing guidelines, Sherman, Neyroud & Neyroud 2016); map their
// offences onto the categories you analyse.
#pragma once
#include <string>
#include <vector>

namespace hotspot::hotspots {

// The weight of each category in `category_slugs` (IncidentTable order); categories the file does
// not name weigh 1. Throws InputError naming the file, line and field for a bad row.
std::vector<double> load_harm_weights(const std::string& path,
                                      const std::vector<std::string>& category_slugs);

}  // namespace hotspot::hotspots
