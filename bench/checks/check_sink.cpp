// check_sink: the servers a health-check benchmark checks, and the judge of its timing.
// Listens on 0.0.0.0:TCP_PORT (accept, close: what a TCP check needs) and 0.0.0.0:HTTP_PORT
// (answers every request "200 OK"), inside a network namespace of the benchmark's own, so
// that every 127.x.y.z address is a distinct real server. It times the checks by their SYNs,
// seen on loopback with a packet socket: a TCP check may reset its connection before it is
// ever accepted (HAProxy does), but it always sends a SYN, when the check fires. For each
// target (destination address and port) it records the interval between consecutive
// checks; on SIGTERM it prints, per port, how many targets were checked and how many
// intervals stayed within `tolerance` of `interval` (each check fired within the tolerance
// of its schedule).
//
// Usage: check_sink TCP_PORT HTTP_PORT INTERVAL_MS TOLERANCE_MS WARMUP_S
#include <arpa/inet.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/write.hpp>

namespace {

using boost::asio::ip::tcp;
using Clock = std::chrono::steady_clock;

struct Stats {
    std::map<std::pair<uint32_t, uint16_t>, Clock::time_point> last;  // by target
    uint64_t connections = 0;
    uint64_t intervals = 0;
    uint64_t within = 0;
    std::vector<int64_t> deviations_us;
};

struct Settings {
    std::chrono::microseconds interval;
    std::chrono::microseconds tolerance;
    Clock::time_point measure_from;
};

void record(Stats& stats, const Settings& settings, uint32_t address, uint16_t port) {
    const auto now = Clock::now();
    ++stats.connections;
    auto [it, fresh] = stats.last.try_emplace({address, port}, now);
    if (fresh) return;
    if (it->second >= settings.measure_from) {
        const auto deviation = std::chrono::duration_cast<std::chrono::microseconds>(
            (now - it->second) - settings.interval);
        ++stats.intervals;
        if (std::chrono::abs(deviation) <= settings.tolerance) ++stats.within;
        stats.deviations_us.push_back(std::abs(deviation.count()));
    }
    it->second = now;
}

// Reads the IPv4 packets loopback carries and records each TCP SYN (not SYN-ACK) to one of
// the two ports, until `stop`. One thread, blocking reads with a short timeout.
void capture_syns(uint16_t tcp_port, uint16_t http_port, Stats& tcp_stats, Stats& http_stats,
                  const Settings& settings, const std::atomic<bool>& stop) {
    const int fd = ::socket(AF_PACKET, SOCK_DGRAM, htons(ETH_P_IP));
    if (fd < 0) {
        std::perror("packet socket");
        std::exit(1);
    }
    const timeval timeout{0, 200000};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    std::array<uint8_t, 256> packet;
    while (!stop) {
        sockaddr_ll from{};
        socklen_t length = sizeof from;
        const ssize_t n = ::recvfrom(fd, packet.data(), packet.size(), MSG_TRUNC,
                                     reinterpret_cast<sockaddr*>(&from), &length);
        // Loopback shows each packet leaving and arriving: count it once.
        if (n < 40 || from.sll_pkttype == PACKET_OUTGOING || packet[9] != IPPROTO_TCP) continue;
        const size_t ihl = static_cast<size_t>(packet[0] & 0x0f) * 4;
        if (static_cast<size_t>(n) < ihl + 20) continue;
        const uint8_t* tcp_header = packet.data() + ihl;
        const bool syn = (tcp_header[13] & 0x12) == 0x02;
        const uint16_t port = static_cast<uint16_t>(tcp_header[2] << 8 | tcp_header[3]);
        const uint32_t address = static_cast<uint32_t>(packet[16] << 24 | packet[17] << 16 |
                                                       packet[18] << 8 | packet[19]);
        if (syn && port == tcp_port) record(tcp_stats, settings, address, port);
        if (syn && port == http_port) record(http_stats, settings, address, port);
    }
    ::close(fd);
}

class HttpSession : public std::enable_shared_from_this<HttpSession> {
  public:
    explicit HttpSession(tcp::socket socket) : socket_(std::move(socket)) {}
    void start() { read(); }

