#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "body_regex.hpp"
#include "status_codes.hpp"

namespace routerd::checks::http {

// One `url` of an HTTP_GET / SSL_GET check (keepalived.conf(5)): the path to GET, the
// status codes it accepts, and optionally the MD5 digest its body must have (as
// Keepalived's genhash prints it: 32 lowercase hex digits) and a regex to find in it.
struct UrlCheck {
    std::string path = "/";
    StatusCodes status_codes = StatusCodes::defaults();
    std::optional<std::string> digest;  // lowercase hex
    std::optional<RegexCheck> regex;
    std::string virtualhost;  // empty: the checker's, else the target address

    // Whether the verdict needs the whole body (else the status line decides).
    bool needs_body() const { return digest || regex; }
};

// keepalived.conf(5)'s http_protocol: "1.0", "1.0C" (1.0 with "Connection: close") or "1.1"
// (which always says "Connection: close"). Keepalived defaults to 1.0; routerd to 1.1.
enum class HttpProtocol { k10, k10Close, k11 };
std::optional<HttpProtocol> parse_http_protocol(std::string_view text);

// "GET path HTTP/1.x" with Host, and Connection: close unless plain 1.0 (whose connections
// close anyway): one request per connection, so the end of the body is never ambiguous even
// for servers that ignore Content-Length.
std::string build_request(std::string_view path, std::string_view host, HttpProtocol protocol);

// Why a response fails the URL, or nullopt when it passes. `body` is null when only the
// status is known (the URL does not need_body()).
std::optional<std::string> url_failure(const UrlCheck& url, int status, const std::string* body);

// The lowercase hex MD5 of `data` (what genhash computes over a response body).
std::string md5_hex(std::string_view data);

// Validates a digest as written in the configuration; returns it in lowercase.
std::optional<std::string> normalize_digest(std::string_view text);

// Whether `text` can go into a request line or a header value unchanged: no controls, no
// spaces (a path or a host name, not a request injection).
bool is_request_token(std::string_view text);

}  // namespace routerd::checks::http
