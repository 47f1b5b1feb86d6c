#include "engine/core/errors.hpp"

#include <cerrno>
#include <cstring>

namespace hotspot {

std::string describe_write_failure(int error_number) {
  const std::string reason = std::strerror(error_number);
  switch (error_number) {
    case ENOSPC:
    case EDQUOT:
    case EFBIG:
      return reason +
             ": the disk is full (or a file-size limit was reached); free some space or choose "
             "another "
             "--out folder";
    case EACCES:
    case EPERM:
    case EROFS:
      return reason + ": no write permission; choose a folder you can write to";
    case ENOENT:
    case ENOTDIR:
      return reason + ": the folder does not exist (or was removed during the run)";
    default:
      return reason;
  }
}

}  // namespace hotspot
