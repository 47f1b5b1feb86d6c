// Atomic output: write to a temporary file in the same folder, then rename over the target, so
// a failed or interrupted run never leaves a half-written file under a published name.
// Temporary names start with '.' and hold ".tmp" (".wards.tmp1234.csv"): `serve` refuses them,
// the CLI removes them on SIGINT/SIGTERM, and the next run clears any a kill -9 left.
// Failures throw IoError naming the path and the likely fix (disk full, no permission).
#pragma once
#include <functional>
#include <string>
#include <string_view>

namespace hotspot {

// The temporary name for `path` (same folder, extension kept last for GDAL's driver choice).
std::string temporary_name(const std::string& path);

// True for a name that temporary_name makes.
bool is_temporary_name(const std::string& file_name);

// Writes `content` to `path` atomically (written, flushed to disk, then renamed).
void write_file_atomically(const std::string& path, const std::string& content);

// The same for a document made piece by piece: `produce` hands each piece, in order, to the
// `write` it is given, so that a large file (a national run's 256 MB of labels) need not be
// held whole. Nothing is renamed into place unless `produce` returns.
using WritePiece = std::function<void(std::string_view piece)>;
void write_pieces_atomically(const std::string& path,
                             const std::function<void(const WritePiece& write)>& produce);

// For writers that need a path (GDAL drivers): `write(temp_path)` creates the file, then it is
// renamed to `path`. The temporary file is removed if `write` throws.
void write_via_temporary(const std::string& path,
                         const std::function<void(const std::string&)>& write);

// Removes the temporary files in `folder` and its subfolders; returns how many.
int remove_temporary_files(const std::string& folder);

}  // namespace hotspot
