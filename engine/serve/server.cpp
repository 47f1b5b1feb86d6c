#include "engine/serve/server.hpp"

#include <algorithm>
#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <filesystem>
#include <optional>
#include <thread>
#include <vector>

#include "engine/core/errors.hpp"
#include "engine/serve/connection.hpp"

namespace hotspot::serve {
namespace fs = std::filesystem;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

// Sent to a connection beyond the cap when no open connection can make room.
constexpr std::string_view kBusyReply =
    "HTTP/1.1 503 Service Unavailable\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n"
    "Content-Length: 57\r\n"
    "Retry-After: 1\r\n"
    "Connection: close\r\n"
    "\r\n"
    "503 Service Unavailable: too many connections, try again\n";
static_assert(kBusyReply.size() - kBusyReply.find("\r\n\r\n") - 4 == 57);

void validate(const ServeOptions& options) {
  if (options.port < 0 || options.port > 65535) {
    throw ConfigError("--port " + std::to_string(options.port) +
                      " is not a port: use 1-65535, or 0 to pick a free one");
  }
  const ServeLimits& limits = options.limits;
  if (limits.request_timeout.count() <= 0 || limits.send_timeout.count() <= 0 ||
      limits.max_connections < 1 || limits.max_header_bytes < 1024) {
    throw ConfigError(
        "serve limits must be positive (timeouts, connections) and allow a 1 KiB request head");
  }
}

}  // namespace

struct Server::Impl {
  ServeOptions options;
  // Declared before the I/O context: connections still queued in it on destruction refer to it.
  std::optional<ServerState> state;
  net::io_context io{1};
  tcp::acceptor acceptor{io};
  net::steady_timer accept_retry{io};
  std::thread thread;
  std::atomic<bool> stopped{false};
  std::atomic<bool> serving_in_run{false};
  int port = 0;

  void bind() {
    if (port != 0) return;
    try {
      tcp::resolver resolver(io);
      auto results = resolver.resolve(options.bind, std::to_string(options.port),
                                      tcp::resolver::passive | tcp::resolver::numeric_service);
      // "localhost" resolves to both families; the address printed and tried first is IPv4.
      auto chosen = std::find_if(results.begin(), results.end(), [](const auto& entry) {
        return entry.endpoint().address().is_v4();
      });
      const tcp::endpoint endpoint =
          (chosen != results.end() ? *chosen : *results.begin()).endpoint();
      acceptor.open(endpoint.protocol());
      acceptor.set_option(tcp::acceptor::reuse_address(true));
      acceptor.bind(endpoint);
      acceptor.listen(net::socket_base::max_listen_connections);
      const tcp::endpoint bound = acceptor.local_endpoint();
      port = bound.port();
      state.emplace(ServerState{
          Site{fs::canonical(options.dir),
               HostCheck(options.bind, bound.address().to_string(), options.allowed_hosts)},
          options.limits,
          options.verbose ? options.log : nullptr,
          {}});
    } catch (const boost::system::system_error& error) {
      throw ConfigError("cannot listen on " + options.bind + ":" + std::to_string(options.port) +
                        " (" + error.code().message() +
                        "): the port may be in use or the address not on this machine; choose "
                        "another with --port (0 picks a free one) or --bind");
    }
    accept_next();
  }

  void accept_next() {
    acceptor.async_accept([this](boost::system::error_code error, tcp::socket socket) {
      if (error == net::error::operation_aborted || !acceptor.is_open()) return;
      if (error) {  // out of file descriptors, or the peer gave up: try again shortly
        accept_retry.expires_after(std::chrono::milliseconds(50));
        accept_retry.async_wait([this](boost::system::error_code wait_error) {
          if (!wait_error) accept_next();
        });
        return;
      }
      admit(std::move(socket));
      accept_next();
    });
  }

  // Over the cap, the connection that has waited longest for a request makes room: slow or idle
  // clients cannot crowd out one that is ready to ask.
  void admit(tcp::socket socket) {
    if (static_cast<int>(state->open.size()) >= options.limits.max_connections) {
      Connection* longest_waiting = nullptr;
      for (Connection* connection : state->open) {
        if (!connection->waiting_since()) continue;
        if (!longest_waiting || *connection->waiting_since() < *longest_waiting->waiting_since()) {
          longest_waiting = connection;
        }
      }
      if (!longest_waiting) return refuse(std::move(socket));
      longest_waiting->close();
    }
    std::make_shared<Connection>(std::move(socket), *state)->start();
  }

  static void refuse(tcp::socket socket) {
    boost::system::error_code ignored;
    socket.non_blocking(true, ignored);
    socket.write_some(net::buffer(kBusyReply.data(), kBusyReply.size()), ignored);
    socket.shutdown(tcp::socket::shutdown_both, ignored);
  }

  // Runs on the I/O thread: closing every socket ends every pending operation, so run() returns.
  void shut_down() {
    boost::system::error_code ignored;
    acceptor.close(ignored);
    accept_retry.cancel();
    if (!state) return;
    const std::vector<Connection*> open(state->open.begin(), state->open.end());
    for (Connection* connection : open) connection->close();
  }
};

Server::Server(ServeOptions options) : impl_(std::make_unique<Impl>()) {
  std::error_code error;
  if (!fs::is_directory(options.dir, error)) {
    throw InputError(options.dir, 0, "",
                     "is not a folder; pass the --out folder of hotspot analyse");
  }
  validate(options);
  impl_->options = std::move(options);
}

Server::~Server() { stop(); }

int Server::start() {
  impl_->bind();
  impl_->thread = std::thread([impl = impl_.get()] { impl->io.run(); });
  return impl_->port;
}

void Server::run(const std::function<void(int port)>& on_listening) {
  impl_->bind();
  if (on_listening) on_listening(impl_->port);
  impl_->serving_in_run = true;
  impl_->io.run();
  impl_->serving_in_run = false;
}

void Server::stop() {
  if (impl_->stopped.exchange(true)) return;
  if (impl_->thread.joinable()) {
    net::post(impl_->io, [impl = impl_.get()] { impl->shut_down(); });
    impl_->thread.join();
  } else if (impl_->serving_in_run) {
    // run() on another thread returns once every connection has closed.
    net::post(impl_->io, [impl = impl_.get()] { impl->shut_down(); });
  } else {
    impl_->shut_down();  // no I/O thread: nothing else touches the sockets
  }
}

int Server::port() const { return impl_->port; }

void serve(const ServeOptions& options, std::function<void(int port)> on_listening) {
  Server server(options);
  server.run(on_listening);
}

}  // namespace hotspot::serve
