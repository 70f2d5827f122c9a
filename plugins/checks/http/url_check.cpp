#include "url_check.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <cctype>

namespace routerd::checks::http {

std::optional<HttpProtocol> parse_http_protocol(std::string_view text) {
    if (text == "1.0") return HttpProtocol::k10;
    if (text == "1.0C" || text == "1.0c") return HttpProtocol::k10Close;  // both, as Keepalived
    if (text == "1.1") return HttpProtocol::k11;
    return std::nullopt;
}

std::string build_request(std::string_view path, std::string_view host, HttpProtocol protocol) {
    std::string out;
    out.reserve(path.size() + host.size() + 80);
    out.append("GET ").append(path);
    out.append(protocol == HttpProtocol::k11 ? " HTTP/1.1" : " HTTP/1.0");
    out.append("\r\nHost: ").append(host).append("\r\nUser-Agent: routerd-check\r\nAccept: */*");
    if (protocol != HttpProtocol::k10) out.append("\r\nConnection: close");
    out.append("\r\n\r\n");
    return out;
}

std::optional<std::string> url_failure(const UrlCheck& url, int status, const std::string* body) {
    if (!url.status_codes.accepts(status)) {
        return "status " + std::to_string(status) + " is not in " + url.status_codes.to_string();
    }
    if (url.digest && body != nullptr) {
        const std::string got = md5_hex(*body);
        if (got != *url.digest) return "body digest " + got + " is not " + *url.digest;
    }
    if (url.regex && body != nullptr) return url.regex->failure(*body);
    return std::nullopt;
}

std::string md5_hex(std::string_view data) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_Digest(data.data(), data.size(), digest, &length, EVP_md5(), nullptr);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < length; ++i) {
        out += kHex[digest[i] >> 4];
        out += kHex[digest[i] & 15];
    }
    return out;
}

std::optional<std::string> normalize_digest(std::string_view text) {
    if (text.size() != 32 || !std::all_of(text.begin(), text.end(), [](char c) {
            return std::isxdigit(static_cast<unsigned char>(c)) != 0;
        })) {
        return std::nullopt;
    }
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](char c) {
        return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    });
    return out;
}

bool is_request_token(std::string_view text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
        return static_cast<unsigned char>(c) > 0x20 && c != 0x7f;
    });
}

}  // namespace routerd::checks::http
