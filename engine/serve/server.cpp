#include "engine/serve/server.hpp"

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

#include "engine/core/errors.hpp"
#include "engine/serve/static_files.hpp"

namespace hotspot::serve {
namespace fs = std::filesystem;
using HandlerResponse = httplib::Server::HandlerResponse;

namespace {

constexpr size_t kChunkBytes = 64 * 1024;

void send_text(httplib::Response& response, int status, const std::string& text) {
  response.status = status;
  response.set_content(text + "\n", "text/plain; charset=utf-8");
}

// Streams [first_byte, first_byte + length) of the file, so large tile archives never sit in
// memory and httplib never compresses them (compressed ranges would break PMTiles readers).
void stream_file(httplib::Response& response, const fs::path& file, uint64_t first_byte,
                 uint64_t length, const std::string& content_type) {
  if (length == 0) {
    response.set_content("", content_type);
    return;
  }
  auto stream = std::make_shared<std::ifstream>(file, std::ios::binary);
  response.set_content_provider(
      static_cast<size_t>(length), content_type,
      [stream, first_byte](size_t offset, size_t remaining, httplib::DataSink& sink) {
        std::vector<char> buffer(std::min(remaining, kChunkBytes));
        stream->seekg(static_cast<std::streamoff>(first_byte + offset));
        stream->read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        if (stream->gcount() <= 0) return false;  // the file shrank under us: abort the reply
        return sink.write(buffer.data(), static_cast<size_t>(stream->gcount()));
      });
}

HandlerResponse serve_file(const fs::path& root, const httplib::Request& request,
                           httplib::Response& response) {
  if (request.method != "GET" && request.method != "HEAD") return HandlerResponse::Unhandled;
  // httplib 0.11 applies parsed ranges itself but reads past the end for ranges that overrun the
  // file and never answers 416 for streamed content; we decide ranges ourselves (decide_range),
  // so its copy is cleared. The Request is a non-const local of httplib's, so this is defined.
  const_cast<httplib::Request&>(request).ranges.clear();

  ResolvedPath resolved = resolve_request_path(root, request.path);
  if (resolved.status == PathStatus::forbidden) {
    send_text(response, 403, "403 Forbidden");
    return HandlerResponse::Handled;
  }
  if (resolved.status == PathStatus::not_found) {
    send_text(response, 404, "404 Not Found");
    return HandlerResponse::Handled;
  }
  std::error_code error;
  uint64_t file_size = fs::file_size(resolved.file, error);
  if (error) {
    send_text(response, 404, "404 Not Found");
    return HandlerResponse::Handled;
  }
  response.set_header("Accept-Ranges", "bytes");
  response.set_header("X-Content-Type-Options", "nosniff");
  response.set_header("Cache-Control", "no-cache");  // a re-run of analyse must show at once
  const std::string content_type = mime_type_for(resolved.file);

  RangeDecision range;
  if (request.has_header("Range"))
    range = decide_range(request.get_header_value("Range"), file_size);
  if (range.status == RangeStatus::unsatisfiable) {
    response.status = 416;
    response.set_header("Content-Range", content_range_header(range, file_size));
    return HandlerResponse::Handled;
  }
  if (range.status == RangeStatus::partial) {
    response.status = 206;
    response.set_header("Content-Range", content_range_header(range, file_size));
    stream_file(response, resolved.file, range.first_byte, range.length, content_type);
  } else {
    response.status = 200;
    stream_file(response, resolved.file, 0, file_size, content_type);
  }
  return HandlerResponse::Handled;
}

}  // namespace

struct Server::Impl {
  ServeOptions options;
  fs::path root;
  httplib::Server http;
  std::thread thread;
  std::atomic<bool> thread_finished{false};
  int port = 0;

  void configure() {
    http.set_pre_routing_handler(
        [this](const httplib::Request& request, httplib::Response& response) {
          return serve_file(root, request, response);
        });
    // Other methods reach the regular handlers only after httplib has read their bodies, so a
    // kept-alive connection stays in step.
    auto not_allowed = [](const httplib::Request&, httplib::Response& response) {
      response.set_header("Allow", "GET, HEAD");
      send_text(response, 405, "405 Method Not Allowed: this server only reads files");
    };
    http.Post(".*", not_allowed);
    http.Put(".*", not_allowed);
    http.Delete(".*", not_allowed);
    http.Patch(".*", not_allowed);
    http.Options(".*", not_allowed);
    if (options.verbose && options.log) {
      http.set_logger(
          [log = options.log](const httplib::Request& request, const httplib::Response& response) {
            std::string line = request.remote_addr + " " + request.method + " " + request.path +
                               " " + std::to_string(response.status);
            if (request.has_header("Range")) line += " (" + request.get_header_value("Range") + ")";
            log(line);
          });
    }
  }

  void bind() {
    if (port != 0) return;
    int bound = options.port == 0
                    ? http.bind_to_any_port(options.bind)
                    : (http.bind_to_port(options.bind, options.port) ? options.port : -1);
    if (bound <= 0) {
      throw ConfigError("cannot listen on " + options.bind + ":" + std::to_string(options.port) +
                        ": the port may be in use or the address not on this machine; choose "
                        "another with --port (0 picks a free one) or --bind");
    }
    port = bound;
  }
};

Server::Server(ServeOptions options) : impl_(std::make_unique<Impl>()) {
  std::error_code error;
  if (!fs::is_directory(options.dir, error)) {
    throw InputError(options.dir, 0, "",
                     "is not a folder; pass the --out folder of hotspot analyse");
  }
  impl_->root = fs::canonical(options.dir);
  impl_->options = std::move(options);
  impl_->configure();
}

Server::~Server() { stop(); }

int Server::start() {
  impl_->bind();
  impl_->thread = std::thread([impl = impl_.get()] {
    impl->http.listen_after_bind();
    impl->thread_finished = true;
  });
  // httplib's stop() does nothing until its accept loop runs, so wait for the loop to start.
  while (!impl_->http.is_running() && !impl_->thread_finished) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return impl_->port;
}

void Server::run(const std::function<void(int port)>& on_listening) {
  impl_->bind();
  if (on_listening) on_listening(impl_->port);
  impl_->http.listen_after_bind();
}

void Server::stop() {
  impl_->http.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

int Server::port() const { return impl_->port; }

void serve(const ServeOptions& options, std::function<void(int port)> on_listening) {
  Server server(options);
  server.run(on_listening);
}

}  // namespace hotspot::serve
