#include "engine/core/data_source.hpp"

#include <filesystem>
#include <regex>

namespace hotspot {

bool is_connection_string(std::string_view source) {
  static const std::regex prefix("^(PG|POSTGRESQL|MYSQL|MSSQL|OCI|ODBC|SDE|DB2ODBC):.*",
                                 std::regex::icase);
  const std::string text(source);
  if (!std::regex_match(text, prefix)) return false;
  std::error_code ignored;
  return !std::filesystem::exists(text, ignored);
}

std::string redacted(std::string_view source) {
  // password=secret, password='se cret' (libpq keyword form) and user:secret@ (URI form).
  static const std::regex keyword("(password\\s*=\\s*)('([^'\\\\]|\\\\.)*'|[^\\s]+)",
                                  std::regex::icase);
  static const std::regex uri("(://[^:/@\\s]+:)[^@\\s]+@");
  std::string text = std::regex_replace(std::string(source), keyword, "$1***");
  return std::regex_replace(text, uri, "$1***@");
}

}  // namespace hotspot
