// Atomic output: write to a temporary file in the same folder, then rename over the target,
// so a failed run never leaves a half-written file that looks complete.
#pragma once
#include <functional>
#include <string>

namespace hotspot {

// Writes `content` to `path` atomically. Throws std::runtime_error on failure.
void write_file_atomically(const std::string& path, const std::string& content);

// For writers that need a path (GDAL drivers): `write(temp_path)` creates the file, then it is
// renamed to `path`. The temporary file is removed if `write` throws.
void write_via_temporary(const std::string& path,
                         const std::function<void(const std::string&)>& write);

}  // namespace hotspot
