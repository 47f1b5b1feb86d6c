// SHA-256 of input files, recorded in summary.json so a run can be tied to its inputs.
#pragma once
#include <string>

namespace hotspot {

// Lower-case hex SHA-256 of the file's bytes (OpenSSL). Throws InputError when unreadable.
std::string file_sha256(const std::string& path);

}  // namespace hotspot
