#pragma once

#include <utility>

#include <boost/asio/ip/tcp.hpp>

#include "source_binding.hpp"

namespace routerd::checks {

// Opens `socket` for the endpoint's family and applies the source binding, unless it is open
// already (a kept socket, see KeptSockets, which has no binding), then connects;
// handler(error_code) either way. Shared by the checkers that talk over TCP (http, ssl,
// smtp); the tcp checker's handshakes go through its ConnectSet.
template <class Handler>
void connect_from(boost::asio::ip::tcp::socket& socket,
                  const boost::asio::ip::tcp::endpoint& endpoint, const SourceBinding& binding,
                  Handler&& handler) {
    boost::system::error_code ec;
    if (!socket.is_open()) {
        socket.open(endpoint.protocol(), ec);
        if (!ec) ec = binding.apply(socket.native_handle(), endpoint.protocol().family());
    }
    if (ec) {
        boost::asio::post(socket.get_executor(), [handler = std::forward<Handler>(handler),
                                                  ec]() mutable { handler(ec); });
        return;
    }
    socket.async_connect(endpoint, std::forward<Handler>(handler));
}

}  // namespace routerd::checks
