// ssl: Keepalived's SSL_GET — HTTP_GET over TLS (OpenSSL), with enable_sni, and tls_verify
// with ca_file for those who want the certificate checked too.
#include "http_checker.hpp"

namespace {
class TlsHttpChecker : public routerd::checks::http::HttpChecker {
  public:
    explicit TlsHttpChecker(routerd::sdk::Host host) : HttpChecker(host, true) {}
};
}  // namespace

ROUTERD_PLUGIN(registrar) {
    registrar.add<TlsHttpChecker>("ssl", "1.0.0");
}
