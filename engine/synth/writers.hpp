// The synth output files: wards.geojson (RFC 7946), population.csv, the force export
// incidents.csv, police.uk monthly street-level CSVs, and hotspot.toml. Every file is written
// under a temporary name and renamed when complete.
#pragma once
#include <string>
#include <vector>

#include "engine/core/ward_set.hpp"
#include "engine/synth/incident_model.hpp"

namespace hotspot::synth {

// The fictional street at a point: fixed per 150 m square, so nearby incidents share a street.
std::string street_at(double x_m, double y_m);

// WGS84 lon/lat to 7 decimals, counter-clockwise exteriors and clockwise holes; properties
// WD23CD, WD23NM, LAD23NM. Shared vertices stay identical: each is transformed the same way.
void write_wards_geojson(const std::string& path, const WardSet& wards);
void write_population_csv(const std::string& path, const WardSet& wards);

// incidents.csv: incident_id,offence,occurred_at (dd/mm/yyyy HH:MM),easting,northing.
// Returns the number of rows written.
int64_t write_force_export(const std::string& path, IncidentModel& model);

// One police.uk street-level CSV per month, <out>/<YYYY-MM>/<YYYY-MM>-hotspot-town-street.csv;
// returns those paths relative to out_dir, and adds the rows written to `rows`.
std::vector<std::string> write_police_uk(const std::string& out_dir, IncidentModel& model,
                                         uint64_t seed, int64_t& rows);

// hotspot.toml for `hotspot analyse --config`; `incident_files` are relative to out_dir.
void write_config(const std::string& path, const std::vector<std::string>& incident_files,
                  bool police_uk_format);

}  // namespace hotspot::synth
