#include "smtp_session.hpp"

#include <openssl/ssl.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include <array>

namespace routerd::smtp {

namespace asio = boost::asio;
using asio::use_awaitable;

SmtpSession::SmtpSession(asio::any_io_executor executor, asio::ssl::context& tls,
                         ServerAddress server, bool implicit_tls,
                         std::chrono::nanoseconds step_timeout, Dialogue dialogue,
                         std::function<void(const std::string&)> debug)
    : server_(std::move(server)),
      implicit_tls_(implicit_tls),
      step_timeout_(step_timeout),
      dialogue_(std::move(dialogue)),
      debug_(std::move(debug)),
      resolver_(executor),
      stream_(executor, tls),
      deadline_(executor) {
    // The certificate must name the relay as configured (RFC 6125; RFC 3207 §4.1), and SNI
    // tells a relay with several names which certificate to show (not for address literals).
    stream_.set_verify_callback(asio::ssl::host_name_verification(server_.host));
    boost::system::error_code ec;
    asio::ip::make_address(server_.host, ec);
    if (ec) {
        SSL_set_tlsext_host_name(stream_.native_handle(), server_.host.c_str());
    }
}

asio::awaitable<Outcome> SmtpSession::run() {
    arm();  // before the watchdog looks at the deadline
    asio::co_spawn(
        deadline_.get_executor(), [self = shared_from_this()] { return self->watchdog(); },
        asio::detached);
    try {
        co_await connect();
        if (implicit_tls_) {
            co_await handshake();
        }
        Step step;  // nothing to say before the greeting: read it
        for (;;) {
            for (const std::string& line : step.log) {
                debug_(server_.to_string() + " " + line);
            }
            if (!step.send.empty()) {
                co_await write(step.send);
            }
            if (step.next == Next::kClose) {
                break;
            }
            if (step.next == Next::kStartTls) {
                co_await handshake();
                step = dialogue_.on_tls_established();
                continue;
            }
            step = dialogue_.on_data(co_await read());
        }
    } catch (const boost::system::system_error& e) {
        const Step step =
            timed_out_ ? dialogue_.on_timeout() : dialogue_.on_connection_error(e.code().message());
        for (const std::string& line : step.log) {
            debug_(server_.to_string() + " " + line);
        }
    }
    finished_ = true;
    deadline_.cancel();  // ends the watchdog
    close();
    co_return dialogue_.outcome().value_or(
        Outcome{Result::kTransientFailure, dialogue_.stage(), "the dialogue ended undecided", {}});
}

asio::awaitable<void> SmtpSession::watchdog() {
    while (!finished_) {
        boost::system::error_code ec;
        co_await deadline_.async_wait(asio::redirect_error(use_awaitable, ec));
        if (!finished_ && deadline_.expiry() <= asio::steady_timer::clock_type::now()) {
            timed_out_ = true;
            close();  // fails the pending operation, which run() reports as a timeout
            co_return;
        }
    }
}

void SmtpSession::arm() {
    deadline_.expires_after(step_timeout_);
}

void SmtpSession::close() {
    boost::system::error_code ignored;
    resolver_.cancel();
    stream_.next_layer().close(ignored);
}

asio::awaitable<void> SmtpSession::connect() {
    arm();
    const auto endpoints =
        co_await resolver_.async_resolve(server_.host, std::to_string(server_.port), use_awaitable);
    arm();
    co_await asio::async_connect(stream_.next_layer(), endpoints, use_awaitable);
}

asio::awaitable<void> SmtpSession::handshake() {
    arm();
    co_await stream_.async_handshake(asio::ssl::stream_base::client, use_awaitable);
    tls_active_ = true;
}

asio::awaitable<std::string> SmtpSession::read() {
    arm();
    std::array<char, 4096> buffer;
    const std::size_t n =
        tls_active_
            ? co_await stream_.async_read_some(asio::buffer(buffer), use_awaitable)
            : co_await stream_.next_layer().async_read_some(asio::buffer(buffer), use_awaitable);
    co_return std::string(buffer.data(), n);
}

asio::awaitable<void> SmtpSession::write(const std::string& bytes) {
    arm();
    if (tls_active_) {
        co_await asio::async_write(stream_, asio::buffer(bytes), use_awaitable);
    } else {
        co_await asio::async_write(stream_.next_layer(), asio::buffer(bytes), use_awaitable);
    }
}

}  // namespace routerd::smtp
