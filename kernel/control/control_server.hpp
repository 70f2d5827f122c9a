#pragma once

#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/steady_timer.hpp>
#include <nlohmann/json.hpp>

namespace routerd {

// Who is on the other end of a control connection, as the kernel says (SO_PEERCRED and
// SO_PEERGROUPS): what the access rule in control/control_access.hpp decides on.
struct PeerCredentials {
    uid_t uid = static_cast<uid_t>(-1);
    gid_t gid = static_cast<gid_t>(-1);
    pid_t pid = 0;
    std::vector<gid_t> groups;  // supplementary groups
};

// The control socket: a Unix stream socket where each connection sends one JSON request line
// and receives one JSON answer line. Clients are read concurrently, each within its deadline,
// so one that connects and says nothing holds nobody up; answers are computed one at a time on
// the thread that runs `io` (routerd's main thread, which also takes signals and reloads: none
// of the plugins' executors), so a slow answer (a reload) never stalls the plugins.
class ControlServer {
  public:
    using Handler =
        std::function<nlohmann::json(const nlohmann::json& request, const PeerCredentials& peer)>;

    struct Limits {
        // From accept to the answer written: a client slower than this is disconnected.
        std::chrono::steady_clock::duration deadline = std::chrono::seconds(5);
        // After accept fails (out of descriptors: EMFILE, ENFILE), accepting resumes this much
        // later instead of spinning or stopping for good.
        std::chrono::steady_clock::duration accept_retry = std::chrono::milliseconds(200);
    };

    // Serves on `io`, which must outlive it. Throws std::runtime_error when the socket cannot be
    // created or another routerd owns it. The socket is mode 0600 until share_with_group.
    ControlServer(boost::asio::io_context& io, std::filesystem::path path, Handler handler,
                  Limits limits);
    ControlServer(boost::asio::io_context& io, std::filesystem::path path, Handler handler)
        : ControlServer(io, std::move(path), std::move(handler), Limits{}) {}
    // Stops accepting and removes the socket; connections still open are closed by their
    // deadline or when `io` is destroyed. Call it while `io` does not run; an accept already
    // completed but not yet handled must not run afterwards (routerd runs `io` no more).
    ~ControlServer();

    // nullopt: owner only (0600); a group: that group may connect too (0660, group-owned).
    // Returns the error, if any.
    std::optional<std::string> share_with_group(std::optional<gid_t> group);

    // accept() calls that failed so far.
    uint64_t accept_failures() const { return accept_failures_.load(); }

  private:
    class Session;
    // What sessions need of the server; theirs too, so that one outliving it stays valid.
    struct Answering {
        Handler handler;
        Limits limits;
    };
    void accept_next();
    void on_accept_failed(const boost::system::error_code& ec);

    std::filesystem::path path_;
    std::shared_ptr<const Answering> answering_;
    boost::asio::local::stream_protocol::acceptor acceptor_;
    boost::asio::steady_timer accept_retry_;
    std::atomic<uint64_t> accept_failures_{0};
    bool failing_ = false;  // accept is failing; on the thread of io
};

// No answer from routerd: the socket is missing or refuses, the connection closed, or what came
// back is not JSON. Apart from std::runtime_error so that routerctl can exit with its own code.
struct ControlUnreachable : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Sends one request to a control socket and returns the answer; throws ControlUnreachable.
nlohmann::json control_request(const std::filesystem::path& path, const nlohmann::json& request);

}  // namespace routerd
