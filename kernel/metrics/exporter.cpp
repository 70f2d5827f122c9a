#include "metrics/exporter.hpp"

#include <chrono>

#include <boost/asio/ip/v6_only.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "util/log.hpp"

namespace routerd::metrics {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = boost::asio::ip::tcp;

// A scraper that sends nothing, or reads nothing, for this long is dropped.
constexpr std::chrono::seconds kIdleTimeout{30};
// Scrape requests are small: a larger one is refused by the parser.
constexpr std::uint32_t kRequestLimit = 16 * 1024;

constexpr const char* kContentType = "text/plain; version=0.0.4; charset=utf-8";

// One connection: requests read and answered in turn (HTTP/1.1 keep-alive, as Prometheus
// scrapes).
class Session : public std::enable_shared_from_this<Session> {
  public:
    Session(tcp::socket socket, std::shared_ptr<const Exporter::Scrape> scrape)
        : stream_(std::move(socket)), scrape_(std::move(scrape)) {}

    void read() {
        parser_.emplace();
        parser_->body_limit(kRequestLimit);
        parser_->header_limit(kRequestLimit);
        stream_.expires_after(kIdleTimeout);
        http::async_read(stream_, buffer_, *parser_,
                         [self = shared_from_this()](beast::error_code error, std::size_t) {
                             if (!error) self->answer(self->parser_->release());
                         });
    }

  private:
    void answer(const http::request<http::string_body>& request) {
        auto response = std::make_shared<http::response<http::string_body>>();
        response->version(request.version());
        response->keep_alive(request.keep_alive());
        response->set(http::field::server, "routerd");
        const std::string_view target(request.target().data(), request.target().size());
        const std::string_view path = target.substr(0, target.find('?'));
        if (path != "/metrics") {
            response->result(http::status::not_found);
            response->set(http::field::content_type, "text/plain");
            response->body() = "routerd serves its metrics at /metrics\n";
        } else if (request.method() != http::verb::get && request.method() != http::verb::head) {
            response->result(http::status::method_not_allowed);
            response->set(http::field::allow, "GET, HEAD");
            response->set(http::field::content_type, "text/plain");
            response->body() = "GET /metrics\n";
        } else {
            response->result(http::status::ok);
            response->set(http::field::content_type, kContentType);
            response->body() = (*scrape_)();
        }
        response->prepare_payload();
        if (request.method() == http::verb::head) response->body().clear();
        stream_.expires_after(kIdleTimeout);
        http::async_write(
            stream_, *response,
            [self = shared_from_this(), response](beast::error_code error, std::size_t) {
                if (error || !response->keep_alive()) {
                    beast::error_code ignored;
                    self->stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
                    return;
                }
                self->read();
            });
    }

    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    std::shared_ptr<const Exporter::Scrape> scrape_;  // a session may outlive its exporter
};

}  // namespace

Exporter::Exporter(boost::asio::io_context& io, const tcp::endpoint& endpoint, Scrape scrape)
    : scrape_(std::make_shared<const Scrape>(std::move(scrape))), acceptor_(io), retry_(io) {
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(tcp::acceptor::reuse_address(true));
    if (endpoint.address().is_v6()) acceptor_.set_option(boost::asio::ip::v6_only(true));
    acceptor_.bind(endpoint);
    acceptor_.listen();
    endpoint_ = acceptor_.local_endpoint();
    accept();
}

Exporter::~Exporter() {
    beast::error_code ignored;
    acceptor_.close(ignored);
    retry_.cancel();
}

// The handlers run on the loop's thread, where the exporter is also destroyed: one that finds
// `alive` expired returns without touching it.
void Exporter::accept() {
    acceptor_.async_accept([this, alive = std::weak_ptr<const Scrape>(scrape_)](
                               beast::error_code error, tcp::socket socket) {
        if (alive.expired()) return;
        if (!error) {
            std::make_shared<Session>(std::move(socket), scrape_)->read();
        } else if (error == boost::asio::error::operation_aborted) {
            return;
        } else {
            // Out of descriptors, say: the listener stays and tries again in a moment (at once
            // would spin), the scraper retries.
            logger_for("metrics")->warn("metrics: accept: {}", error.message());
            retry_.expires_after(std::chrono::milliseconds(100));
            retry_.async_wait([this, alive](beast::error_code waited) {
                if (!waited && !alive.expired()) accept();
            });
            return;
        }
        accept();
    });
}

}  // namespace routerd::metrics
