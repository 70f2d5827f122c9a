#include "control/control_server.hpp"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>

#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>

#include "util/log.hpp"

namespace routerd {
namespace {

using boost::asio::local::stream_protocol;
constexpr size_t kMaxRequestBytes = 1 << 20;

// A socket file left by a routerd that died is removed; one that answers is in use.
void claim_socket_path(const std::filesystem::path& path) {
    std::filesystem::create_directories(path.parent_path());
    if (!std::filesystem::exists(path)) return;
    boost::asio::io_context io;
    stream_protocol::socket probe(io);
    boost::system::error_code ec;
    probe.connect(stream_protocol::endpoint(path.string()), ec);
    if (!ec) {
        throw std::runtime_error("control socket " + path.string() +
                                 " is in use: is another routerd running?");
    }
    std::filesystem::remove(path);
}

}  // namespace

ControlServer::ControlServer(std::filesystem::path path, Handler handler)
    : path_(std::move(path)), handler_(std::move(handler)), acceptor_(io_) {
    claim_socket_path(path_);
    // Only root (or the running user) may talk to routerd: create the socket as 0600.
    const mode_t old_mask = ::umask(0177);
    boost::system::error_code ec;
    acceptor_.open(stream_protocol(), ec);
    if (!ec) acceptor_.bind(stream_protocol::endpoint(path_.string()), ec);
    ::umask(old_mask);
    if (!ec) acceptor_.listen(16, ec);
    if (ec) throw std::runtime_error("control socket " + path_.string() + ": " + ec.message());
    accept_next();
    thread_ = std::thread([this] { io_.run(); });
}

ControlServer::~ControlServer() {
    io_.stop();
    thread_.join();
    std::error_code ec;
    std::filesystem::remove(path_, ec);
}

void ControlServer::accept_next() {
    acceptor_.async_accept([this](boost::system::error_code ec, stream_protocol::socket socket) {
        if (ec) return;
        accept_next();
        // A client that connects and says nothing must not hold the control socket.
        const timeval timeout{5, 0};
        ::setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
        // Served synchronously on this thread: requests are rare and small.
        boost::asio::streambuf buffer(kMaxRequestBytes);
        nlohmann::json answer;
        boost::system::error_code read_error;
        boost::asio::read_until(socket, buffer, '\n', read_error);
        std::string line(boost::asio::buffers_begin(buffer.data()),
                         boost::asio::buffers_end(buffer.data()));
        nlohmann::json request = nlohmann::json::parse(line, nullptr, false);
        if (request.is_discarded() || !request.is_object()) {
            answer = {{"ok", false}, {"error", "the request is not a JSON object"}};
        } else {
            try {
                answer = handler_(request);
            } catch (const std::exception& e) {
                answer = {{"ok", false}, {"error", e.what()}};
            }
        }
        const std::string text = answer.dump() + "\n";
        boost::system::error_code write_error;
        boost::asio::write(socket, boost::asio::buffer(text), write_error);
    });
}

nlohmann::json control_request(const std::filesystem::path& path, const nlohmann::json& request) {
    boost::asio::io_context io;
    stream_protocol::socket socket(io);
    boost::system::error_code ec;
    socket.connect(stream_protocol::endpoint(path.string()), ec);
    if (ec) {
        throw std::runtime_error("cannot reach routerd at " + path.string() + ": " + ec.message());
    }
    const std::string text = request.dump() + "\n";
    boost::asio::write(socket, boost::asio::buffer(text));
    boost::asio::streambuf buffer;
    boost::asio::read_until(socket, buffer, '\n', ec);
    if (ec && buffer.size() == 0) throw std::runtime_error("routerd closed the connection");
    const std::string line(boost::asio::buffers_begin(buffer.data()),
                           boost::asio::buffers_end(buffer.data()));
    nlohmann::json answer = nlohmann::json::parse(line, nullptr, false);
    if (answer.is_discarded()) throw std::runtime_error("routerd sent an invalid answer");
    return answer;
}

}  // namespace routerd
