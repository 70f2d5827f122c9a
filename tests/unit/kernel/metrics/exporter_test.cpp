// The exporter over real HTTP on loopback: GET /metrics with the text format's content type,
// keep-alive, HEAD, and the answers to other paths and methods.
#include "metrics/exporter.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace routerd::metrics {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = boost::asio::ip::tcp;

class ExporterTest : public ::testing::Test {
  protected:
    ~ExporterTest() override {
        loop.stop();
        serving.join();
    }
    std::atomic<int> scrapes{0};
    boost::asio::io_context loop;  // the exporter's, as routerd's main loop
    Exporter exporter{loop, tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0),
                      [this] { return "m " + std::to_string(++scrapes) + "\n"; }};
    std::thread serving{[this] { loop.run(); }};
    boost::asio::io_context io;
    beast::tcp_stream stream{io};
    beast::flat_buffer buffer;

    void SetUp() override {
        stream.expires_after(std::chrono::seconds(30));
        stream.connect(exporter.endpoint());
    }
    http::response<http::string_body> ask(http::verb verb, const std::string& target,
                                          bool keep_alive = true) {
        http::request<http::string_body> request{verb, target, 11};
        request.set(http::field::host, "localhost");
        request.keep_alive(keep_alive);
        http::write(stream, request);
        http::response<http::string_body> response;
        if (verb == http::verb::head) {
            http::response_parser<http::string_body> parser;
            parser.skip(true);
            http::read(stream, buffer, parser);
            return parser.release();
        }
        http::read(stream, buffer, response);
        return response;
    }
};

TEST_F(ExporterTest, ServesMetricsInTheTextFormat) {
    EXPECT_NE(exporter.endpoint().port(), 0);
    const auto response = ask(http::verb::get, "/metrics");
    EXPECT_EQ(response.result(), http::status::ok);
    EXPECT_EQ(response[http::field::content_type], "text/plain; version=0.0.4; charset=utf-8");
    EXPECT_EQ(response.body(), "m 1\n");
}

TEST_F(ExporterTest, KeepsTheConnectionForTheNextScrape) {
    EXPECT_EQ(ask(http::verb::get, "/metrics").body(), "m 1\n");
    EXPECT_EQ(ask(http::verb::get, "/metrics?x=1").body(), "m 2\n");  // query ignored
    EXPECT_EQ(ask(http::verb::get, "/metrics", false).body(), "m 3\n");
}

TEST_F(ExporterTest, HeadAnswersWithoutABody) {
    const auto response = ask(http::verb::head, "/metrics");
    EXPECT_EQ(response.result(), http::status::ok);
    EXPECT_TRUE(response.body().empty());
}

TEST_F(ExporterTest, OtherPathsAndMethods) {
    const auto missing = ask(http::verb::get, "/");
    EXPECT_EQ(missing.result(), http::status::not_found);
    EXPECT_EQ(missing.body(), "routerd serves its metrics at /metrics\n");
    const auto post = ask(http::verb::post, "/metrics");
    EXPECT_EQ(post.result(), http::status::method_not_allowed);
    EXPECT_EQ(post[http::field::allow], "GET, HEAD");
    EXPECT_EQ(scrapes, 0);
}

TEST(Exporter, AnAddressInUseIsAnErrorNamingIt) {
    boost::asio::io_context loop;
    Exporter first(loop, tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0),
                   [] { return std::string(); });
    try {
        Exporter second(loop, first.endpoint(), [] { return std::string(); });
        FAIL() << "bound twice";
    } catch (const boost::system::system_error& e) {
        EXPECT_EQ(e.code(), boost::asio::error::address_in_use) << e.what();
    }
}

}  // namespace
}  // namespace routerd::metrics