  private:
    void read() {
        socket_.async_read_some(
            boost::asio::buffer(buffer_),
            [self = shared_from_this()](boost::system::error_code ec, size_t n) {
                if (ec) return;
                self->request_.append(self->buffer_.data(), n);
                if (self->request_.find("\r\n\r\n") == std::string::npos &&
                    self->request_.size() < 8192) {
                    return self->read();
                }
                static const std::string kReply =
                    "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nConnection: close\r\n\r\nok\n";
                boost::asio::async_write(self->socket_, boost::asio::buffer(kReply),
                                         [self](boost::system::error_code, size_t) {});
            });
    }

    tcp::socket socket_;
    std::array<char, 2048> buffer_;
    std::string request_;
};

// Accepts for ever; HTTP connections get their answer, TCP ones are closed at once.
void accept_loop(tcp::acceptor& acceptor, bool http) {
    acceptor.async_accept([&acceptor, http](boost::system::error_code ec, tcp::socket socket) {
        if (!ec && http) std::make_shared<HttpSession>(std::move(socket))->start();
        if (ec != boost::asio::error::operation_aborted) accept_loop(acceptor, http);
    });
}

void print(const char* name, Stats& stats) {
    std::sort(stats.deviations_us.begin(), stats.deviations_us.end());
    const auto percentile = [&](double p) -> int64_t {
        if (stats.deviations_us.empty()) return 0;
        return stats.deviations_us[static_cast<size_t>(p * (stats.deviations_us.size() - 1))];
    };
    std::printf(
        "{\"port\": \"%s\", \"targets\": %zu, \"connections\": %llu, \"intervals\": %llu, "
        "\"within\": %llu, \"p50_dev_us\": %lld, \"p99_dev_us\": %lld, \"max_dev_us\": %lld}\n",
        name, stats.last.size(), static_cast<unsigned long long>(stats.connections),
        static_cast<unsigned long long>(stats.intervals),
        static_cast<unsigned long long>(stats.within), static_cast<long long>(percentile(0.5)),
        static_cast<long long>(percentile(0.99)), static_cast<long long>(percentile(1.0)));
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 6) {
        std::fprintf(stderr, "usage: %s TCP_PORT HTTP_PORT INTERVAL_MS TOLERANCE_MS WARMUP_S\n",
                     argv[0]);
        return 2;
    }
    const auto port = [](const char* text) { return static_cast<uint16_t>(std::atoi(text)); };
    const Settings settings{std::chrono::milliseconds(std::atoi(argv[3])),
                            std::chrono::milliseconds(std::atoi(argv[4])),
                            Clock::now() + std::chrono::seconds(std::atoi(argv[5]))};
    boost::asio::io_context io(1);
    Stats tcp_stats;
    Stats http_stats;
    tcp::acceptor tcp_acceptor(io, tcp::endpoint(tcp::v4(), port(argv[1])));
    tcp::acceptor http_acceptor(io, tcp::endpoint(tcp::v4(), port(argv[2])));
    tcp_acceptor.listen(4096);
    http_acceptor.listen(4096);
    accept_loop(tcp_acceptor, false);
    accept_loop(http_acceptor, true);
    std::atomic<bool> stop{false};
    std::thread capture(capture_syns, port(argv[1]), port(argv[2]), std::ref(tcp_stats),
                        std::ref(http_stats), std::cref(settings), std::cref(stop));
    boost::asio::signal_set signals(io, SIGTERM, SIGINT);
    signals.async_wait([&](boost::system::error_code, int) {
        tcp_acceptor.close();
        http_acceptor.close();
        io.stop();
    });
    io.run();
    stop = true;
    capture.join();
    print(argv[1], tcp_stats);
    print(argv[2], http_stats);
    return 0;
}
