#include "engine/serve/reply.hpp"

#include <boost/beast/http/status.hpp>
#include <system_error>

#include "engine/serve/static_files.hpp"

namespace hotspot::serve {
namespace fs = std::filesystem;

namespace {

std::string_view reason_phrase(int status) {
  namespace http = boost::beast::http;
  const auto reason = http::obsolete_reason(http::int_to_status(static_cast<unsigned>(status)));
  return {reason.data(), reason.size()};
}

void add_file_headers(Reply& reply, const fs::path& file) {
  reply.headers.emplace_back("Content-Type", mime_type_for(file));
  reply.headers.emplace_back("Accept-Ranges", "bytes");
  reply.headers.emplace_back("Cache-Control", "no-cache");  // a re-run of analyse must show at once
}

}  // namespace

Reply text_reply(int status, std::string_view detail) {
  Reply reply;
  reply.status = status;
  reply.text = std::to_string(status) + " " + std::string(reason_phrase(status));
  if (!detail.empty()) reply.text += ": " + std::string(detail);
  reply.text += "\n";
  reply.content_length = reply.text.size();
  reply.headers.emplace_back("Content-Type", "text/plain; charset=utf-8");
  reply.headers.emplace_back("X-Content-Type-Options", "nosniff");
  return reply;
}

Reply plan_reply(const RequestFacts& request, const Site& site) {
  // An answer to HEAD carries the headers of GET and never a body, whatever its status.
  const bool head = request.method == "HEAD";
  auto answer = [head](Reply reply) {
    reply.send_body = !head;
    return reply;
  };
  // RFC 9112 section 3.2: an HTTP/1.1 request without exactly one Host is answered 400.
  if (request.host_values.size() > 1 || (request.version >= 11 && request.host_values.empty())) {
    Reply reply = text_reply(400, "an HTTP/1.1 request needs exactly one Host header");
    reply.close_connection = true;
    return answer(reply);
  }
  if (!request.host_values.empty() && !site.host_check.allows(request.host_values.front())) {
    return answer(text_reply(421,
                             "this server does not answer to that host name; open it by the "
                             "address it printed, or start it with --allow-host NAME"));
  }
  if (request.method != "GET" && !head) {
    Reply reply = text_reply(405, "this server only reads files");
    reply.headers.emplace_back("Allow", "GET, HEAD");
    return reply;
  }
  const std::optional<std::string> path = request_path(request.target);
  if (!path) return answer(text_reply(400, "the request target must be a path starting with /"));
  const ResolvedPath resolved = resolve_request_path(site.root, *path);
  if (resolved.status == PathStatus::forbidden) return answer(text_reply(403));
  if (resolved.status == PathStatus::not_found) return answer(text_reply(404));
  std::error_code error;
  const uint64_t file_size = fs::file_size(resolved.file, error);
  if (error) return answer(text_reply(404));

  // RFC 9110 section 14.2: ranges are defined for GET only; a Range sent twice is not one valid
  // range-set; and as this server sends no validators, no If-Range condition can be shown to
  // hold, so the whole file is the answer.
  RangeDecision range;
  if (!head && request.range_values.size() == 1 && !request.has_if_range) {
    range = decide_range(request.range_values.front(), file_size);
  }
  if (range.status == RangeStatus::unsatisfiable) {
    Reply reply = text_reply(416);
    reply.headers.emplace_back("Content-Range", content_range_header(range, file_size));
    reply.headers.emplace_back("Accept-Ranges", "bytes");
    return reply;
  }
  Reply reply;
  reply.send_body = !head;
  reply.headers.emplace_back("X-Content-Type-Options", "nosniff");
  add_file_headers(reply, resolved.file);
  reply.file = resolved.file;
  if (range.status == RangeStatus::partial) {
    reply.status = 206;
    reply.headers.emplace_back("Content-Range", content_range_header(range, file_size));
    reply.first_byte = range.first_byte;
    reply.content_length = range.length;
  } else {
    reply.status = 200;
    reply.content_length = file_size;
  }
  return reply;
}

}  // namespace hotspot::serve
