// Serves GET /metrics over HTTP (Boost.Beast) on routerd's main loop (with the control socket,
// beside neither the VRRP thread nor the runtime's): a scrape, and a slow or stuck scraper,
// never takes time from them.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

namespace routerd::metrics {

class Exporter {
  public:
    // The exposition text, produced on the loop's thread for each GET /metrics.
    using Scrape = std::function<std::string()>;

    // Binds `endpoint` (throws std::system_error naming it when it cannot) and serves until
    // destroyed, on `io` (routerd's main loop), which must outlive it; destroyed on that loop's
    // thread or while it does not run. Connections open then go on being answered.
    Exporter(boost::asio::io_context& io, const boost::asio::ip::tcp::endpoint& endpoint,
             Scrape scrape);
    ~Exporter();
    Exporter(const Exporter&) = delete;
    Exporter& operator=(const Exporter&) = delete;

    // The bound address (its port when 0 was asked for).
    boost::asio::ip::tcp::endpoint endpoint() const { return endpoint_; }

  private:
    void accept();

    // Shared with the sessions; the handlers hold it weakly, to know the exporter is gone.
    std::shared_ptr<const Scrape> scrape_;
    boost::asio::ip::tcp::acceptor acceptor_;
    boost::asio::ip::tcp::endpoint endpoint_;
    boost::asio::steady_timer retry_;  // a failed accept tries again after it
};

}  // namespace routerd::metrics
