#include "http_checker.hpp"

#include <openssl/ssl.h>

#include <array>
#include <vector>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/write.hpp>

#include "check_keys.hpp"
#include "http_config.hpp"
#include "kept_sockets.hpp"
#include "local_error.hpp"
#include "probe_operation.hpp"
#include "response_parser.hpp"
#include "socket_target.hpp"
#include "stream_connect.hpp"
#include "url_check.hpp"

namespace routerd::checks::http {
namespace {

using boost::asio::ip::tcp;
namespace ssl = boost::asio::ssl;

constexpr int64_t kDefaultBodyLimit = 1024 * 1024;

struct HttpSettings {
    tcp::endpoint endpoint;
    SourceBinding binding;
    std::vector<UrlCheck> urls;
    std::vector<std::string> requests;  // each url's, built once
    std::string virtualhost;            // the checker's; a url's own wins
    size_t body_limit = kDefaultBodyLimit;
    HttpProtocol protocol = HttpProtocol::k11;
    std::optional<TlsOptions> tls;  // none for plain HTTP
};

class HttpOperation : public ProbeOperation {
  public:
    HttpOperation(boost::asio::io_context& io, sdk::ProbeDone done,
                  std::shared_ptr<const HttpSettings> settings)
        : ProbeOperation(io, std::move(done)), settings_(std::move(settings)) {}

  private:
    void begin() override { next_url(); }

    // Closing the socket under a TLS stream too ends a handshake that a silent server
    // would otherwise keep pending (and this operation alive) for ever. The close is a reset,
    // as HAProxy's checks close: the verdict is in, the server has sent its answer (and, with
    // "Connection: close", its FIN), and a FIN exchange would only keep the server's side in
    // TIME_WAIT for each check. A session that ended with close_notify both ways (tls_compliant)
    // closes with a FIN: the peer has closed its side already, so none lingers here either.
    void release() override {
        // Plain HTTP leaves its socket for the next check (the same reset, without a close).
        if (socket_ && settings_->binding.is_default() &&
            boost::asio::use_service<KeptSockets>(io()).keep(*socket_,
                                                             settings_->endpoint.protocol())) {
            socket_.reset();
            return;
        }
        if (socket_ || tls_) {
            boost::system::error_code ignored;
            if (!tls_closed_) socket().set_option(tcp::socket::linger(true, 0), ignored);
            socket().close(ignored);
        }
    }

    const UrlCheck& url() const { return settings_->urls[index_]; }
    tcp::socket& socket() { return tls_ ? tls_->next_layer() : *socket_; }
    void fail(const std::string& why) { finish(false, "GET " + url().path + ": " + why); }

    void next_url() {
        if (index_ == settings_->urls.size()) return finish(true, "");
        parser_.emplace(settings_->body_limit);
        socket_.reset();
        tls_.reset();
        tls_closed_ = false;
        if (settings_->tls) {
            tls_.emplace(io(), *settings_->tls->context);
        } else if (std::optional<tcp::socket> kept =
                       settings_->binding.is_default()
                           ? boost::asio::use_service<KeptSockets>(io()).take(
                                 settings_->endpoint.protocol())
                           : std::nullopt) {
            socket_.emplace(std::move(*kept));
        } else {
            socket_.emplace(io());
        }
        phase("connecting for ", url().path);
        connect_from(socket(), settings_->endpoint, settings_->binding,
                     [self = self<HttpOperation>()](boost::system::error_code ec) {
                         if (self->finished()) return;
                         if (is_local_error(ec)) return self->ProbeOperation::fail("connect", ec);
                         if (ec) return self->fail("connect: " + ec.message());
                         self->tls_ ? self->handshake() : self->send();
                     });
    }

    void handshake() {
        SSL* handle = tls_->native_handle();
        // SNI carries a host name, never an address (RFC 6066 §3): only a virtualhost.
        const std::string name =
            url().virtualhost.empty() ? settings_->virtualhost : url().virtualhost;
        if (settings_->tls->sni && !name.empty()) SSL_set_tlsext_host_name(handle, name.c_str());
        if (settings_->tls->verify) {
            tls_->set_verify_callback(ssl::host_name_verification(
                name.empty() ? settings_->endpoint.address().to_string() : name));
        }
        phase("in the TLS handshake");
        tls_->async_handshake(ssl::stream_base::client,
                              [self = self<HttpOperation>()](boost::system::error_code ec) {
                                  if (self->finished()) return;
                                  if (ec) return self->fail("TLS handshake: " + ec.message());
                                  self->send();
                              });
    }

