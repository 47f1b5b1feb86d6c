// Ctrl+C and SIGTERM during a run that writes files: the temporary files in the output folder
// are removed before the process exits (128 + the signal's number), so an interrupted run leaves
// no half-written file, and no temporary copy of incident data, behind. (kill -9 cannot be
// caught: its temporary files are hidden from `serve` and cleared by the next run.)
#pragma once
#include <pthread.h>

#include <string>

namespace hotspot::cli {

class InterruptCleanup {
 public:
  // Blocks SIGINT and SIGTERM in the calling thread (threads started later inherit that) and
  // waits for them on a thread of its own.
  explicit InterruptCleanup(std::string folder);
  ~InterruptCleanup();
  InterruptCleanup(const InterruptCleanup&) = delete;
  InterruptCleanup& operator=(const InterruptCleanup&) = delete;

 private:
  std::string folder_;
  pthread_t waiter_{};
  sigset_t previous_mask_{};
};

}  // namespace hotspot::cli
