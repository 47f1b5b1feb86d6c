// The plan's words, shared by plan.md, plan.csv and plan.html so they say the same thing: an
// area's one-line summary, its key streets, its wards' profiles in sentences, and dates. Built
// only from figures the analysis published: a withheld value (absent) is left out, never guessed.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "engine/plan/analysis_folder.hpp"
#include "engine/plan/candidates.hpp"

namespace hotspot::plan {

// "Mon 2 Nov 2026".
std::string short_date(int32_t day);

// "burglary, 44 incidents in 12 months, peak Thu–Sat 18:00–21:00 (25% of incidents)";
// "priority ward 1, 4,154 incidents in 12 months, 5.49× the area-wide rate".
std::string area_summary(const AnalysisFolder& folder, const Candidate& candidate);

// "anti-social behaviour area 1", "priority ward 2": what the candidate is, in a few words.
std::string short_label(const AnalysisFolder& folder, const Candidate& candidate);

// The hotspot's peak window as published ("Thu–Sat 18:00–21:00: 25% of incidents"); "" when the
// analysis gives none (public runs, month-only data, wards).
std::string peak_window(const AnalysisFolder& folder, const Candidate& candidate);

// A hotspot area's streets (most incidents first); for a ward, the first street of each hotspot
// area inside it. At most `limit`.
std::vector<std::string> key_streets(const AnalysisFolder& folder, const Candidate& candidate,
                                     size_t limit = 8);

// The wards the candidate lies in (a hotspot's wards, or the ward itself).
std::vector<const AnalysedWard*> wards_of(const AnalysisFolder& folder, const Candidate& candidate);

// A ward's profile as sentences: incidents, rate against the area, change on the previous period.
std::vector<std::string> ward_profile(const AnalysisFolder& folder, const AnalysedWard& ward);

// The ranking rule and the weights, in words (plan.md and plan.html carry it).
std::string ranking_rule(const std::map<std::string, double>& weights, int areas_per_week,
                         int gap_weeks);

}  // namespace hotspot::plan
