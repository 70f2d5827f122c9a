#pragma once

#include <routerd/plugin.hpp>

#include <memory>
#include <optional>
#include <string>

#include <boost/asio/ssl/context.hpp>

#include "check_keys.hpp"
#include "url_check.hpp"

namespace routerd::checks::http {

// The HTTP_GET / SSL_GET keys of a check table (keepalived.conf(5)); each reports its
// mistakes with file:line:col and counts them in `keys`.

// `virtualhost`: a host name for the Host header (and SNI), a token, nothing to inject.
std::optional<std::string> read_host(CheckKeys& keys);

// One `url` table: path, status_code, digest, virtualhost, and the regex keys.
std::optional<UrlCheck> read_url(const sdk::Config& table);

// `http_protocol` ("1.0", "1.0C", "1.1"; default 1.1).
HttpProtocol read_http_protocol(CheckKeys& keys);

// The TLS client context of an SSL_GET check: `tls_verify` with `ca_file`, and the client
// certificate (`certificate`, `key`, `key_password`) for servers that ask for one.
std::shared_ptr<boost::asio::ssl::context> make_tls_context(CheckKeys& keys, bool verify);

// The TLS keys of an SSL_GET check.
struct TlsOptions {
    std::shared_ptr<boost::asio::ssl::context> context;
    bool sni = false;     // enable_sni: send the virtualhost as the server name
    bool verify = false;  // tls_verify
    // tls_compliant (Keepalived 2.2.8): end each session with close_notify and wait for the
    // peer's, rather than resetting the connection once the answer is in.
    bool compliant = false;
};
TlsOptions read_tls_options(CheckKeys& keys);

}  // namespace routerd::checks::http
