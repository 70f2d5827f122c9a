#pragma once

#include <array>
#include <optional>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

namespace routerd::checks {

// Stream sockets a finished check hands back for the next check of its family, on one of a
// checker's loops (an Asio service of its io_context). A kept socket is disconnected
// (connect to AF_UNSPEC: the reset a zero-linger close sends, tcp(7)) but stays open and
// registered with the loop, so the next check skips socket, FIONBIO, the reactor's epoll_ctl
// calls and the close, and the kernel neither builds nor tears down a socket and a file per
// check (the tcp checker's ConnectSet keeps its own sockets the same way). Only sockets
// without a source binding or mark are kept: they are like any other of their family.
class KeptSockets : public boost::asio::io_context::service {
  public:
    static inline boost::asio::io_context::id id;

    explicit KeptSockets(boost::asio::io_context& io) : service(io) {}

    // A kept socket of the protocol's family, or nullopt.
    std::optional<boost::asio::ip::tcp::socket> take(boost::asio::ip::tcp protocol);
    // Cancels the socket's pending operations (they complete with operation_aborted), resets
    // its connection and keeps it; false (the socket untouched but for the cancel) when it
    // cannot be disconnected or enough are kept. `protocol`: the socket's, as it was opened.
    bool keep(boost::asio::ip::tcp::socket& socket, boost::asio::ip::tcp protocol);

  private:
    void shutdown() override;  // the loop ends: kept sockets close

    std::array<std::vector<boost::asio::ip::tcp::socket>, 2> idle_;  // IPv4, IPv6
};

}  // namespace routerd::checks
