// rejects.csv: one row per rejected input row (file, line, field, reason, detail, raw row).
#pragma once
#include <string>

#include "engine/core/rejects.hpp"

namespace hotspot::output {

void write_rejects_csv(const RejectLog& rejects, const std::string& path);

}  // namespace hotspot::output
