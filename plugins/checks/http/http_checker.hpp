#pragma once

#include <routerd/plugin.hpp>

#include "asio_checker.hpp"

namespace routerd::checks::http {

// Keepalived's HTTP_GET (tls = false, plugin "http") and SSL_GET (tls = true, plugin
// "ssl"): GET every `url` in turn on a fresh connection; the target is up when each
// answers with an accepted status (and the configured body digest).
class HttpChecker : public AsioChecker {
  public:
    HttpChecker(sdk::Host host, bool tls) : AsioChecker(host), tls_(tls) {}
    std::unique_ptr<sdk::Probe> create_probe(const sdk::Config& check,
                                             std::string_view target) override;

  private:
    bool tls_;
};

}  // namespace routerd::checks::http
