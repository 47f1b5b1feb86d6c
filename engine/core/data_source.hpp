// Inputs and outputs that are not files: GDAL connection strings such as
// "PG:dbname=crime host=/run/postgresql tables=incidents". They are passed to GDAL as they are,
// never checked as paths or checksummed, and never shown with their password.
#pragma once
#include <string>
#include <string_view>

namespace hotspot {

// True for a GDAL connection string: a driver prefix (PG:, MYSQL:, MSSQL:, OCI:, ODBC:, ...)
// followed by its parameters. A path that exists as a file is never one.
bool is_connection_string(std::string_view source);

// The source with any password removed (password=..., a URI's user:password@), for messages,
// logs and summary.json.
std::string redacted(std::string_view source);

}  // namespace hotspot
