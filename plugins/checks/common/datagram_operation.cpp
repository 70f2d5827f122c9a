#include "datagram_operation.hpp"

namespace routerd::checks {

void DatagramOperation::begin() {
    boost::system::error_code ec;
    socket_.open(endpoint_.protocol(), ec);
    if (!ec) ec = binding_.apply(socket_.native_handle(), endpoint_.protocol().family());
    if (!ec) socket_.connect(endpoint_, ec);  // a UDP connect only sets the peer: it never blocks
    if (ec) return fail("socket", ec);
    sent_ = request();
    phase("waiting for a reply");
    socket_.async_send(boost::asio::buffer(sent_),
                       [self = self<DatagramOperation>()](boost::system::error_code ec, size_t) {
                           if (self->finished()) return;
                           if (ec) return self->finish(false, "send: " + ec.message());
                           self->receive();
                       });
}

void DatagramOperation::receive() {
    socket_.async_receive(
        boost::asio::buffer(buffer_),
        [self = self<DatagramOperation>()](boost::system::error_code ec, size_t n) {
            if (self->finished()) return;
            if (ec == boost::asio::error::connection_refused)
                return self->finish(false, "ICMP port unreachable");
            if (ec) return self->finish(false, "receive: " + ec.message());
            if (std::optional<Answer> answer =
                    self->on_reply(std::span<const uint8_t>(self->buffer_.data(), n))) {
                return self->finish(answer->up, std::move(answer->reason));
            }
            self->receive();
        });
}

void DatagramOperation::release() {
    boost::system::error_code ignored;
    socket_.close(ignored);
}

}  // namespace routerd::checks
