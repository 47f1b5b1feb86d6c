#include "engine/cli/interrupt.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>

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

// Stopping the world. Removing the temporary files while the writer threads still run leaves a
// window in which one of them creates a file after the scan and before the exit (CI saw it). So
// the waiting thread first parks every other thread in a handler that never returns, and only
// then removes. A parked thread may hold any lock (malloc's, stdio's), so from then on the
// waiting thread uses system calls only: getdents64, unlinkat, write. That is why the removal
// below is written by hand rather than with std::filesystem (see atomic_file.cpp, which is used
// by the next run to clear what a kill -9 left).
constexpr int kParkSignal = SIGUSR1;
std::atomic<int> parked_threads{0};

void park_thread(int /*signal*/) {
  parked_threads.fetch_add(1);
  for (;;) pause();
}

void sleep_one_millisecond() {
  timespec pause_for{0, 1'000'000};
  nanosleep(&pause_for, nullptr);
}

// Calls `visit(name, type)` for every entry of the open folder but "." and "..".
template <typename Visit>
void for_each_entry(int folder_fd, Visit visit) {
  alignas(8) char buffer[4096];
  for (;;) {
    const ssize_t bytes = getdents64(folder_fd, buffer, sizeof buffer);
    if (bytes <= 0) return;
    for (ssize_t offset = 0; offset < bytes;) {
      const auto* entry = reinterpret_cast<const dirent64*>(buffer + offset);
      offset += entry->d_reclen;
      if (std::strcmp(entry->d_name, ".") == 0 || std::strcmp(entry->d_name, "..") == 0) continue;
      visit(entry->d_name, entry->d_type);
    }
  }
}

// The threads of this process but the calling one, listed into `threads`; returns how many.
int list_other_threads(pid_t* threads, int capacity) {
  const int task_fd = open("/proc/self/task", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (task_fd < 0) return 0;
  const pid_t self = static_cast<pid_t>(syscall(SYS_gettid));
  int count = 0;
  for_each_entry(task_fd, [&](const char* name, unsigned char) {
    const pid_t thread = static_cast<pid_t>(std::strtol(name, nullptr, 10));
    if (thread > 0 && thread != self && count < capacity) threads[count++] = thread;
  });
  close(task_fd);
  return count;
}

// Parks every other thread; gives up after two seconds (a thread that blocks the park signal
// is not one of ours and creates no output).
void stop_other_threads() {
  struct sigaction action {};
  action.sa_handler = park_thread;
  sigemptyset(&action.sa_mask);
  sigaction(kParkSignal, &action, nullptr);
  constexpr int kCapacity = 4096;
  pid_t signalled[kCapacity];
  int signalled_count = 0;
  const pid_t process = getpid();
  for (int waited_ms = 0; waited_ms < 2000; ++waited_ms) {
    pid_t present[kCapacity];
    const int present_count = list_other_threads(present, kCapacity);
    int present_signalled = 0;
    for (int i = 0; i < present_count; ++i) {
      bool known = false;
      for (int j = 0; j < signalled_count && !known; ++j) known = signalled[j] == present[i];
      if (!known && signalled_count < kCapacity &&
          syscall(SYS_tgkill, process, present[i], kParkSignal) == 0) {
        signalled[signalled_count++] = present[i];
        known = true;
      }
      present_signalled += known ? 1 : 0;
    }
    if (present_signalled == present_count && parked_threads.load() >= present_count) return;
    sleep_one_millisecond();
  }
}

// Same rule as is_temporary_name in atomic_file.cpp.
bool is_temporary(const char* name) { return name[0] == '.' && std::strstr(name, ".tmp"); }

// Removes `name` in the open folder: a file, or a folder with everything in it.
void remove_entry(int folder_fd, const char* name, int depth) {
  const int fd = openat(folder_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) {
    unlinkat(folder_fd, name, 0);
    return;
  }
  if (depth < 32)
    for_each_entry(fd,
                   [&](const char* child, unsigned char) { remove_entry(fd, child, depth + 1); });
  close(fd);
  unlinkat(folder_fd, name, AT_REMOVEDIR);
}

// Removes the temporary files and folders under the open folder; returns how many.
int remove_temporary_entries(int folder_fd, int depth) {
  int removed = 0;
  for_each_entry(folder_fd, [&](const char* name, unsigned char type) {
    if (is_temporary(name)) {
      remove_entry(folder_fd, name, depth + 1);
      ++removed;
    } else if ((type == DT_DIR || type == DT_UNKNOWN) && depth < 32) {
      const int fd = openat(folder_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (fd >= 0) {
        removed += remove_temporary_entries(fd, depth + 1);
        close(fd);
      }
    }
  });
  return removed;
}

int remove_temporary_files_now(const char* folder) {
  int removed = 0;
  // Removing while listing may skip an entry; list again until a pass finds nothing.
  for (int pass = 0; pass < 8; ++pass) {
    const int fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) break;
    const int this_pass = remove_temporary_entries(fd, 0);
    close(fd);
    removed += this_pass;
    if (this_pass == 0) break;
  }
  return removed;
}

// The folder whose temporary files an interrupt removes (none until a run names one).
std::atomic<const std::string*> watched_folder{nullptr};

void* wait_for_signal(void*) {
  const sigset_t signals = watched_signals();
  int signal_number = 0;
  while (sigwait(&signals, &signal_number) == 0) {
    if (signal_number == SIGUSR2) return nullptr;
    const std::string* folder = watched_folder.load();
    char message[512];
    int length = 0;
    if (folder) {
      stop_other_threads();
      const int removed = remove_temporary_files_now(folder->c_str());
      length = std::snprintf(message, sizeof message,
                             "\nhotspot: interrupted; removed %d temporary file%s from %s\n",
                             removed, removed == 1 ? "" : "s", folder->c_str());
    } else {
      length = std::snprintf(message, sizeof message, "\nhotspot: interrupted\n");
    }
    if (length > 0) {
      const ssize_t ignored = write(STDERR_FILENO, message,
                                    static_cast<size_t>(std::min<int>(length, sizeof message - 1)));
      (void)ignored;
    }
    _exit(128 + signal_number);
  }
  return nullptr;
}

}  // namespace

InterruptCleanup::InterruptCleanup() {
  const sigset_t signals = watched_signals();
  pthread_sigmask(SIG_BLOCK, &signals, &previous_mask_);
  pthread_create(&waiter_, nullptr, wait_for_signal, nullptr);
}

InterruptCleanup::~InterruptCleanup() {
  pthread_kill(waiter_, SIGUSR2);
  pthread_join(waiter_, nullptr);
  watched_folder.store(nullptr);
  pthread_sigmask(SIG_SETMASK, &previous_mask_, nullptr);
}

void remove_temporary_files_on_interrupt(const std::string& folder) {
  // A copy that lives until exit: the waiting thread may read it at any moment.
  static std::string watched;
  watched_folder.store(nullptr);
  watched = folder;
  watched_folder.store(&watched);
}

}  // namespace hotspot::cli
