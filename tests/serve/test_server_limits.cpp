// No client can hold `hotspot serve`: slow senders are cut off at the request deadline and never
// block others, connections beyond the cap make room or are refused, bodies over the limit are
// refused unread, and many concurrent readers all get their bytes. The time bounds here are
// generous liveness checks, not speed targets.
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <future>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "raw_http.hpp"
#include "running_server.hpp"

using namespace std::chrono_literals;
using hotspot::serve::ServeLimits;

namespace {

constexpr const char* kRequest = "GET /data.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

// Clients that send a request one byte a second, from a background task, until stopped.
class SlowClients {
 public:
  SlowClients(int port, int count) {
    for (int i = 0; i < count; ++i) connections_.push_back(std::make_unique<RawConnection>(port));
    dripping_ = std::async(std::launch::async, [this] {
      const std::string request = kRequest;
      for (size_t at = 0; !stop_ && at < request.size(); ++at) {
        for (auto& connection : connections_) connection->send(request.substr(at, 1));
        for (int tick = 0; tick < 10 && !stop_; ++tick) std::this_thread::sleep_for(100ms);
      }
    });
  }
  ~SlowClients() {
    stop_ = true;
    dripping_.wait();
  }
  std::vector<std::unique_ptr<RawConnection>>& connections() { return connections_; }

 private:
  std::vector<std::unique_ptr<RawConnection>> connections_;
  std::atomic<bool> stop_{false};
  std::future<void> dripping_;
};

// Ordinary requests from a fresh client; returns how many got the whole file.
int normal_requests(int port, int count) {
  httplib::Client client("127.0.0.1", port);
  client.set_read_timeout(10, 0);
  client.set_connection_timeout(10, 0);
  int good = 0;
  for (int i = 0; i < count; ++i) {
    auto result = client.Get("/data.bin");
    if (result && result->status == 200 && result->body == TempSite::data_bytes()) ++good;
  }
  return good;
}

}  // namespace

TEST_CASE("a client sending its request a byte a second does not hold up other clients") {
  SECTION("under the connection cap") {
    RunningServer running;
    SlowClients slow(running.port(), 20);
    const auto started = std::chrono::steady_clock::now();
    CHECK(normal_requests(running.port(), 10) == 10);
    CHECK(std::chrono::steady_clock::now() - started < 10s);
  }
  SECTION("with more slow clients than the cap allows") {
    ServeLimits limits;
    limits.max_connections = 8;
    RunningServer running(limits);
    SlowClients slow(running.port(), 16);
    const auto started = std::chrono::steady_clock::now();
    CHECK(normal_requests(running.port(), 10) == 10);
    CHECK(std::chrono::steady_clock::now() - started < 10s);
  }
}

TEST_CASE("a client that does not finish its request in time is disconnected") {
  ServeLimits limits;
  limits.request_timeout = 1s;
  RunningServer running(limits);
  SECTION("a slow drip") {
    SlowClients slow(running.port(), 3);
    for (auto& connection : slow.connections()) CHECK(connection->closed_within(10s));
  }
  SECTION("a connection that never sends") {
    RawConnection silent(running.port());
    CHECK(silent.closed_within(10s));
  }
  SECTION("an idle kept-alive connection after its answer") {
    RawConnection idle(running.port());
    REQUIRE(idle.send(kRequest));
    auto response = idle.read_response(10s);
    REQUIRE(response);
    CHECK(response->status == 200);
    CHECK(idle.closed_within(10s));
  }
  SECTION("a body that trickles in") {
    RawConnection trickle(running.port());
    REQUIRE(
        trickle.send("GET /data.bin HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n"));
    bool closed = false;
    for (int second = 0; second < 10 && !closed; ++second) {
      trickle.send("x");
      closed = trickle.closed_within(1s);
    }
    CHECK(closed);
  }
}

