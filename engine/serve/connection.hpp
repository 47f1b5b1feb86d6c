// One client connection of `hotspot serve`: reads requests under the time and size limits,
// answers them with plan_reply, and streams file slices in bounded chunks. Everything runs on the
// server's one I/O thread, so connections never block each other on a slow client.
#pragma once
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/serializer.hpp>
#include <boost/beast/http/string_body.hpp>
#include <chrono>
#include <fstream>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/serve/reply.hpp"
#include "engine/serve/server.hpp"

namespace hotspot::serve {

class Connection;

// What the connections of one server share. Touched only on the I/O thread.
struct ServerState {
  Site site;
  ServeLimits limits;
  std::function<void(const std::string&)> log;  // empty unless verbose
  std::set<Connection*> open;                   // connections not yet closed
};

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(boost::asio::ip::tcp::socket socket, ServerState& state);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Starts reading the first request; the connection keeps itself alive until it closes.
  void start();
  // Closes the socket at once; pending reads and writes end with an error and the object goes.
  void close();
  // Since when the connection has been waiting for a request (idle, or its head still arriving),
  // or the earliest time point while it lingers after its last answer; nullopt while answering.
  // The server closes the earliest first when it runs out of connections.
  std::optional<std::chrono::steady_clock::time_point> waiting_since() const {
    return waiting_since_;
  }

 private:
  using Parser = boost::beast::http::request_parser<boost::beast::http::string_body>;
  using ResponseHead = boost::beast::http::response<boost::beast::http::empty_body>;
  using HeadSerializer = boost::beast::http::response_serializer<boost::beast::http::empty_body>;

  void read_request();
  void on_header(boost::beast::error_code error);
  void on_body(boost::beast::error_code error);
  void reject(boost::beast::error_code error);
  void answer();
  void send(Reply reply, bool keep_alive);
  void on_head_written(boost::beast::error_code error);
  void send_next_chunk();
  void on_body_written(boost::beast::error_code error, size_t bytes);
  void finish();
  void linger();
  void on_drained(boost::beast::error_code error, size_t bytes);

  ServerState& state_;
  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  std::optional<Parser> parser_;
  Reply reply_;
  std::optional<ResponseHead> head_;
  std::optional<HeadSerializer> serializer_;
  std::ifstream file_;
  std::vector<char> chunk_;
  uint64_t body_bytes_left_ = 0;
  bool keep_alive_ = false;
  bool closed_ = false;
  std::optional<std::chrono::steady_clock::time_point> waiting_since_;
  size_t drained_bytes_ = 0;
  std::string remote_address_;
  std::string request_line_;  // for the log: method, target and any Range
};

}  // namespace hotspot::serve
