#include "udp_listener.h"

#include "routerd/ipvs/userspace/descriptor_plan.h"

#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <system_error>

namespace routerd::ipvs::userspace {

namespace {

using boost::asio::ip::udp;
using Clock = std::chrono::steady_clock;

constexpr std::size_t kMaxDatagram = 65535;
// Datagrams one socket's event handles before the thread's other sockets get a turn; the
// socket is watched level-triggered, so the rest are reported again at the next wait.
constexpr int kBatch = 64;

constexpr ssize_t kEmpty = -1;  // the socket has no datagram left
constexpr ssize_t kError = -2;  // an error took this turn (and is cleared by reporting it)

// Receives one datagram into `buffer`: its size, kEmpty or kError. The errors are ICMP errors
// on a connected socket (the real server's port unreachable): skipped, since a later
// datagram may go through.
ssize_t receive(int fd, std::vector<uint8_t>& buffer, udp::endpoint* sender) {
    socklen_t length = sender ? static_cast<socklen_t>(sender->capacity()) : 0;
    const ssize_t n = ::recvfrom(fd, buffer.data(), buffer.size(), 0,
                                 sender ? sender->data() : nullptr, sender ? &length : nullptr);
    if (n >= 0) {
        if (sender) sender->resize(length);
        return n;
    }
    return errno == EAGAIN ? kEmpty : kError;
}

}  // namespace

// One client's flow: our socket connected to its real server.
class UdpFlow final : public EventLoop::Watcher {
  public:
    UdpFlow(UdpListener& listener, udp::endpoint client, Assignment assignment,
            ForwarderState& state)
        : listener_(listener),
          client_(std::move(client)),
          assignment_(std::move(assignment)),
          slot_(state, client_.address(), kDescriptorsPerUdpFlow),
          last_activity_(Clock::now()) {
        const udp::endpoint target(assignment_.address, assignment_.port);
        fd_ = ::socket(target.protocol().family(), SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (fd_ < 0) throw std::system_error(errno, std::generic_category(), "socket");
        try {
            if (::connect(fd_, target.data(), static_cast<socklen_t>(target.size())) != 0) {
                throw std::system_error(errno, std::generic_category(), "connect");
            }
            listener_.loop_.watch(fd_, EPOLLIN, *this);
        } catch (...) {
            ::close(fd_);
            throw;
        }
    }
    ~UdpFlow() { ::close(fd_); }  // which takes it out of the loop's set
    UdpFlow(const UdpFlow&) = delete;
    UdpFlow& operator=(const UdpFlow&) = delete;

    void send(const uint8_t* data, std::size_t size) {
        last_activity_ = Clock::now();
        if (::send(fd_, data, size, MSG_DONTWAIT) > 0) assignment_.ticket.relayed(true, size);
    }
    Clock::time_point last_activity() const { return last_activity_; }

  private:
    void on_events(uint32_t) override {
        for (int i = 0; i < kBatch; ++i) {
            const ssize_t size = receive(fd_, listener_.buffer_, nullptr);
            if (size == kEmpty) return;
            if (size == kError) continue;
            last_activity_ = Clock::now();
            listener_.reply(client_, static_cast<std::size_t>(size));
            assignment_.ticket.relayed(false, static_cast<uint64_t>(size));
        }
    }

    UdpListener& listener_;  // which owns the flow
    int fd_;
    udp::endpoint client_;
    Assignment assignment_;
    OpenSlot slot_;
    Clock::time_point last_activity_;
};

UdpListener::UdpListener(EventLoop& loop, const ServiceSpec& spec,
                         std::shared_ptr<ServiceBalancer> balancer,
                         std::shared_ptr<ForwarderState> state)
    : loop_(loop),
      fd_(bind_service_socket(spec, SOCK_DGRAM)),
      service_(spec.address, spec.port),
      sweeper_(loop, [this] { sweep(); }),
      balancer_(std::move(balancer)),
      state_(std::move(state)),
      buffer_(kMaxDatagram) {
    state_->hold_listener();
}

UdpListener::~UdpListener() {
    close();
}

void UdpListener::start() {
    loop_.watch(fd_, EPOLLIN, *this);
    sweep();
}

void UdpListener::close() {
    if (fd_ < 0) return;
    sweeper_.cancel();
    flows_.clear();
    loop_.unwatch(fd_);
    ::close(fd_);
    fd_ = -1;
    state_->release_listener();
}

void UdpListener::on_events(uint32_t) {
    udp::endpoint sender;
    for (int i = 0; i < kBatch && fd_ >= 0; ++i) {
        const ssize_t size = receive(fd_, buffer_, &sender);
        if (size == kEmpty) return;
        if (size == kError) continue;
        on_datagram(sender, static_cast<std::size_t>(size));
    }
}

void UdpListener::on_datagram(const udp::endpoint& client, std::size_t size) {
    const auto it = flows_.find(client);
    UdpFlow* flow = it != flows_.end() ? it->second.get() : open_flow(client);
    if (flow) flow->send(buffer_.data(), size);
}

// Every datagram of a new client address and port opens a flow, and each flow holds a socket:
// a flood from spoofed sources is bounded by max_flows_per_source and by the descriptors the
// host lets the data plane hold, so that routerd's control plane keeps its own.
UdpFlow* UdpListener::open_flow(const udp::endpoint& client) {
    if (state_->admit(client.address(), kDescriptorsPerUdpFlow) !=
        ForwarderState::Admission::admitted) {
        return nullptr;
    }
    std::optional<Assignment> assignment =
        balancer_->assign({client.address(), client.port(), service_.address(), service_.port()},
                          Clock::now().time_since_epoch());
    // The flow's slot takes the admission over; until then it is released here.
    if (!assignment) {
        state_->release(client.address(), kDescriptorsPerUdpFlow);
        ++state_->refused_no_server;
        return nullptr;
    }
    try {
        auto flow = std::make_unique<UdpFlow>(*this, client, std::move(*assignment), *state_);
        UdpFlow* opened = flow.get();
        flows_.emplace(client, std::move(flow));
        ++state_->accepted;
        return opened;
    } catch (const std::system_error& e) {
        // The flow's slot released the admission. No descriptor left is ours, not the server's.
        const int error = e.code().value();
        ++(error == EMFILE || error == ENFILE ? state_->refused_descriptors
                                              : state_->connect_failures);
        return nullptr;
    }
}

void UdpListener::reply(const udp::endpoint& client, std::size_t size) {
    ::sendto(fd_, buffer_.data(), size, MSG_DONTWAIT, client.data(),
             static_cast<socklen_t>(client.size()));
}

// Ends the flows idle for udp_idle_timeout, checking a few times per timeout.
void UdpListener::sweep() {
    const auto timeout = state_->limits().udp_idle_timeout;
    const auto now = Clock::now();
    std::erase_if(flows_, [&](const auto& entry) {
        if (now - entry.second->last_activity() < timeout) return false;
        ++state_->idle_timeouts;
        return true;
    });
    sweeper_.arm(now + std::clamp<Clock::duration>(timeout / 4, std::chrono::milliseconds(50),
                                                   std::chrono::seconds(5)));
}

}  // namespace routerd::ipvs::userspace
