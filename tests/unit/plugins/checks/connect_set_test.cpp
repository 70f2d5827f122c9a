// The tcp checker's ConnectSet against real listeners on the loopback: every way a check ends
// (connected, refused, timed out) leaves a socket that the next check can use, kept sockets do
// not pile up, and the checks in flight answer when the loop ends.
#include "connect_set.hpp"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

using boost::asio::ip::tcp;
using routerd::checks::ConnectSet;
using routerd::checks::ConnectTarget;
using namespace std::chrono_literals;

namespace {

struct Answer {
    bool up = false;
    std::string reason;
    bool local_error = false;
};

void record(void* context, const routerd_probe_result_t* result) {
    *static_cast<std::optional<Answer>*>(context) = Answer{
        result->up, std::string(result->reason.ptr, result->reason.len), result->local_error};
}

std::size_t open_descriptors() {
    return static_cast<std::size_t>(
        std::distance(std::filesystem::directory_iterator("/proc/self/fd"),
                      std::filesystem::directory_iterator()));
}

// A listener on the loopback that never accepts: the kernel completes handshakes alone. With
// a backlog of 0, one connection fills its accept queue, and it drops the SYNs that follow.
tcp::acceptor listener(boost::asio::io_context& io, int backlog = 128) {
    tcp::acceptor acceptor(io, tcp::endpoint(boost::asio::ip::address_v4::loopback(), 0), false);
    acceptor.listen(backlog);
    return acceptor;
}

class ConnectSetTest : public ::testing::Test {
  protected:
    // Runs one check of 127.0.0.1:port on the loop until it answers.
    Answer check(uint16_t port, std::chrono::milliseconds timeout = 5s) {
        std::optional<Answer> answer;
        start(port, timeout, answer);
        while (!answer)
            io.run_one();
        return *answer;
    }
    void start(uint16_t port, std::chrono::milliseconds timeout, std::optional<Answer>& answer) {
        auto target = std::make_shared<const ConnectTarget>(
            ConnectTarget{{boost::asio::ip::address_v4::loopback(), port}, {}});
        boost::asio::use_service<ConnectSet>(io).submit(target, timeout,
                                                        routerd::sdk::ProbeDone(&record, &answer));
    }

    boost::asio::io_context io;
};

}  // namespace

TEST_F(ConnectSetTest, EveryEndingLeavesASocketTheNextCheckCanUse) {
    tcp::acceptor up = listener(io);
    const uint16_t up_port = up.local_endpoint().port();
    uint16_t closed_port = 0;
    {
        tcp::acceptor gone = listener(io);
        closed_port = gone.local_endpoint().port();
    }
    // A listener whose accept queue is full: the connect hangs.
    tcp::acceptor full = listener(io, 0);
    tcp::socket filler(io);
    filler.connect(full.local_endpoint());

    EXPECT_TRUE(check(up_port).up);
    const Answer refused = check(closed_port);
    EXPECT_FALSE(refused.up);
    EXPECT_EQ(refused.reason, "connect: Connection refused");
    EXPECT_TRUE(check(up_port).up);
    const Answer hung = check(full.local_endpoint().port(), 200ms);
    EXPECT_FALSE(hung.up);
    EXPECT_EQ(hung.reason, "timed out after 200 ms connecting");
    EXPECT_TRUE(check(up_port).up);
}

// The handshake is the whole check: its final ACK is never sent, so the server's kernel drops
// the half-open connection at the reset and the server has nothing to accept, on a fresh
// socket and on kept ones alike (a disconnect turns quick ACKs back on; the delay must hold).
TEST_F(ConnectSetTest, TheServerHasNothingToAcceptFromAnyCheck) {
    tcp::acceptor up = listener(io);
    up.non_blocking(true);
    for (int i = 0; i < 3; ++i) {
        ASSERT_TRUE(check(up.local_endpoint().port()).up) << "check " << i;
        boost::system::error_code ec;
        tcp::socket accepted = up.accept(ec);
        EXPECT_EQ(ec, boost::asio::error::would_block) << "check " << i << " was accepted";
    }
}

TEST_F(ConnectSetTest, ChecksOneAfterAnotherLeaveNoSocketBehind) {
    tcp::acceptor up = listener(io);
    ASSERT_TRUE(check(up.local_endpoint().port()).up);
    const std::size_t after_first = open_descriptors();
    for (int i = 0; i < 50; ++i) {
        ASSERT_TRUE(check(up.local_endpoint().port()).up) << "check " << i;
    }
    EXPECT_EQ(open_descriptors(), after_first);
}

TEST(ConnectSet, ChecksInFlightAnswerWhenTheLoopEnds) {
    std::optional<Answer> answer;
    {
        boost::asio::io_context io;
        tcp::acceptor full = listener(io, 0);
        tcp::socket filler(io);
        filler.connect(full.local_endpoint());
        auto target =
            std::make_shared<const ConnectTarget>(ConnectTarget{full.local_endpoint(), {}});
        boost::asio::use_service<ConnectSet>(io).submit(target, 10s,
                                                        routerd::sdk::ProbeDone(&record, &answer));
        io.poll();  // the connect starts and hangs
        EXPECT_FALSE(answer);
    }
    ASSERT_TRUE(answer);
    EXPECT_FALSE(answer->up);
    EXPECT_EQ(answer->reason, "the checker stopped");
}

// Out of descriptors, routerd cannot try: the answer is a local error (the host then keeps the
// check's state), not a failure of the real server.
TEST_F(ConnectSetTest, OutOfDescriptorsIsALocalErrorNotAFailure) {
    tcp::acceptor up = listener(io);
    const uint16_t port = up.local_endpoint().port();
    check(port);  // the loop's own descriptors exist before the limit drops
    const int lowest_free = ::dup(0);
    ASSERT_GE(lowest_free, 0);
    ::close(lowest_free);
    rlimit saved{};
    ASSERT_EQ(::getrlimit(RLIMIT_NOFILE, &saved), 0);
    rlimit low = saved;
    low.rlim_cur = static_cast<rlim_t>(lowest_free);
    ASSERT_EQ(::setrlimit(RLIMIT_NOFILE, &low), 0);
    // Kept sockets would spare the socket() call: ask for one more than are kept.
    std::optional<Answer> first, second;
    start(port, 5s, first);
    start(port, 5s, second);
    while (!first || !second)
        io.run_one();
    ::setrlimit(RLIMIT_NOFILE, &saved);
    const Answer& refused = first->local_error ? *first : *second;
    EXPECT_TRUE(refused.local_error) << first->reason << " / " << second->reason;
    EXPECT_FALSE(refused.up);
    EXPECT_NE(refused.reason.find("Too many open files"), std::string::npos) << refused.reason;
    EXPECT_TRUE(check(port).up);
}
