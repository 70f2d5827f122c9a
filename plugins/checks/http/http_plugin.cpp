// http: Keepalived's HTTP_GET (keepalived.conf(5), "HTTP and SSL healthcheckers").
#include "http_checker.hpp"

namespace {
class PlainHttpChecker : public routerd::checks::http::HttpChecker {
  public:
    explicit PlainHttpChecker(routerd::sdk::Host host) : HttpChecker(host, false) {}
};
}  // namespace

ROUTERD_PLUGIN(registrar) {
    registrar.add<PlainHttpChecker>("http", "1.0.0");
}