TEST_CASE("beyond the cap, busy connections are kept and newcomers get 503 until one ends") {
  ServeLimits limits;
  limits.max_connections = 2;
  limits.send_timeout = 1s;
  RunningServer running(limits);
  running.site.put_sparse("big.bin", 64ull * 1024 * 1024);
  // Two clients ask for a large file and never read: their answers stall, so they stay busy.
  std::vector<std::unique_ptr<RawConnection>> stalled;
  for (int i = 0; i < 2; ++i) {
    stalled.push_back(std::make_unique<RawConnection>(running.port(), 4096));
    REQUIRE(stalled.back()->send("GET /big.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
  }
  for (auto& connection : stalled) {  // both answers have begun: the connections are busy
    auto head = connection->read_response(10s, true);
    REQUIRE(head);
    CHECK(head->status == 200);
  }
  auto refused = round_trip(running.port(), kRequest);
  REQUIRE(refused);
  CHECK(refused->status == 503);
  CHECK(refused->header("Retry-After") == "1");
  // The send deadline ends the stalled answers (neither client reads meanwhile, since reading
  // would let its answer go on), and the server takes new clients again.
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  int status = 0;
  while (status != 200 && std::chrono::steady_clock::now() < deadline) {
    auto response = round_trip(running.port(), kRequest);
    status = response ? response->status : 0;
    if (status != 200) std::this_thread::sleep_for(100ms);
  }
  CHECK(status == 200);
  for (auto& connection : stalled) CHECK(connection->closed_within(10s));
}

TEST_CASE("request bodies over the limit are refused with 413 before they are read") {
  RunningServer running;
  SECTION("a declared 300 MB body: the answer comes before the body is sent") {
    for (const char* method : {"POST", "GET", "PUT"}) {
      INFO(method);
      RawConnection connection(running.port());
      REQUIRE(connection.send(std::string(method) +
                              " /data.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                              "Content-Length: 300000000\r\n\r\n" +
                              std::string(1000, 'x')));
      auto response = connection.read_response(10s);
      REQUIRE(response);
      CHECK(response->status == 413);
      CHECK(response->header("Connection") == "close");
      CHECK(connection.closed_within(10s));
    }
  }
  SECTION("a chunked body that grows past the limit") {
    RawConnection connection(running.port());
    REQUIRE(
        connection.send("POST /data.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        "Transfer-Encoding: chunked\r\n\r\n"));
    const std::string chunk = "1000\r\n" + std::string(4096, 'x') + "\r\n";
    for (int i = 0; i < 4; ++i) connection.send(chunk);  // 16 KiB, twice the limit
    auto response = connection.read_response(10s);
    REQUIRE(response);
    CHECK(response->status == 413);
  }
  SECTION("a small body is read and dropped, and the connection stays usable") {
    RawConnection connection(running.port());
    REQUIRE(
        connection.send("GET /data.bin HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\n\r\n"
                        "hello" +
                        std::string(kRequest)));
    auto first = connection.read_response(10s);
    auto second = connection.read_response(10s);
    REQUIRE(first);
    REQUIRE(second);
    CHECK(first->status == 200);
    CHECK(second->status == 200);
    CHECK(second->body == TempSite::data_bytes());
  }
}

TEST_CASE("a request head over the limit gets 431 and the connection closes") {
  RunningServer running;
  RawConnection connection(running.port());
  REQUIRE(connection.send("GET /data.bin HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: " +
                          std::string(20 * 1024, 'a') + "\r\n\r\n"));
  auto response = connection.read_response(10s);
  REQUIRE(response);
  CHECK(response->status == 431);
  CHECK(connection.closed_within(10s));
}

TEST_CASE("200 concurrent range readers all get exactly their bytes") {
  RunningServer running;
  std::string archive(512 * 1024, '\0');
  std::mt19937 random(20180601);
  for (char& byte : archive) byte = static_cast<char>(random() & 0xff);
  running.site.put("archive.pmtiles", archive);

  constexpr int kReaders = 200;
  constexpr int kRequestsEach = 5;
  std::atomic<int> ready{0};
  std::vector<std::future<std::string>> readers;  // each returns its first error, or ""
  for (int reader = 0; reader < kReaders; ++reader) {
    readers.push_back(std::async(std::launch::async, [&, reader]() -> std::string {
      httplib::Client client("127.0.0.1", running.port());
      client.set_read_timeout(30, 0);
      client.set_connection_timeout(30, 0);
      std::mt19937 picks(static_cast<unsigned>(reader));
      ++ready;
      while (ready < kReaders) std::this_thread::sleep_for(1ms);  // start together
      for (int request = 0; request < kRequestsEach; ++request) {
        const size_t first = picks() % archive.size();
        const size_t length = 1 + picks() % 16384;
        const size_t last = std::min(first + length, archive.size()) - 1;
        const std::string range = "bytes=" + std::to_string(first) + "-" + std::to_string(last);
        auto result = client.Get("/archive.pmtiles", httplib::Headers{{"Range", range}});
        if (!result) return range + ": " + httplib::to_string(result.error());
        if (result->status != 206) return range + ": status " + std::to_string(result->status);
        if (result->body != archive.substr(first, last - first + 1)) return range + ": wrong bytes";
      }
      return "";
    }));
  }
  const auto deadline = std::chrono::steady_clock::now() + 60s;
  int failures = 0;
  for (auto& reader : readers) {
    REQUIRE(reader.wait_until(deadline) == std::future_status::ready);
    const std::string error = reader.get();
    if (!error.empty()) {
      ++failures;
      UNSCOPED_INFO(error);
    }
  }
  CHECK(failures == 0);
}
