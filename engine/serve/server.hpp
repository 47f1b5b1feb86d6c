// `hotspot serve`: a small static file server for an analysis output folder (viewer + tiles).
// Guarantees: only regular files inside DIR are served (no `..`, no encoded traversal, no symlink
// escapes), GET and HEAD only (405 otherwise), single byte ranges answered with 206/416.
#pragma once
#include <functional>
#include <memory>
#include <string>

namespace hotspot::serve {

struct ServeOptions {
  std::string dir;                 // the folder to serve
  int port = 8080;                 // 0 = pick a free port (reported through on_listening/port())
  std::string bind = "127.0.0.1";  // loopback by default: the data may be sensitive
  bool verbose = false;            // log every request through `log`
  std::function<void(const std::string&)> log;  // library code never prints: the CLI passes one
};

// A server that can also be stopped, for tests and for the CLI's signal handling.
class Server {
 public:
  // Throws InputError when options.dir is not a folder.
  explicit Server(ServeOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and serves on a background thread; returns the bound port.
  // Throws ConfigError when the address cannot be bound (port in use, bad address).
  int start();
  // Binds, calls on_listening(port), then serves on the calling thread until stop().
  void run(const std::function<void(int port)>& on_listening = {});
  // Stops accepting connections and waits for the serving thread. Safe to call twice.
  void stop();
  // The bound port, or 0 before start()/run().
  int port() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Serves until the process is stopped; on_listening gets the bound port once it accepts.
void serve(const ServeOptions& options, std::function<void(int port)> on_listening = {});

}  // namespace hotspot::serve
