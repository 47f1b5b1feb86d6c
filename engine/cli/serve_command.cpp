// `hotspot serve DIR`: the viewer and its tiles over HTTP on 127.0.0.1.
#include <iostream>
#include <memory>

#include "engine/cli/commands.hpp"
#include "engine/serve/server.hpp"

namespace hotspot::cli {

namespace {

// The address to print for the user to open: a wildcard bind is reachable on loopback, and an
// IPv6 literal needs brackets in a URL.
std::string browsable_host(const std::string& bind) {
  if (bind == "0.0.0.0" || bind == "::") return "127.0.0.1";
  if (bind.find(':') != std::string::npos) return "[" + bind + "]";
  return bind;
}

}  // namespace

void add_serve(CLI::App& app, Commands& commands) {
  struct Flags {
    std::string dir, bind = "127.0.0.1";
    int port = 8080;
    bool verbose = false;
    std::vector<std::string> allowed_hosts;
  };
  auto flags = std::make_shared<Flags>();
  CLI::App* command =
      app.add_subcommand("serve", "Serve an analysis folder (viewer + tiles) on 127.0.0.1");
  command->add_option("DIR", flags->dir, "The output folder of hotspot analyse")->required();
  command->add_option("--port", flags->port, "Port (default 8080; 0 picks a free one)");
  command->add_option("--bind", flags->bind,
                      "Address to bind (default 127.0.0.1: this machine only)");
  command->add_option("--allow-host", flags->allowed_hosts,
                      "Also answer requests addressed to this host name (e.g. the machine's "
                      "LAN name with --bind); other names get 421");
  command->add_flag("--verbose,-v", flags->verbose, "Log every request to stderr");
  commands.handlers.emplace_back(command, [=] {
    serve::ServeOptions options;
    options.dir = flags->dir;
    options.port = flags->port;
    options.bind = flags->bind;
    options.verbose = flags->verbose;
    options.allowed_hosts = flags->allowed_hosts;
    options.log = [](const std::string& line) { std::cerr << line << "\n"; };
    serve::serve(options, [&](int port) {
      std::cout << "Serving " << flags->dir << " at http://" << browsable_host(flags->bind) << ":"
                << port << "/" << std::endl;
      if (flags->bind != "127.0.0.1" && flags->bind != "localhost" && flags->bind != "::1")
        std::cerr << "Warning: bound to " << flags->bind
                  << ": other machines can reach this data\n";
      std::cerr << "Press Ctrl+C to stop." << std::endl;
    });
    return 0;
  });
}

}  // namespace hotspot::cli
