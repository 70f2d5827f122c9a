#pragma once

#include <filesystem>
#include <functional>
#include <thread>

#include <boost/asio/io_context.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <nlohmann/json.hpp>

namespace routerd {

// The control socket: a Unix stream socket (mode 0600) where each connection sends one JSON
// request line and receives one JSON answer line. Requests are served one at a time on the
// server's own thread, so a slow answer (a reload) never stalls the plugins' executors.
class ControlServer {
  public:
    using Handler = std::function<nlohmann::json(const nlohmann::json& request)>;

    // Throws std::runtime_error when the socket cannot be created or another routerd owns it.
    ControlServer(std::filesystem::path path, Handler handler);
    ~ControlServer();

  private:
    void accept_next();

    std::filesystem::path path_;
    Handler handler_;
    boost::asio::io_context io_;
    boost::asio::local::stream_protocol::acceptor acceptor_;
    std::thread thread_;
};

// Sends one request to a control socket and returns the answer; throws std::runtime_error.
nlohmann::json control_request(const std::filesystem::path& path, const nlohmann::json& request);

}  // namespace routerd
