#include "engine/cli/interrupt.hpp"

#include <signal.h>
#include <unistd.h>

#include <cstdio>

#include "engine/core/atomic_file.hpp"

namespace hotspot::cli {

namespace {

// SIGUSR2 only tells the waiting thread that the run is over.
sigset_t watched_signals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGUSR2);
  return signals;
}

void* wait_for_signal(void* argument) {
  const auto* folder = static_cast<const std::string*>(argument);
  const sigset_t signals = watched_signals();
  int signal_number = 0;
  while (sigwait(&signals, &signal_number) == 0) {
    if (signal_number == SIGUSR2) return nullptr;
    const int removed = remove_temporary_files(*folder);
    std::fprintf(stderr, "\nhotspot: interrupted; removed %d temporary file%s from %s\n", removed,
                 removed == 1 ? "" : "s", folder->c_str());
    _exit(128 + signal_number);
  }
  return nullptr;
}

}  // namespace

InterruptCleanup::InterruptCleanup(std::string folder) : folder_(std::move(folder)) {
  const sigset_t signals = watched_signals();
  pthread_sigmask(SIG_BLOCK, &signals, &previous_mask_);
  pthread_create(&waiter_, nullptr, wait_for_signal, &folder_);
}

InterruptCleanup::~InterruptCleanup() {
  pthread_kill(waiter_, SIGUSR2);
  pthread_join(waiter_, nullptr);
  pthread_sigmask(SIG_SETMASK, &previous_mask_, nullptr);
}

}  // namespace hotspot::cli
