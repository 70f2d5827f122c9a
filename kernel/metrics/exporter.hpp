// Serves GET /metrics over HTTP (Boost.Beast) on a thread and io_context of its own: a scrape
// (and a slow or stuck scraper) never takes time from the VRRP thread or the runtime's.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <thread>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

namespace routerd::metrics {

class Exporter {
  public:
    // The exposition text, produced on the exporter's thread for each GET /metrics.
    using Scrape = std::function<std::string()>;

    // Binds `endpoint` (throws std::system_error naming it when it cannot) and serves until
    // destroyed.
    Exporter(const boost::asio::ip::tcp::endpoint& endpoint, Scrape scrape);
    ~Exporter();
    Exporter(const Exporter&) = delete;
    Exporter& operator=(const Exporter&) = delete;

    // The bound address (its port when 0 was asked for).
    boost::asio::ip::tcp::endpoint endpoint() const { return endpoint_; }

  private:
    void accept();

    Scrape scrape_;
    boost::asio::io_context io_;
    boost::asio::ip::tcp::acceptor acceptor_;
    boost::asio::ip::tcp::endpoint endpoint_;
    boost::asio::steady_timer retry_{io_};  // a failed accept tries again after it
    std::thread thread_;
};

}  // namespace routerd::metrics
