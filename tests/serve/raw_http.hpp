// A bare TCP client for serve tests that must send exact bytes (malformed headers, slow drips,
// huge declared bodies) and read the raw answer. Every wait has a deadline, so a server that
// misbehaves fails the test instead of hanging it.
#pragma once
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

struct RawResponse {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  bool has(std::string_view name) const { return find(name) != nullptr; }
  std::string header(std::string_view name) const {
    const std::string* value = find(name);
    return value ? *value : std::string();
  }

 private:
  const std::string* find(std::string_view name) const {
    for (const auto& [key, value] : headers) {
      if (key.size() == name.size() &&
          std::equal(key.begin(), key.end(), name.begin(),
                     [](char a, char b) { return std::tolower(a) == std::tolower(b); })) {
        return &value;
      }
    }
    return nullptr;
  }
};

class RawConnection {
 public:
  // Connects to 127.0.0.1:port; `receive_buffer_bytes` > 0 shrinks the socket's receive buffer
  // (set before connecting) so a client that stops reading backs the server up quickly.
  explicit RawConnection(int port, int receive_buffer_bytes = 0) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd_ < 0) throw std::runtime_error("socket() failed");
    if (receive_buffer_bytes > 0) {
      ::setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &receive_buffer_bytes, sizeof receive_buffer_bytes);
    }
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
      ::close(fd_);
      throw std::runtime_error("cannot connect to the test server");
    }
  }
  ~RawConnection() {
    if (fd_ >= 0) ::close(fd_);
  }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  // False once the server has closed or reset the connection.
  bool send(std::string_view bytes) {
    while (!bytes.empty()) {
      const ssize_t sent = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (sent <= 0) return false;
      bytes.remove_prefix(static_cast<size_t>(sent));
    }
    return true;
  }

  // One response: status line, headers and Content-Length bytes of body (none when `head`).
  // nullopt when the connection closes or the deadline passes first.
  std::optional<RawResponse> read_response(std::chrono::milliseconds timeout, bool head = false) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    size_t head_end;
    while ((head_end = pending_.find("\r\n\r\n")) == std::string::npos) {
      if (!receive(deadline)) return std::nullopt;
    }
    RawResponse response;
    const std::string head_text = pending_.substr(0, head_end);
    pending_.erase(0, head_end + 4);
    size_t line_end = head_text.find("\r\n");
    const std::string status_line = head_text.substr(0, line_end);
    if (status_line.rfind("HTTP/1.", 0) != 0 || status_line.size() < 12) return std::nullopt;
    response.status = std::stoi(status_line.substr(9, 3));
    while (line_end != std::string::npos) {
      const size_t start = line_end + 2;
      line_end = head_text.find("\r\n", start);
      const std::string line = head_text.substr(start, line_end - start);
      const size_t colon = line.find(':');
      if (colon == std::string::npos) continue;
      std::string value = line.substr(colon + 1);
      value.erase(0, value.find_first_not_of(" \t"));
      response.headers.emplace_back(line.substr(0, colon), value);
    }
    size_t length = 0;
    if (!head && response.has("Content-Length"))
      length = std::stoull(response.header("Content-Length"));
    while (pending_.size() < length) {
      if (!receive(deadline)) return std::nullopt;
    }
    response.body = pending_.substr(0, length);
    pending_.erase(0, length);
    return response;
  }

  // True when the server closes (or resets) the connection within `timeout`; bytes it sends
  // first are discarded.
  bool closed_within(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      if (!receive(deadline)) return !timed_out_;
      pending_.clear();
    }
    return false;
  }

 private:
  // Appends what arrives before the deadline; false on close, error or timeout.
  bool receive(std::chrono::steady_clock::time_point deadline) {
    timed_out_ = false;
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      timed_out_ = true;
      return false;
    }
    pollfd poll_fd{fd_, POLLIN, 0};
    const int ready = ::poll(&poll_fd, 1, static_cast<int>(left.count()));
    if (ready == 0) {
      timed_out_ = true;
      return false;
    }
    if (ready < 0) return false;
    char buffer[64 * 1024];
    const ssize_t received = ::recv(fd_, buffer, sizeof buffer, 0);
    if (received <= 0) return false;
    pending_.append(buffer, static_cast<size_t>(received));
    return true;
  }

  int fd_ = -1;
  std::string pending_;
  bool timed_out_ = false;
};

// Sends `request` on a fresh connection and reads one response (10 s at most).
inline std::optional<RawResponse> round_trip(int port, std::string_view request,
                                             bool head = false) {
  RawConnection connection(port);
  if (!connection.send(request)) return std::nullopt;
  return connection.read_response(std::chrono::seconds(10), head);
}
