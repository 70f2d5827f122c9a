#include "control/control_server.hpp"

#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>

#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>

#include "control/control_request.hpp"
#include "util/heap.hpp"
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

// What the kernel recorded of the peer when it connected; uid -1 when it would not say.
PeerCredentials peer_credentials(int fd) {
    PeerCredentials peer;
    ucred cred{};
    socklen_t length = sizeof cred;
    if (::getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &length) != 0) return peer;
    peer.uid = cred.uid;
    peer.gid = cred.gid;
    peer.pid = cred.pid;
    std::vector<gid_t> groups(64);
    for (int attempt = 0; attempt < 2; ++attempt) {
        length = static_cast<socklen_t>(groups.size() * sizeof(gid_t));
        if (::getsockopt(fd, SOL_SOCKET, SO_PEERGROUPS, groups.data(), &length) == 0) {
            groups.resize(length / sizeof(gid_t));
            peer.groups = std::move(groups);
            break;
        }
        if (errno != ERANGE) break;  // no supplementary groups known: primary group only
        groups.resize(length / sizeof(gid_t));
    }
    return peer;
}

}  // namespace

// One connection: read a line, answer it, close; the deadline closes it whatever it waits for.
class ControlServer::Session : public std::enable_shared_from_this<Session> {
  public:
    Session(std::shared_ptr<const Answering> answering, stream_protocol::socket socket)
        : answering_(std::move(answering)),
          socket_(std::move(socket)),
          deadline_(socket_.get_executor()),
          buffer_(kMaxRequestBytes) {}

    void start() {
        peer_ = peer_credentials(socket_.native_handle());
        arm_deadline();
        boost::asio::async_read_until(
            socket_, buffer_, '\n',
            [self = shared_from_this()](boost::system::error_code ec, size_t) {
                self->on_request(ec);
            });
    }

  private:
    // For reading the request, then again for writing the answer: the time the answer took
    // to compute (a reload) is not the client's.
    void arm_deadline() {
        deadline_.expires_after(answering_->limits.deadline);  // cancels the wait before
        deadline_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
            if (ec) return;  // cancelled: the session ended in time, or was re-armed
            boost::system::error_code ignored;
            self->socket_.close(ignored);
        });
    }

    void on_request(const boost::system::error_code& ec) {
        // Closed by the deadline, or gone without a word.
        if (ec == boost::asio::error::operation_aborted || (ec && buffer_.size() == 0)) {
            deadline_.cancel();
            return;
        }
        const std::string line(boost::asio::buffers_begin(buffer_.data()),
                               boost::asio::buffers_end(buffer_.data()));
        answer_ = answer_request(line, peer_, answering_->handler).dump() + "\n";
        // What built a large answer is freed by now, but would stay in routerd's heap: the
        // status of 1,000 VRRP instances kept 10 MB more RSS until the next one.
        if (answer_.size() >= kLargeAnswerBytes) release_free_heap();
        arm_deadline();
        boost::asio::async_write(socket_, boost::asio::buffer(answer_),
                                 [self = shared_from_this()](boost::system::error_code, size_t) {
                                     self->deadline_.cancel();
                                     boost::system::error_code ignored;
                                     self->socket_.close(ignored);
                                 });
    }

    std::shared_ptr<const Answering> answering_;
    stream_protocol::socket socket_;
    boost::asio::steady_timer deadline_;
    boost::asio::streambuf buffer_;
    PeerCredentials peer_;
    std::string answer_;
};

ControlServer::ControlServer(boost::asio::io_context& io, std::filesystem::path path,
                             Handler handler, Limits limits)
    : path_(std::move(path)),
      answering_(std::make_shared<const Answering>(Answering{std::move(handler), limits})),
      acceptor_(io),
      accept_retry_(io) {
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
}

ControlServer::~ControlServer() {
    // The pending accept and retry end with operation_aborted, and touch nothing of this.
    boost::system::error_code ignored;
    acceptor_.close(ignored);
    accept_retry_.cancel();
    std::error_code ec;
    std::filesystem::remove(path_, ec);
}

std::optional<std::string> ControlServer::share_with_group(std::optional<gid_t> group) {
    const gid_t owner_group = group ? *group : ::getegid();
    // chown only to change the group: the systemd unit's SystemCallFilter= denies chown(2)
    // unless a drop-in for control_group allows it.
    struct stat st {};
    if (::stat(path_.c_str(), &st) != 0 ||
        (st.st_gid != owner_group &&
         ::chown(path_.c_str(), static_cast<uid_t>(-1), owner_group) != 0) ||
        ::chmod(path_.c_str(), group ? 0660 : 0600) != 0) {
        return "control socket " + path_.string() + ": " + std::strerror(errno);
    }
    return std::nullopt;
}

void ControlServer::accept_next() {
    acceptor_.async_accept([this](boost::system::error_code ec, stream_protocol::socket socket) {
        if (ec == boost::asio::error::operation_aborted) return;  // shutting down
        if (ec) {
            on_accept_failed(ec);
            return;
        }
        if (failing_) logger_for("control")->info("control socket accepts connections again");
        failing_ = false;
        accept_next();
        std::make_shared<Session>(answering_, std::move(socket))->start();
    });
}

void ControlServer::on_accept_failed(const boost::system::error_code& ec) {
    ++accept_failures_;
    // Once per run of failures: the connection waits in the backlog meanwhile.
    if (!failing_) {
        logger_for("control")->warn(
            "control socket: accept failed ({}); trying again every {} ms", ec.message(),
            std::chrono::duration_cast<std::chrono::milliseconds>(answering_->limits.accept_retry)
                .count());
    }
    failing_ = true;
    accept_retry_.expires_after(answering_->limits.accept_retry);
    accept_retry_.async_wait([this](boost::system::error_code wait_error) {
        if (!wait_error) accept_next();
    });
}

nlohmann::json control_request(const std::filesystem::path& path, const nlohmann::json& request) {
    boost::asio::io_context io;
    stream_protocol::socket socket(io);
    boost::system::error_code ec;
    socket.connect(stream_protocol::endpoint(path.string()), ec);
    if (ec) {
        throw ControlUnreachable("cannot reach routerd at " + path.string() + ": " + ec.message());
    }
    const std::string text = request.dump() + "\n";
    boost::asio::write(socket, boost::asio::buffer(text), ec);
    if (ec) throw ControlUnreachable("routerd closed the connection: " + ec.message());
    boost::asio::streambuf buffer;
    boost::asio::read_until(socket, buffer, '\n', ec);
    if (ec && buffer.size() == 0) throw ControlUnreachable("routerd closed the connection");
    const std::string line(boost::asio::buffers_begin(buffer.data()),
                           boost::asio::buffers_end(buffer.data()));
    nlohmann::json answer = nlohmann::json::parse(line, nullptr, false);
    if (answer.is_discarded()) throw ControlUnreachable("routerd sent an invalid answer");
    return answer;
}

}  // namespace routerd
