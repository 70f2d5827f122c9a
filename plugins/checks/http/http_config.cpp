#include "http_config.hpp"

#include <sstream>

namespace routerd::checks::http {

namespace ssl = boost::asio::ssl;

std::optional<std::string> read_host(CheckKeys& keys) {
    std::optional<std::string> text = keys.string("virtualhost");
    if (text && !is_request_token(*text)) {
        keys.error("virtualhost", "'" + *text + "' is not a host name");
        return std::nullopt;
    }
    return text;
}

namespace {

// regex_options: keepalived passes them to PCRE2; these two have an ECMAScript equivalent.
std::optional<BodyRegex::Options> read_regex_options(CheckKeys& keys) {
    BodyRegex::Options options;
    bool valid = true;
    // A list of names, or keepalived's space-separated string.
    for (const sdk::Config& item : keys["regex_options"].items()) {
        const std::optional<std::string> text = item.string();
        if (!text) {
            valid = false;
            continue;
        }
        std::istringstream words(*text);
        for (std::string word; words >> word;) {
            if (word == "caseless") {
                options.caseless = true;
            } else if (word == "multiline") {
                options.multiline = true;
            } else {
                item.error("'" + word +
                           "' is not one of caseless, multiline (the other PCRE2 options have "
                           "no equivalent in routerd's ECMAScript regex)");
                valid = false;
            }
        }
    }
    if (!valid) {
        keys.invalid();
        return std::nullopt;
    }
    return options;
}

std::optional<RegexCheck> read_regex(CheckKeys& keys) {
    const std::optional<std::string> pattern = keys.string("regex");
    const std::optional<bool> no_match = keys.boolean("regex_no_match");
    const std::optional<BodyRegex::Options> options = read_regex_options(keys);
    const std::optional<int64_t> min_offset = keys.integer("regex_min_offset", 0, INT32_MAX);
    const std::optional<int64_t> max_offset = keys.integer("regex_max_offset", 0, INT32_MAX);
    if (!keys["regex"].present()) {
        for (const char* key :
             {"regex_no_match", "regex_options", "regex_min_offset", "regex_max_offset"}) {
            if (keys[key].present()) keys.error(key, "has no effect without regex");
        }
        return std::nullopt;
    }
    if (min_offset && max_offset && *min_offset > *max_offset) {
        keys.error("regex_min_offset", std::to_string(*min_offset) +
                                           " is beyond regex_max_offset " +
                                           std::to_string(*max_offset));
    }
    if (!pattern || !options) return std::nullopt;
    std::string error;
    std::optional<BodyRegex> regex = BodyRegex::compile(*pattern, *options, &error);
    if (!regex) {
        keys.error("regex", error);
        return std::nullopt;
    }
    RegexCheck out(std::move(*regex));
    out.no_match = no_match.value_or(false);
    out.min_offset = static_cast<size_t>(min_offset.value_or(0));
    if (max_offset) out.max_offset = static_cast<size_t>(*max_offset);
    return out;
}

}  // namespace

std::optional<UrlCheck> read_url(const sdk::Config& table) {
    if (table.type() != ROUTERD_CONFIG_TABLE) {
        table.error("expected a table: { path = \"/\", status_code = ..., digest = ... }");
        return std::nullopt;
    }
    CheckKeys keys(table);
    UrlCheck url;
    if (std::optional<std::string> path = keys.string("path")) {
        if (!is_request_token(*path) || path->front() != '/')
            keys.error("path", "'" + *path + "' is not a path (it starts with '/', no spaces)");
        url.path = *path;
    }
    const sdk::Config codes = keys["status_code"];
    if (codes.present()) {
        url.status_codes = StatusCodes();
        for (const sdk::Config& item : codes.items()) {
            std::optional<std::string> text;
            if (item.type() == ROUTERD_CONFIG_INTEGER) {
                text = std::to_string(item.integer(INT64_MIN, INT64_MAX).value_or(0));
            } else {
                text = item.string();
            }
            std::string error;
            if (!text) {
                keys.invalid();
            } else if (!url.status_codes.add(*text, &error)) {
                item.error(error);
                keys.invalid();
            }
        }
        if (url.status_codes.empty()) keys.error("status_code", "lists no status code");
    }
    if (std::optional<std::string> digest = keys.string("digest")) {
        url.digest = normalize_digest(*digest);
        if (!url.digest)
            keys.error("digest", "'" + *digest + "' is not an MD5 digest (32 hex digits)");
    }
    url.regex = read_regex(keys);
    url.virtualhost = read_host(keys).value_or("");
    if (!keys.valid()) return std::nullopt;
    return url;
}

HttpProtocol read_http_protocol(CheckKeys& keys) {
    const std::optional<std::string> text = keys.string("http_protocol");
    if (!text) return HttpProtocol::k11;
    const std::optional<HttpProtocol> protocol = parse_http_protocol(*text);
    if (!protocol) keys.error("http_protocol", "'" + *text + "' is not one of 1.0, 1.0C, 1.1");
    return protocol.value_or(HttpProtocol::k11);
}

namespace {

// keepalived.conf(5)'s global SSL { certificate, key, password } block, per check here: the
// certificate SSL_GET presents to a server that asks for one (nginx's ssl_verify_client).
void use_client_certificate(ssl::context& context, CheckKeys& keys) {
    const std::optional<std::string> certificate = keys.string("certificate");
    const std::optional<std::string> key = keys.string("key");
    const std::optional<std::string> password = keys.string("key_password");
    if (!keys["certificate"].present()) {
        for (const char* name : {"key", "key_password"}) {
            if (keys[name].present()) keys.error(name, "has no effect without certificate");
        }
        return;
    }
    if (!certificate || (!key && keys["key"].present())) return;
    // Always answer OpenSSL's password prompt: its default reads the terminal, and an
    // encrypted key without key_password must fail, not wait for someone to type.
    context.set_password_callback([password = password.value_or("")](
                                      size_t, ssl::context::password_purpose) { return password; });
    boost::system::error_code ec;
    context.use_certificate_chain_file(*certificate, ec);
    if (ec) {
        keys.error("certificate", "cannot load '" + *certificate + "': " + ec.message());
        return;
    }
    // Without `key`, the certificate's file holds the key too (one PEM with both).
    const char* key_name = key ? "key" : "certificate";
    const std::string& key_file = key ? *key : *certificate;
    // OpenSSL also refuses a key that does not belong to the certificate ("key values
    // mismatch").
    context.use_private_key_file(key_file, ssl::context::pem, ec);
    if (ec)
        keys.error(key_name, "cannot load a private key from '" + key_file + "': " + ec.message());
}

}  // namespace

std::shared_ptr<ssl::context> make_tls_context(CheckKeys& keys, bool verify) {
    auto context = std::make_shared<ssl::context>(ssl::context::tls_client);
    context->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                         ssl::context::no_sslv3);
    use_client_certificate(*context, keys);
    const std::optional<std::string> ca_file = keys.string("ca_file");
    if (!verify) {
        // Keepalived's SSL_GET checks that the service answers, not who it is.
        context->set_verify_mode(ssl::verify_none);
        if (ca_file) keys.error("ca_file", "has no effect without tls_verify = true");
        return context;
    }
    context->set_verify_mode(ssl::verify_peer);
    boost::system::error_code ec;
    if (ca_file) {
        context->load_verify_file(*ca_file, ec);
        if (ec) keys.error("ca_file", "cannot load '" + *ca_file + "': " + ec.message());
    } else {
        context->set_default_verify_paths(ec);
    }
    return context;
}

TlsOptions read_tls_options(CheckKeys& keys) {
    TlsOptions options;
    options.sni = keys.boolean("enable_sni").value_or(false);
    options.verify = keys.boolean("tls_verify").value_or(false);
    options.compliant = keys.boolean("tls_compliant").value_or(false);
    options.context = make_tls_context(keys, options.verify);
    return options;
}

}  // namespace routerd::checks::http
