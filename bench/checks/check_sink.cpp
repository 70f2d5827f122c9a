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
#include <linux/filter.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
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

// Times are the kernel's, CLOCK_REALTIME in ns.
struct Stats {
    std::map<std::pair<uint32_t, uint16_t>, int64_t> last;  // by target
    uint64_t connections = 0;
    uint64_t intervals = 0;
    uint64_t within = 0;
    std::vector<int64_t> deviations_us;
};

struct Settings {
    int64_t interval_ns;
    int64_t tolerance_ns;
    int64_t measure_from_ns;
};

int64_t realtime_ns() {
    timespec now{};
    ::clock_gettime(CLOCK_REALTIME, &now);
    return int64_t{now.tv_sec} * 1'000'000'000 + now.tv_nsec;
}

void record(Stats& stats, const Settings& settings, uint32_t address, uint16_t port,
            int64_t time_ns) {
    ++stats.connections;
    auto [it, fresh] = stats.last.try_emplace({address, port}, time_ns);
    if (fresh) return;
    if (it->second >= settings.measure_from_ns) {
        const int64_t deviation = std::abs((time_ns - it->second) - settings.interval_ns);
        ++stats.intervals;
        if (deviation <= settings.tolerance_ns) ++stats.within;
        stats.deviations_us.push_back(deviation / 1000);
    }
    it->second = time_ns;
}

// Keeps only what the sink counts — arriving TCP SYNs to its two ports — in the kernel: a
// dozen thousand checks a second make hundreds of thousands of packets on loopback, and two
// sinks copying every one of them to user space would take the CPU the checkers under test
// need. A SOCK_DGRAM packet socket's filter sees the packet from its IP header.
void attach_syn_filter(int fd, uint16_t tcp_port, uint16_t http_port) {
    sock_filter code[] = {
        BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 9),  // protocol
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, IPPROTO_TCP, 0, 8),
        BPF_STMT(BPF_LDX | BPF_B | BPF_MSH, 0),  // x = IP header length
        BPF_STMT(BPF_LD | BPF_B | BPF_IND, 13),  // TCP flags
        BPF_STMT(BPF_ALU | BPF_AND | BPF_K, 0x12),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x02, 0, 4),  // SYN without ACK
        BPF_STMT(BPF_LD | BPF_H | BPF_IND, 2),            // destination port
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, tcp_port, 1, 0),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, http_port, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, 256),
        BPF_STMT(BPF_RET | BPF_K, 0),
    };
    const sock_fprog program{static_cast<unsigned short>(std::size(code)), code};
    if (::setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &program, sizeof program) != 0) {
        std::perror("SO_ATTACH_FILTER");
        std::exit(1);
    }
    // Loopback shows each packet leaving and arriving; the leaving copy need not come up.
    const int ignore = 1;
    ::setsockopt(fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, &ignore, sizeof ignore);
}

// A ring of packet blocks shared with the kernel (TPACKET_V3): the kernel writes each SYN the
// filter keeps into the current block and wakes the sink only when a block is closed (full,
// or `kBlockTimeoutMs` old), not for every packet. A packet socket without a ring wakes its
// reader for each packet, and that wake-up is work the kernel does in the context of the
// process that sent the SYN: the judge would bill the checkers under test for watching them,
// the more so the more evenly they spread their checks.
class SynRing {
  public:
    explicit SynRing(int fd) : fd_(fd) {
        const int version = TPACKET_V3;
        tpacket_req3 request{};
        request.tp_block_size = kBlockSize;
        request.tp_block_nr = kBlocks;
        request.tp_frame_size = kFrameSize;
        request.tp_frame_nr = kBlockSize / kFrameSize * kBlocks;
        request.tp_retire_blk_tov = kBlockTimeoutMs;
        if (::setsockopt(fd, SOL_PACKET, PACKET_VERSION, &version, sizeof version) != 0 ||
            ::setsockopt(fd, SOL_PACKET, PACKET_RX_RING, &request, sizeof request) != 0) {
            std::perror("packet ring");
            std::exit(1);
        }
        map_ = static_cast<uint8_t*>(::mmap(nullptr, size_t{kBlockSize} * kBlocks,
                                            PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0));
        if (map_ == MAP_FAILED) {
            std::perror("mmap packet ring");
            std::exit(1);
        }
    }
    ~SynRing() { ::munmap(map_, size_t{kBlockSize} * kBlocks); }
    SynRing(const SynRing&) = delete;
    SynRing& operator=(const SynRing&) = delete;

