// The Host check and request-target decoding without sockets, for each kind of bind address.
#include <catch2/catch.hpp>

#include "engine/serve/request_checks.hpp"

using namespace hotspot::serve;

TEST_CASE("bound to loopback, only loopback names and addresses are answered") {
  const HostCheck check("127.0.0.1", "127.0.0.1");
  for (const char* host : {"127.0.0.1", "127.0.0.1:8080", "localhost", "LOCALHOST:8080", "[::1]",
                           "[::1]:8080", "[0::1]:1"}) {
    INFO(host);
    CHECK(check.allows(host));
  }
  for (const char* host :
       {"", "evil.example", "evil.example:8080", "127.0.0.2", "127.1", "0x7f.0.0.1", "localhost.",
        "localhost:", "localhost:abc", "localhost:123456", "[::1]x", "[::1", "::1", "[127.0.0.1]",
        "192.168.1.5", "[::ffff:127.0.0.1]", "localhost:80:80"}) {
    INFO(host);
    CHECK_FALSE(check.allows(host));
  }
}

TEST_CASE("bound to a name, that name is answered too") {
  const HostCheck check("localhost", "127.0.0.1");
  CHECK(check.allows("localhost:9000"));
  CHECK(check.allows("127.0.0.1"));
  const HostCheck lan("laptop.lan", "192.168.1.5");
  CHECK(lan.allows("laptop.lan:8080"));
  CHECK(lan.allows("192.168.1.5:8080"));
  CHECK_FALSE(lan.allows("localhost"));
  CHECK_FALSE(lan.allows("evil.example"));
}

TEST_CASE("bound to one LAN address, that address and the allowed names are answered") {
  const HostCheck check("192.168.1.5", "192.168.1.5", {"Analyst-Laptop.lan"});
  CHECK(check.allows("192.168.1.5"));
  CHECK(check.allows("192.168.1.5:8080"));
  CHECK(check.allows("analyst-laptop.LAN:8080"));
  CHECK_FALSE(check.allows("127.0.0.1"));
  CHECK_FALSE(check.allows("192.168.1.6"));
  CHECK_FALSE(check.allows("evil.example"));
  const HostCheck v6("fe80::1", "fe80::1");
  CHECK(v6.allows("[fe80::1]:8080"));
  CHECK(v6.allows("[FE80:0::1]"));
  CHECK_FALSE(v6.allows("[fe80::2]"));
}

TEST_CASE("bound to every address, any address literal and localhost are answered, no other name") {
  for (const char* bind : {"0.0.0.0", "::"}) {
    INFO(bind);
    const HostCheck check(bind, bind);
    CHECK(check.allows("10.1.2.3:8080"));
    CHECK(check.allows("[2001:db8::7]"));
    CHECK(check.allows("127.0.0.1"));
    CHECK(check.allows("localhost"));
    CHECK_FALSE(check.allows("evil.example"));
    CHECK_FALSE(check.allows("10.1.2.3.nip.io"));
  }
}

TEST_CASE("request targets decode to paths, and other forms and broken escapes are refused") {
  CHECK(request_path("/") == "/");
  CHECK(request_path("/a%20b/c.json?x=1#top") == "/a b/c.json");
  CHECK(request_path("/%2e%2E/x") == "/../x");
  CHECK(request_path("/%41%6a") == "/Aj");
  CHECK(request_path("/a?b%zz") == "/a");
  CHECK_FALSE(request_path("*"));
  CHECK_FALSE(request_path("http://evil.example/data.bin"));
  CHECK_FALSE(request_path(""));
  CHECK_FALSE(request_path("/%"));
  CHECK_FALSE(request_path("/%4"));
  CHECK_FALSE(request_path("/%zz"));
  CHECK_FALSE(request_path("/%4g"));
}
