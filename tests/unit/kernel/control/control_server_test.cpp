#include "control/control_server.hpp"

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <thread>
#include <vector>

#include "test_support.hpp"

namespace routerd {
namespace {

using namespace std::chrono_literals;

ControlServer::Handler echo_handler() {
    return [](const nlohmann::json& request, const PeerCredentials& peer) {
        return nlohmann::json{{"ok", true}, {"echo", request}, {"uid", peer.uid}};
    };
}

// A server on a loop of its own thread, as routerd's main thread runs it.
class Served {
  public:
    Served(const std::filesystem::path& path, ControlServer::Handler handler,
           ControlServer::Limits limits = {})
        : server_(std::make_unique<ControlServer>(io_, path, std::move(handler), limits)),
          thread_([this] { io_.run(); }) {}
    // Then the loop goes, and the connections still open with it.
    ~Served() {
        io_.stop();
        thread_.join();
        server_.reset();
    }
    ControlServer* operator->() { return server_.get(); }

  private:
    boost::asio::io_context io_;
    std::unique_ptr<ControlServer> server_;
    std::thread thread_;
};

// A raw client connection; reads give up after a generous guard (so that a server that never
// answers fails the test instead of hanging it).
class RawClient {
  public:
    explicit RawClient(const std::filesystem::path& path) : RawClient() { connect(path); }
    RawClient() : fd_(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
        const timeval guard{20, 0};
        ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &guard, sizeof guard);
    }
    void connect(const std::filesystem::path& path) {
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        std::strncpy(address.sun_path, path.c_str(), sizeof address.sun_path - 1);
        connected_ =
            ::connect(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0;
    }
    ~RawClient() { ::close(fd_); }
    bool connected() const { return connected_; }
    void send(const std::string& text) {
        ASSERT_EQ(::write(fd_, text.data(), text.size()), static_cast<ssize_t>(text.size()));
    }
    // Everything until the server closes or resets (or the guard expires: then `timed_out`).
    std::string read_all(bool* timed_out = nullptr) {
        std::string text;
        char buffer[4096];
        for (;;) {
            const ssize_t n = ::read(fd_, buffer, sizeof buffer);
            if (n > 0) {
                text.append(buffer, static_cast<size_t>(n));
                continue;
            }
            if (timed_out) *timed_out = n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
            return text;
        }
    }

  private:
    int fd_;
    bool connected_ = false;
};

TEST(ControlServer, AnswersOneRequestWithThePeersCredentials) {
    test::TempDir dir;
    Served server(dir / "c.sock", echo_handler());
    const nlohmann::json answer = control_request(dir / "c.sock", {{"command", "status"}});
    EXPECT_EQ(answer["echo"]["command"], "status");
    EXPECT_EQ(answer["uid"], ::getuid());
}

// Shared with a group, the socket is 0660; shared no more, 0600 again. The group is this
// process's own here, so no chown(2) is made: the systemd unit denies it (control_group needs
// a drop-in), and a socket that keeps its group must not need it.
TEST(ControlServer, SharingWithTheOwnGroupNeedsNoChown) {
    test::TempDir dir;
    Served server(dir / "c.sock", echo_handler());
    struct stat st {};
    EXPECT_EQ(server->share_with_group(::getegid()), std::nullopt);
    ASSERT_EQ(::stat((dir / "c.sock").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0660u);
    EXPECT_EQ(st.st_gid, ::getegid());
    EXPECT_EQ(server->share_with_group(std::nullopt), std::nullopt);
    ASSERT_EQ(::stat((dir / "c.sock").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST(ControlServer, AnIdleClientDoesNotHoldUpTheNext) {
    test::TempDir dir;
    ControlServer::Limits limits;
    limits.deadline = 1h;  // the idle client is not going away on its own
    Served server(dir / "c.sock", echo_handler(), limits);
    RawClient idle(dir / "c.sock");
    ASSERT_TRUE(idle.connected());
    idle.send("{\"command\":");  // half a request, then nothing
    const nlohmann::json answer = control_request(dir / "c.sock", {{"command", "status"}});
    EXPECT_EQ(answer["ok"], true);
}

TEST(ControlServer, AClientPastItsDeadlineIsDisconnected) {
    test::TempDir dir;
    ControlServer::Limits limits;
    limits.deadline = 50ms;
    Served server(dir / "c.sock", echo_handler(), limits);
    RawClient idle(dir / "c.sock");
    ASSERT_TRUE(idle.connected());
    bool timed_out = true;
    EXPECT_EQ(idle.read_all(&timed_out), "");
    EXPECT_FALSE(timed_out) << "the server kept the idle connection open";
}

// The deadline is the client's: an answer that takes longer to compute (a reload) still goes out.
TEST(ControlServer, ASlowAnswerStillReachesItsClient) {
    test::TempDir dir;
    ControlServer::Limits limits;
    limits.deadline = 20ms;
    Served server(
        dir / "c.sock",
        [](const nlohmann::json&, const PeerCredentials&) {
            std::this_thread::sleep_for(200ms);  // ten deadlines
            return nlohmann::json{{"ok", true}};
        },
        limits);
    EXPECT_EQ(control_request(dir / "c.sock", {{"command", "reload"}})["ok"], true);
}

TEST(ControlServer, StopsWhileAClientIsIdle) {
    test::TempDir dir;
    ControlServer::Limits limits;
    limits.deadline = 1h;
    auto server = std::make_unique<Served>(dir / "c.sock", echo_handler(), limits);
    RawClient idle(dir / "c.sock");
    ASSERT_TRUE(idle.connected());
    server.reset();  // returns: nothing waits for the idle client
    bool timed_out = true;
    idle.read_all(&timed_out);
    EXPECT_FALSE(timed_out);
}

// Lowers the soft descriptor limit and takes every descriptor left; gives them back when done.
class DescriptorsExhausted {
  public:
    DescriptorsExhausted() {
        ::getrlimit(RLIMIT_NOFILE, &saved_);
        rlimit lowered = saved_;
        lowered.rlim_cur = 512;
        ::setrlimit(RLIMIT_NOFILE, &lowered);
        null_ = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
        take_the_rest();
    }
    // Also what other threads of the test process have given back since.
    void take_the_rest() {
        for (int fd; null_ >= 0 && (fd = ::fcntl(null_, F_DUPFD_CLOEXEC, 0)) >= 0;)
            taken_.push_back(fd);
    }
    ~DescriptorsExhausted() { release(); }
    void release() {
        for (int fd : taken_)
            ::close(fd);
        taken_.clear();
        if (null_ >= 0) ::close(null_);
        null_ = -1;
        ::setrlimit(RLIMIT_NOFILE, &saved_);
    }

  private:
    rlimit saved_{};
    int null_ = -1;
    std::vector<int> taken_;
};

TEST(ControlServer, KeepsAcceptingAfterRunningOutOfDescriptors) {
    test::TempDir dir;
    ControlServer::Limits limits;
    limits.accept_retry = 10ms;
    Served server(dir / "c.sock", echo_handler(), limits);
    RawClient client;  // its descriptor before they run out
    {
        DescriptorsExhausted exhausted;
        client.connect(dir / "c.sock");
        ASSERT_TRUE(client.connected());  // in the backlog: accept needs a descriptor
        const auto guard = std::chrono::steady_clock::now() + 20s;
        while (server->accept_failures() == 0 && std::chrono::steady_clock::now() < guard) {
            exhausted.take_the_rest();
            std::this_thread::sleep_for(1ms);
        }
        ASSERT_GT(server->accept_failures(), 0u) << "accept never ran out of descriptors";
    }
    client.send("{\"command\":\"status\"}\n");
    const nlohmann::json answer = nlohmann::json::parse(client.read_all(), nullptr, false);
    ASSERT_FALSE(answer.is_discarded()) << "no answer after descriptors were available again";
    EXPECT_EQ(answer["echo"]["command"], "status");
}

TEST(ControlServer, SharingWithAGroupOpensTheSocketToIt) {
    test::TempDir dir;
    Served server(dir / "c.sock", echo_handler());
    struct stat st {};
    ASSERT_EQ(::stat((dir / "c.sock").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    ASSERT_EQ(server->share_with_group(::getegid()), std::nullopt);
    ASSERT_EQ(::stat((dir / "c.sock").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0660u);
    ASSERT_EQ(server->share_with_group(std::nullopt), std::nullopt);
    ASSERT_EQ(::stat((dir / "c.sock").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
}

}  // namespace
}  // namespace routerd