    // Waits up to `timeout_ms` for the next closed block, calls packet(ip_header, length,
    // time_ns) for each packet in it and hands the block back to the kernel.
    template <class Packet>
    void next_block(int timeout_ms, Packet&& packet) {
        auto* block = reinterpret_cast<tpacket_block_desc*>(map_ + size_t{kBlockSize} * current_);
        if ((block->hdr.bh1.block_status & TP_STATUS_USER) == 0) {
            pollfd ready{fd_, POLLIN | POLLERR, 0};
            ::poll(&ready, 1, timeout_ms);
            if ((block->hdr.bh1.block_status & TP_STATUS_USER) == 0) return;
        }
        auto* header = reinterpret_cast<tpacket3_hdr*>(reinterpret_cast<uint8_t*>(block) +
                                                       block->hdr.bh1.offset_to_first_pkt);
        for (uint32_t i = 0; i < block->hdr.bh1.num_pkts; ++i) {
            packet(reinterpret_cast<const uint8_t*>(header) + header->tp_mac, header->tp_snaplen,
                   int64_t{header->tp_sec} * 1'000'000'000 + header->tp_nsec);
            header = reinterpret_cast<tpacket3_hdr*>(reinterpret_cast<uint8_t*>(header) +
                                                     header->tp_next_offset);
        }
        block->hdr.bh1.block_status = TP_STATUS_KERNEL;
        current_ = (current_ + 1) % kBlocks;
    }

  private:
    // 64 MiB: seconds of SYNs however busy the machine, as a missed SYN would look like a
    // check that came a whole interval late.
    static constexpr unsigned kBlockSize = 1 << 20;
    static constexpr unsigned kBlocks = 64;
    static constexpr unsigned kFrameSize = 2048;
    static constexpr unsigned kBlockTimeoutMs = 20;

    int fd_;
    uint8_t* map_ = nullptr;
    unsigned current_ = 0;
};

// Reads the IPv4 packets loopback carries and records each TCP SYN (not SYN-ACK) to one of
// the two ports, until `stop`; returns how many packets the capture dropped (should be 0).
// Times are the kernel's, taken as each SYN passed: what the sink measures does not depend
// on when its own thread gets to run.
uint64_t capture_syns(uint16_t tcp_port, uint16_t http_port, Stats& tcp_stats, Stats& http_stats,
                      const Settings& settings, const std::atomic<bool>& stop) {
    const int fd = ::socket(AF_PACKET, SOCK_DGRAM, htons(ETH_P_IP));
    if (fd < 0) {
        std::perror("packet socket");
        std::exit(1);
    }
    attach_syn_filter(fd, tcp_port, http_port);
    SynRing ring(fd);
    const auto on_packet = [&](const uint8_t* packet, uint32_t n, int64_t time_ns) {
        if (n < 40 || packet[9] != IPPROTO_TCP) return;
        const size_t ihl = static_cast<size_t>(packet[0] & 0x0f) * 4;
        if (n < ihl + 20) return;
        const uint8_t* tcp_header = packet + ihl;
        const bool syn = (tcp_header[13] & 0x12) == 0x02;
        const uint16_t port = static_cast<uint16_t>(tcp_header[2] << 8 | tcp_header[3]);
        const uint32_t address = static_cast<uint32_t>(packet[16] << 24 | packet[17] << 16 |
                                                       packet[18] << 8 | packet[19]);
        if (syn && port == tcp_port) record(tcp_stats, settings, address, port, time_ns);
        if (syn && port == http_port) record(http_stats, settings, address, port, time_ns);
    };
    while (!stop)
        ring.next_block(200, on_packet);
    tpacket_stats_v3 counts{};
    socklen_t length = sizeof counts;
    ::getsockopt(fd, SOL_PACKET, PACKET_STATISTICS, &counts, &length);
    ::close(fd);
    return counts.tp_drops;
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

void print(const char* name, Stats& stats, uint64_t capture_drops) {
    std::sort(stats.deviations_us.begin(), stats.deviations_us.end());
    const auto percentile = [&](double p) -> int64_t {
        if (stats.deviations_us.empty()) return 0;
        return stats.deviations_us[static_cast<size_t>(p * (stats.deviations_us.size() - 1))];
    };
    std::printf(
        "{\"port\": \"%s\", \"targets\": %zu, \"connections\": %llu, \"intervals\": %llu, "
        "\"within\": %llu, \"p50_dev_us\": %lld, \"p99_dev_us\": %lld, \"max_dev_us\": %lld, "
        "\"capture_drops\": %llu}\n",
        name, stats.last.size(), static_cast<unsigned long long>(stats.connections),
        static_cast<unsigned long long>(stats.intervals),
        static_cast<unsigned long long>(stats.within), static_cast<long long>(percentile(0.5)),
        static_cast<long long>(percentile(0.99)), static_cast<long long>(percentile(1.0)),
        static_cast<unsigned long long>(capture_drops));
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 6) {
        std::fprintf(stderr, "usage: %s TCP_PORT HTTP_PORT INTERVAL_MS TOLERANCE_MS WARMUP_S\n",
                     argv[0]);
        return 2;
    }
    const auto port = [](const char* text) { return static_cast<uint16_t>(std::atoi(text)); };
    const Settings settings{std::atoll(argv[3]) * 1'000'000, std::atoll(argv[4]) * 1'000'000,
                            realtime_ns() + std::atoll(argv[5]) * 1'000'000'000};
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
    uint64_t capture_drops = 0;
    std::thread capture([&] {
        capture_drops =
            capture_syns(port(argv[1]), port(argv[2]), tcp_stats, http_stats, settings, stop);
    });
    boost::asio::signal_set signals(io, SIGTERM, SIGINT);
    signals.async_wait([&](boost::system::error_code, int) {
        tcp_acceptor.close();
        http_acceptor.close();
        io.stop();
    });
    io.run();
    stop = true;
    capture.join();
    print(argv[1], tcp_stats, capture_drops);
    print(argv[2], http_stats, capture_drops);
    return 0;
}
