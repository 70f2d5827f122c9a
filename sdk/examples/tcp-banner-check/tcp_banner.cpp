// tcp-banner: a custom routerd checker. A target is up when a TCP connection succeeds and the
// server's first line (its banner, as SSH, SMTP and FTP servers send) starts with `expect`.
//
//   [checks.ssh]
//   type = "tcp-banner"
//   target = "127.0.0.1:22"
//   expect = "SSH-2.0-"
//
// The probe blocks on a socket, so it runs on the host's blocking pool (post_blocking),
// never on an event loop; poll() bounds each step by the timeout routerd gives.
#include <routerd/plugin.hpp>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace {

using routerd::sdk::Config;
using routerd::sdk::ProbeDone;
using routerd::sdk::ProbeResult;

struct Target {
    sockaddr_storage address{};
    socklen_t length = 0;
};

// "192.0.2.1:22" or "[2001:db8::1]:22"
bool parse_target(std::string_view text, Target& out) {
    const size_t colon = text.rfind(':');
    if (colon == std::string_view::npos) return false;
    std::string host(text.substr(0, colon));
    const std::string port(text.substr(colon + 1));
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
        host = host.substr(1, host.size() - 2);
    }
    char* end = nullptr;
    const long port_number = std::strtol(port.c_str(), &end, 10);
    if (port.empty() || *end != '\0' || port_number < 1 || port_number > 65535) return false;
    auto* v4 = reinterpret_cast<sockaddr_in*>(&out.address);
    auto* v6 = reinterpret_cast<sockaddr_in6*>(&out.address);
    if (inet_pton(AF_INET, host.c_str(), &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        v4->sin_port = htons(static_cast<uint16_t>(port_number));
        out.length = sizeof(sockaddr_in);
        return true;
    }
    if (inet_pton(AF_INET6, host.c_str(), &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons(static_cast<uint16_t>(port_number));
        out.length = sizeof(sockaddr_in6);
        return true;
    }
    return false;
}

class Socket {
  public:
    explicit Socket(int fd) : fd_(fd) {}
    ~Socket() {
        if (fd_ >= 0) ::close(fd_);
    }
    int fd() const { return fd_; }

  private:
    int fd_;
};

// Waits until `fd` is ready for `events` or the deadline passes.
bool wait_for(int fd, short events, std::chrono::steady_clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd, events, 0};
    return ::poll(&p, 1, static_cast<int>(left.count())) == 1;
}

ProbeResult probe_banner(const Target& target, const std::string& expect,
                         std::chrono::nanoseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    Socket s(::socket(target.address.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    if (s.fd() < 0) return {false, -1, std::string("socket: ") + std::strerror(errno)};
    if (::connect(s.fd(), reinterpret_cast<const sockaddr*>(&target.address), target.length) != 0 &&
        errno != EINPROGRESS) {
        return {false, -1, std::string("connect: ") + std::strerror(errno)};
    }
    if (!wait_for(s.fd(), POLLOUT, deadline)) return {false, -1, "connect timed out"};
    int error = 0;
    socklen_t length = sizeof error;
    ::getsockopt(s.fd(), SOL_SOCKET, SO_ERROR, &error, &length);
    if (error != 0) return {false, -1, std::string("connect: ") + std::strerror(error)};

    std::string banner;
    char buffer[256];
    while (banner.find('\n') == std::string::npos && banner.size() < expect.size() + 256) {
        if (!wait_for(s.fd(), POLLIN, deadline)) return {false, -1, "no banner before timeout"};
        const ssize_t n = ::recv(s.fd(), buffer, sizeof buffer, 0);
        if (n <= 0) break;
        banner.append(buffer, static_cast<size_t>(n));
    }
    if (banner.rfind(expect, 0) != 0) {
        return {false, -1,
                "banner '" + banner.substr(0, banner.find_first_of("\r\n")) +
                    "' does not start with '" + expect + "'"};
    }
    return {true, -1, ""};
}

class BannerProbe : public routerd::sdk::Probe {
  public:
    BannerProbe(const routerd::sdk::Host& host, Target target, std::string expect)
        : host_(host), target_(target), expect_(std::move(expect)) {}

    void run(std::chrono::nanoseconds timeout, ProbeDone done) override {
        host_.post_blocking([target = target_, expect = expect_, timeout, done]() mutable {
            done(probe_banner(target, expect, timeout));
        });
    }

  private:
    routerd::sdk::Host host_;
    Target target_;
    std::string expect_;
};

class TcpBannerChecker : public routerd::sdk::Checker {
  public:
    using Checker::Checker;

    std::unique_ptr<routerd::sdk::Probe> create_probe(const Config& check,
                                                      std::string_view target) override {
        Target parsed;
        bool valid = true;
        if (!parse_target(target, parsed)) {
            check["target"].error("expected \"ip:port\" or \"[ipv6]:port\"");
            valid = false;
        }
        const std::optional<std::string> expect = check["expect"].string();
        if (!expect) {
            if (!check["expect"].present()) {
                check["expect"].error("is required: the start of the expected banner");
            }
            valid = false;
        }
        if (!valid) return nullptr;
        return std::make_unique<BannerProbe>(host(), parsed, *expect);
    }
};

}  // namespace

ROUTERD_PLUGIN(registrar) {
    registrar.add<TcpBannerChecker>("tcp-banner", "1.0.0");
}
