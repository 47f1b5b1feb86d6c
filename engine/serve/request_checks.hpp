// Checks on a request before any file is touched: the Host header against the address the server
// is bound to (so a web page that re-points its own DNS name at 127.0.0.1 cannot read the data:
// "DNS rebinding"), and the request target turned into a plain path.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hotspot::serve {

// Which Host header values the server answers. Names compare case-insensitively; any port is
// accepted because only the name decides where a browser's origin points (and SSH or container
// port forwards change the port).
class HostCheck {
 public:
  // `bind_option`: the --bind value as typed (a name or an address literal); `bound_address`: the
  // literal the socket is bound to ("127.0.0.1", "::1", "0.0.0.0", "192.168.1.5");
  // `extra_names`: names the user allowed with --allow-host.
  HostCheck(std::string_view bind_option, std::string_view bound_address,
            std::vector<std::string> extra_names = {});

  // Loopback: 127.0.0.1, [::1], localhost and the bound address itself. A wildcard bind (0.0.0.0,
  // ::): localhost and any address literal, since a literal is not looked up in DNS and so cannot
  // be rebound. Any other address: that address and the --bind name. Plus extra_names always.
  bool allows(std::string_view host_header) const;

 private:
  std::vector<std::string> names_;     // lower case
  std::vector<std::string> literals_;  // normalised address literals, without brackets
  bool any_literal_ = false;
};

// The percent-decoded path of an origin-form request target ("/a%20b/c.json?x=1" gives
// "/a b/c.json"); nullopt for any other form ("*", "http://host/path") or a broken escape.
// Absolute-form is refused so that the Host header is the only authority a request carries.
std::optional<std::string> request_path(std::string_view target);

}  // namespace hotspot::serve
