// A `hotspot serve` server on a free loopback port over a TempSite, with an httplib client for
// ordinary requests; tests that need exact bytes use raw_http.hpp against server.port().
#pragma once
#include <httplib.h>

#include <string>
#include <vector>

#include "engine/serve/server.hpp"
#include "temp_site.hpp"

struct RunningServer {
  TempSite site;
  std::vector<std::string> log_lines;  // written on the server's thread; read after stop()
  hotspot::serve::Server server;
  httplib::Client client;

  explicit RunningServer(hotspot::serve::ServeLimits limits = {}, bool verbose = false,
                         std::vector<std::string> allowed_hosts = {})
      : server(options(site, limits, verbose, std::move(allowed_hosts), log_lines)),
        client("127.0.0.1", server.start()) {
    client.set_url_encode(false);  // send traversal attempts exactly as written
    client.set_read_timeout(10, 0);
  }

  int port() const { return server.port(); }

 private:
  static hotspot::serve::ServeOptions options(const TempSite& site,
                                              hotspot::serve::ServeLimits limits, bool verbose,
                                              std::vector<std::string> allowed_hosts,
                                              std::vector<std::string>& log_lines) {
    hotspot::serve::ServeOptions options;
    options.dir = site.root().string();
    options.port = 0;
    options.verbose = verbose;
    options.log = [&log_lines](const std::string& line) { log_lines.push_back(line); };
    options.allowed_hosts = std::move(allowed_hosts);
    options.limits = limits;
    return options;
  }
};
