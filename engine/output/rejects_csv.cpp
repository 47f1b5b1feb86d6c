#include "engine/output/rejects_csv.hpp"

#include "engine/core/atomic_file.hpp"
#include "engine/core/csv_text.hpp"

namespace hotspot::output {

void write_rejects_csv(const RejectLog& rejects, const std::string& path) {
  std::string out = std::string(kCsvByteOrderMark) + "file,line,field,reason,detail,raw\r\n";
  for (const Reject& reject : rejects.rows) {
    out += csv_field(reject.file) + "," + std::to_string(reject.line) + "," +
           csv_field(reject.field) + "," + csv_field(reject.reason) + "," +
           csv_field(reject.detail) + "," + csv_field(reject.raw) + "\r\n";
  }
  write_file_atomically(path, out);
}

}  // namespace hotspot::output