    void send() {
        const std::string& request = settings_->requests[index_];
        phase("sending the request for ", url().path);
        auto on_sent = [self = self<HttpOperation>()](boost::system::error_code ec, size_t) {
            if (self->finished()) return;
            if (ec) return self->fail("send: " + ec.message());
            self->phase("waiting for the response to ", self->url().path);
            self->receive();
        };
        if (tls_) {
            boost::asio::async_write(*tls_, boost::asio::buffer(request), std::move(on_sent));
        } else {
            boost::asio::async_write(*socket_, boost::asio::buffer(request), std::move(on_sent));
        }
    }

    void receive() {
        auto on_read = [self = self<HttpOperation>()](boost::system::error_code ec, size_t n) {
            if (self->finished()) return;
            self->received(ec, n);
        };
        if (tls_) {
            tls_->async_read_some(boost::asio::buffer(buffer_), std::move(on_read));
        } else {
            socket_->async_read_some(boost::asio::buffer(buffer_), std::move(on_read));
        }
    }

    void received(boost::system::error_code ec, size_t n) {
        using State = ResponseParser::State;
        State state = parser_->feed(std::string_view(buffer_.data(), n));
        // A TLS peer that closes without close_notify (short read) ends the body as a
        // plain close does: the framing (length, chunks) still tells truncation apart.
        if (ec == boost::asio::error::eof || ec == ssl::error::stream_truncated) {
            state = parser_->end_of_stream();
        } else if (ec && state == State::kNeedMore) {
            return fail("receive: " + ec.message());
        }
        if (state == State::kError) return fail(parser_->error());
        // Without a digest or a regex the status decides: no need to wait for the body.
        const bool decided =
            state == State::kComplete || (!url().needs_body() && parser_->headers_done());
        if (!decided) return receive();
        const std::optional<std::string> why = url_failure(
            url(), parser_->status(), state == State::kComplete ? &parser_->body() : nullptr);
        if (why) return fail(*why);
        // keepalived.conf(5) tls_compliant: close_notify (RFC 8446 §6.1) before the close.
        if (tls_ && settings_->tls->compliant) return close_tls();
        url_passed();
    }

    void url_passed() {
        ++index_;
        release();
        next_url();
    }

    // tls_compliant: close_notify, then read until the peer's close_notify (or its bare close,
    // which most servers send right after their response: then there is no answer to wait
    // for). The url has passed already; only the deadline can still fail the attempt.
    void close_tls() {
        phase("closing the TLS session of ", url().path);
        tls_->async_shutdown([self = self<HttpOperation>()](boost::system::error_code) {
            if (self->finished()) return;
            self->tls_closed_ = true;
            self->url_passed();
        });
    }

    std::shared_ptr<const HttpSettings> settings_;
    size_t index_ = 0;
    std::optional<tcp::socket> socket_;
    std::optional<ssl::stream<tcp::socket>> tls_;
    std::optional<ResponseParser> parser_;
    bool tls_closed_ = false;  // close_notify sent and the peer's read (tls_compliant)
    std::array<char, 16 * 1024> buffer_;
};

}  // namespace

std::unique_ptr<sdk::Probe> HttpChecker::create_probe(const sdk::Config& check,
                                                      std::string_view target) {
    CheckKeys keys(check);
    std::optional<SocketTarget> socket = read_socket_target(host(), keys, target, true);
    HttpSettings settings;
    const sdk::Config urls = keys["url"];
    for (const sdk::Config& item : urls.items()) {
        if (std::optional<UrlCheck> url = read_url(item)) {
            settings.urls.push_back(std::move(*url));
        } else {
            keys.invalid();
        }
    }
    if (!urls.present())
        keys.error("url", "is required: one or more { path = \"/\", status_code = 200 } tables");
    settings.virtualhost = read_host(keys).value_or("");
    settings.protocol = read_http_protocol(keys);
    settings.body_limit =
        static_cast<size_t>(keys.integer("body_limit", 1, INT32_MAX).value_or(kDefaultBodyLimit));
    if (tls_) settings.tls = read_tls_options(keys);
    if (!keys.valid()) return nullptr;
    settings.endpoint = tcp::endpoint(socket->endpoint.address, socket->endpoint.port);
    settings.binding = std::move(socket->binding);
    const std::string default_host =
        settings.virtualhost.empty() ? std::string(target) : settings.virtualhost;
    for (const UrlCheck& url : settings.urls) {
        settings.requests.push_back(build_request(
            url.path, url.virtualhost.empty() ? default_host : url.virtualhost, settings.protocol));
    }
    return std::make_unique<OperationProbe<HttpOperation, HttpSettings>>(io(), std::move(settings));
}

}  // namespace routerd::checks::http
