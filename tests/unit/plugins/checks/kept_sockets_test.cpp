// KeptSockets against real listeners on the loopback: a kept socket connects again, pending
// operations end when it is kept, sockets do not pile up, and families stay apart.
#include "kept_sockets.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <optional>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>

using boost::asio::ip::tcp;
using routerd::checks::KeptSockets;

namespace {

std::size_t open_descriptors() {
    return static_cast<std::size_t>(
        std::distance(std::filesystem::directory_iterator("/proc/self/fd"),
                      std::filesystem::directory_iterator()));
}

class KeptSocketsTest : public ::testing::Test {
  protected:
    KeptSocketsTest() : server(io, tcp::endpoint(boost::asio::ip::address_v4::loopback(), 0)) {}

    // One round of a check: a kept socket (or a new one) connects, sends, is answered, and is
    // kept again.
    void round(int i) {
        std::optional<tcp::socket> socket = kept().take(tcp::v4());
        if (!socket) socket.emplace(io, tcp::v4());
        socket->connect(server.local_endpoint());
        tcp::socket accepted = server.accept();
        boost::asio::write(*socket, boost::asio::buffer("ping", 4));
        char got[4];
        boost::asio::read(accepted, boost::asio::buffer(got));
        ASSERT_EQ(std::string(got, 4), "ping") << "round " << i;
        ASSERT_TRUE(kept().keep(*socket, tcp::v4())) << "round " << i;
        // The server sees the reset a zero-linger close would have sent.
        boost::system::error_code ec;
        accepted.read_some(boost::asio::buffer(got), ec);
        EXPECT_EQ(ec, boost::asio::error::connection_reset) << "round " << i;
    }
    KeptSockets& kept() { return boost::asio::use_service<KeptSockets>(io); }

    boost::asio::io_context io;
    tcp::acceptor server;
};

}  // namespace

TEST_F(KeptSocketsTest, AKeptSocketConnectsAgainAndSocketsDoNotPileUp) {
    EXPECT_FALSE(kept().take(tcp::v4()));
    round(0);
    const std::size_t after_first = open_descriptors();
    for (int i = 1; i < 50; ++i)
        round(i);
    EXPECT_EQ(open_descriptors(), after_first);
    EXPECT_TRUE(kept().take(tcp::v4()));
    EXPECT_FALSE(kept().take(tcp::v4()));  // one socket served every round
}

TEST_F(KeptSocketsTest, KeepingEndsPendingOperationsAndFamiliesStayApart) {
    tcp::socket socket(io, tcp::v4());
    socket.connect(server.local_endpoint());
    tcp::socket accepted = server.accept();
    char buffer[16];
    std::optional<boost::system::error_code> read;
    socket.async_read_some(boost::asio::buffer(buffer),
                           [&](boost::system::error_code ec, std::size_t) { read = ec; });
    ASSERT_TRUE(kept().keep(socket, tcp::v4()));
    io.run();
    ASSERT_TRUE(read);
    EXPECT_EQ(*read, boost::asio::error::operation_aborted);
    EXPECT_FALSE(kept().take(tcp::v6()));
    EXPECT_TRUE(kept().take(tcp::v4()));
}

TEST(KeptSockets, AClosedSocketIsNotKept) {
    boost::asio::io_context io;
    tcp::socket socket(io);
    EXPECT_FALSE(boost::asio::use_service<KeptSockets>(io).keep(socket, tcp::v4()));
    EXPECT_FALSE(boost::asio::use_service<KeptSockets>(io).take(tcp::v4()));
}
