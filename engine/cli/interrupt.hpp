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
  // waits for them on a thread of its own. Made first thing in main, so that a signal that
  // arrives while the program starts is held until the waiting thread takes it: an interrupt
  // always ends the process with 128 + the signal's number, never by the default action.
  InterruptCleanup();
  ~InterruptCleanup();
  InterruptCleanup(const InterruptCleanup&) = delete;
  InterruptCleanup& operator=(const InterruptCleanup&) = delete;

 private:
  pthread_t waiter_{};
  sigset_t previous_mask_{};
};

// From now on, an interrupt removes the temporary files in `folder` (and its subfolders)
// before the process exits (an InterruptCleanup must be alive to take the signal).
void remove_temporary_files_on_interrupt(const std::string& folder);

}  // namespace hotspot::cli
