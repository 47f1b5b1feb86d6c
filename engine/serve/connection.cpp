#include "engine/serve/connection.hpp"

#include <boost/asio/write.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <cstdio>
#include <ctime>

namespace hotspot::serve {
namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

namespace {

constexpr size_t kChunkBytes = 64 * 1024;
// After an answer that closes the connection, unread request bytes are drained for a moment so
// the kernel does not reset the connection before the client has read the answer.
constexpr std::chrono::seconds kLingerTime{2};
constexpr size_t kMaxDrainedBytes = 1024 * 1024;

std::string_view as_std(beast::string_view text) { return {text.data(), text.size()}; }

// RFC 9110 section 5.6.7 IMF-fixdate. Names spelled out because strftime follows the locale.
std::string http_date() {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[40];
  std::snprintf(text, sizeof text, "%s, %02d %s %04d %02d:%02d:%02d GMT", kDays[utc.tm_wday],
                utc.tm_mday, kMonths[utc.tm_mon], utc.tm_year + 1900, utc.tm_hour, utc.tm_min,
                utc.tm_sec);
  return text;
}

// Request text in the log is the client's: anything but printable ASCII is escaped, so a request
// cannot write control sequences to the analyst's terminal.
std::string printable(std::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    if (c > 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
    } else {
      char escaped[4];
      std::snprintf(escaped, sizeof escaped, "%%%02X", c);
      out += escaped;
    }
  }
  return out;
}

bool is_disconnect(beast::error_code error) {
  return error == http::error::end_of_stream || error == net::error::operation_aborted ||
         error == beast::error::timeout || error == net::error::connection_reset ||
         error == net::error::eof || error == net::error::bad_descriptor;
}

}  // namespace

Connection::Connection(net::ip::tcp::socket socket, ServerState& state)
    : state_(state), stream_(std::move(socket)) {
  beast::error_code error;
  remote_address_ = stream_.socket().remote_endpoint(error).address().to_string();
  // Headers and body go out in separate writes; Nagle's algorithm would hold the second one back
  // until the client's delayed acknowledgement.
  stream_.socket().set_option(net::ip::tcp::no_delay(true), error);
  state_.open.insert(this);
}

Connection::~Connection() { state_.open.erase(this); }

void Connection::start() { read_request(); }

void Connection::close() {
  if (closed_) return;
  closed_ = true;
  waiting_since_.reset();
  state_.open.erase(this);
  beast::error_code ignored;
  stream_.socket().shutdown(net::ip::tcp::socket::shutdown_both, ignored);
  stream_.close();
}

void Connection::read_request() {
  parser_.emplace();
  parser_->header_limit(static_cast<std::uint32_t>(state_.limits.max_header_bytes));
  parser_->body_limit(state_.limits.max_body_bytes);
  request_line_ = "-";
  waiting_since_ = std::chrono::steady_clock::now();
  // One deadline for the head and any body: a client sending a byte a second runs out of time.
  stream_.expires_after(state_.limits.request_timeout);
  http::async_read_header(
      stream_, buffer_, *parser_,
      [self = shared_from_this()](beast::error_code error, size_t) { self->on_header(error); });
}

void Connection::on_header(beast::error_code error) {
  if (error) return reject(error);
  const auto& request = parser_->get();
  request_line_ =
      printable(as_std(request.method_string())) + " " + printable(as_std(request.target()));
  if (auto range = request.find(http::field::range); range != request.end()) {
    request_line_ += " (" + printable(as_std(range->value())) + ")";
  }
  // A declared length over the limit is refused before a byte of the body is read.
  if (const auto length = parser_->content_length();
      length && *length > state_.limits.max_body_bytes) {
    return send(text_reply(413, "this server only reads files; requests carry no data"), false);
  }
  if (parser_->is_done()) return answer();
  http::async_read(stream_, buffer_, *parser_,
                   [self = shared_from_this()](beast::error_code read_error, size_t) {
                     self->on_body(read_error);
                   });
}

void Connection::on_body(beast::error_code error) {
  if (error) return reject(error);
  answer();
}

void Connection::reject(beast::error_code error) {
  waiting_since_.reset();
  if (closed_ || is_disconnect(error)) return close();
  if (error == http::error::header_limit) {
    return send(text_reply(431, "the request head is larger than this server accepts"), false);
  }
  if (error == http::error::body_limit) {
    return send(text_reply(413, "this server only reads files; requests carry no data"), false);
  }
  return send(text_reply(400, "the request is not valid HTTP/1.1"), false);
}

