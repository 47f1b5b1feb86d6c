// `hotspot serve`: a small static file server for an analysis output folder (viewer + tiles).
// Guarantees: only regular files inside DIR are served (no `..`, no encoded traversal, no symlink
// escapes, no hidden or temporary files, no per-incident files of a public run), GET and HEAD only
// (405 otherwise), only Host names that point at the bound address (421 otherwise), byte ranges
// answered by RFC 9110 (206, or 416 with `Content-Range: bytes */SIZE`), and no client can hold
// the server: every request has a deadline, bodies are capped, connections are capped.
#pragma once
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace hotspot::serve {

struct ServeLimits {
  // A whole request (head and any body) must arrive within this, counted from the connection
  // opening or the previous answer ending; slower clients are disconnected (slow-loris defence).
  std::chrono::milliseconds request_timeout{10'000};
  // Each chunk of an answer (64 KiB) must be taken by the client within this.
  std::chrono::milliseconds send_timeout{30'000};
  // Open connections at most. A newcomer beyond it closes the connection that has waited longest
  // for a request; when every connection is busy answering, the newcomer gets 503.
  int max_connections = 256;
  size_t max_header_bytes = 16 * 1024;  // request line and headers; 431 beyond
  size_t max_body_bytes = 8 * 1024;     // requests carry no data here; 413 beyond, body unread
};

struct ServeOptions {
  std::string dir;                 // the folder to serve
  int port = 8080;                 // 0 = pick a free port (reported through on_listening/port())
  std::string bind = "127.0.0.1";  // loopback by default: the data may be sensitive
  bool verbose = false;            // log every request through `log`
  std::function<void(const std::string&)> log;  // library code never prints: the CLI passes one
  std::vector<std::string> allowed_hosts;  // extra Host names to answer (a LAN name with --bind)
  ServeLimits limits;
};

// A server that can also be stopped, for tests and for the CLI's signal handling.
class Server {
 public:
  // Throws InputError when options.dir is not a folder, ConfigError for a bad port or limit.
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
