// `hotspot serve DIR`: the viewer and its tiles over HTTP on 127.0.0.1.
#include <iostream>
#include <memory>

#include "engine/cli/commands.hpp"
#include "engine/serve/server.hpp"

namespace hotspot::cli {

void add_serve(CLI::App& app, Commands& commands) {
  struct Flags {
    std::string dir, bind = "127.0.0.1";
    int port = 8080;
    bool verbose = false;
  };
  auto flags = std::make_shared<Flags>();
  CLI::App* command =
      app.add_subcommand("serve", "Serve an analysis folder (viewer + tiles) on 127.0.0.1");
  command->add_option("DIR", flags->dir, "The output folder of hotspot analyse")->required();
  command->add_option("--port", flags->port, "Port (default 8080; 0 picks a free one)");
  command->add_option("--bind", flags->bind,
                      "Address to bind (default 127.0.0.1: this machine only)");
  command->add_flag("--verbose,-v", flags->verbose, "Log every request to stderr");
  commands.handlers.emplace_back(command, [=] {
    serve::ServeOptions options;
    options.dir = flags->dir;
    options.port = flags->port;
    options.bind = flags->bind;
    options.verbose = flags->verbose;
    options.log = [](const std::string& line) { std::cerr << line << "\n"; };
    serve::serve(options, [&](int port) {
      std::cout << "Serving " << flags->dir << " at http://"
                << (flags->bind == "0.0.0.0" ? "127.0.0.1" : flags->bind) << ":" << port << "/"
                << std::endl;
      if (flags->bind != "127.0.0.1" && flags->bind != "localhost")
        std::cerr << "Warning: bound to " << flags->bind
                  << ": other machines can reach this data\n";
      std::cerr << "Press Ctrl+C to stop." << std::endl;
    });
    return 0;
  });
}

}  // namespace hotspot::cli