void Connection::answer() {
  waiting_since_.reset();
  const auto& request = parser_->get();
  RequestFacts facts;
  facts.method = as_std(request.method_string());
  facts.target = as_std(request.target());
  facts.version = static_cast<int>(request.version());
  for (const auto& field : request) {
    if (field.name() == http::field::host) facts.host_values.push_back(as_std(field.value()));
    if (field.name() == http::field::range) facts.range_values.push_back(as_std(field.value()));
    if (field.name() == http::field::if_range) facts.has_if_range = true;
  }
  Reply reply = plan_reply(facts, state_.site);
  // HTTP/1.0 keep-alive needs its own response header; those clients simply reconnect.
  const bool keep_alive = request.version() >= 11 && request.keep_alive();
  send(std::move(reply), keep_alive);
}

void Connection::send(Reply reply, bool keep_alive) {
  waiting_since_.reset();
  reply_ = std::move(reply);
  keep_alive_ = keep_alive && !reply_.close_connection;
  body_bytes_left_ = reply_.send_body ? reply_.content_length : 0;
  if (!reply_.file.empty() && body_bytes_left_ > 0) {
    file_ = std::ifstream(reply_.file, std::ios::binary);
    file_.seekg(static_cast<std::streamoff>(reply_.first_byte));
    if (!file_) {  // removed between the decision and now
      const bool head_only = !reply_.send_body;
      reply_ = text_reply(404);
      reply_.send_body = !head_only;
      body_bytes_left_ = reply_.send_body ? reply_.content_length : 0;
    }
  }
  // Until the answer is out, closing means a reset: if the client stops reading and the send
  // deadline closes the socket, the megabytes still queued for it are dropped at once instead of
  // being trickled out by the kernel. finish() restores an orderly close.
  beast::error_code ignored;
  stream_.socket().set_option(net::socket_base::linger(true, 0), ignored);
  head_.emplace(http::int_to_status(static_cast<unsigned>(reply_.status)), 11);
  for (const auto& [name, value] : reply_.headers) head_->set(name, value);
  head_->set(http::field::date, http_date());
  head_->content_length(reply_.content_length);
  head_->keep_alive(keep_alive_);
  serializer_.emplace(*head_);
  stream_.expires_after(state_.limits.send_timeout);
  http::async_write_header(stream_, *serializer_,
                           [self = shared_from_this()](beast::error_code error, size_t) {
                             self->on_head_written(error);
                           });
}

void Connection::on_head_written(beast::error_code error) {
  if (error) return close();
  if (body_bytes_left_ == 0) return finish();
  if (reply_.file.empty()) {
    stream_.expires_after(state_.limits.send_timeout);
    net::async_write(stream_, net::buffer(reply_.text),
                     [self = shared_from_this()](beast::error_code write_error, size_t) {
                       if (write_error) return self->close();
                       self->finish();
                     });
    return;
  }
  send_next_chunk();
}

void Connection::send_next_chunk() {
  chunk_.resize(static_cast<size_t>(std::min<uint64_t>(body_bytes_left_, kChunkBytes)));
  file_.read(chunk_.data(), static_cast<std::streamsize>(chunk_.size()));
  const auto read = file_.gcount();
  // The file shrank after its length was sent: the answer cannot be completed honestly.
  if (read <= 0) return close();
  stream_.expires_after(state_.limits.send_timeout);
  net::async_write(stream_, net::buffer(chunk_.data(), static_cast<size_t>(read)),
                   [self = shared_from_this()](beast::error_code error, size_t bytes) {
                     self->on_body_written(error, bytes);
                   });
}

void Connection::on_body_written(beast::error_code error, size_t bytes) {
  if (error) return close();
  body_bytes_left_ -= bytes;
  if (body_bytes_left_ > 0) return send_next_chunk();
  finish();
}

void Connection::finish() {
  file_ = std::ifstream();
  beast::error_code ignored;
  stream_.socket().set_option(net::socket_base::linger(false, 0), ignored);
  if (state_.log) {
    state_.log(remote_address_ + " " + request_line_ + " " + std::to_string(reply_.status));
  }
  if (keep_alive_) return read_request();
  linger();
}

void Connection::linger() {
  // A lingering connection has nothing left to give a client: the first to go at the cap.
  waiting_since_ = std::chrono::steady_clock::time_point::min();
  beast::error_code ignored;
  stream_.socket().shutdown(net::ip::tcp::socket::shutdown_send, ignored);
  stream_.expires_after(kLingerTime);
  chunk_.resize(16 * 1024);
  stream_.async_read_some(net::buffer(chunk_),
                          [self = shared_from_this()](beast::error_code error, size_t bytes) {
                            self->on_drained(error, bytes);
                          });
}

void Connection::on_drained(beast::error_code error, size_t bytes) {
  drained_bytes_ += bytes;
  if (error || closed_ || drained_bytes_ > kMaxDrainedBytes) return close();
  stream_.async_read_some(net::buffer(chunk_),
                          [self = shared_from_this()](beast::error_code next_error, size_t next) {
                            self->on_drained(next_error, next);
                          });
}

}  // namespace hotspot::serve
