// smtp: Keepalived's SMTP_CHECK (keepalived.conf(5), "SMTP healthchecker"): connect, expect
// a 2xx greeting, say HELO (or EHLO) helo_name and expect 2xx, then QUIT (RFC 5321 §4.1).
// Replies are parsed by plugins/common's SMTP reply parser, which notify-smtp uses too.
#include <routerd/plugin.hpp>

#include <unistd.h>

#include <array>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>

#include "asio_checker.hpp"
#include "check_keys.hpp"
#include "probe_operation.hpp"
#include "routerd/common/smtp_reply.hpp"
#include "socket_target.hpp"
#include "stream_connect.hpp"

namespace routerd::checks::smtp {
namespace {

using boost::asio::ip::tcp;
using routerd::smtp::ReplyParser;

struct SmtpSettings {
    tcp::endpoint endpoint;
    SourceBinding binding;
    std::string greeting;  // "HELO name\r\n" or "EHLO name\r\n"
};

class SmtpOperation : public ProbeOperation {
  public:
    SmtpOperation(boost::asio::io_context& io, sdk::ProbeDone done,
                  std::shared_ptr<const SmtpSettings> settings)
        : ProbeOperation(io, std::move(done)), settings_(std::move(settings)), socket_(io) {}

  private:
    enum class Step { kBanner, kHelo, kQuit };

    void begin() override {
        phase("connecting");
        connect_from(socket_, settings_->endpoint, settings_->binding,
                     [self = self<SmtpOperation>()](boost::system::error_code ec) {
                         if (self->finished()) return;
                         if (ec) return self->fail("connect", ec);
                         self->phase("waiting for the greeting");
                         self->read_reply();
                     });
    }

    void release() override {
        boost::system::error_code ignored;
        socket_.close(ignored);
    }

    // Parses what is buffered; reads more until a whole reply is in.
    void read_reply() {
        std::string_view input(pending_);
        const ReplyParser::Status status = parser_.parse(input);
        pending_.erase(0, pending_.size() - input.size());
        if (status == ReplyParser::Status::kError)
            return finish(false, "bad reply: " + parser_.error());
        if (status == ReplyParser::Status::kComplete) return on_reply(parser_.reply());
        socket_.async_read_some(
            boost::asio::buffer(buffer_),
            [self = self<SmtpOperation>()](boost::system::error_code ec, size_t n) {
                if (self->finished()) return;
                if (ec && self->step_ == Step::kQuit)
                    return self->finish(true, "");  // closed after QUIT: fine
                if (ec) return self->finish(false, "receive: " + ec.message());
                self->pending_.append(self->buffer_.data(), n);
                self->read_reply();
            });
    }

    void on_reply(const routerd::smtp::Reply& reply) {
        switch (step_) {
            case Step::kBanner:
                if (reply.reply_class() != 2) return finish(false, "greeting: " + reply.summary());
                step_ = Step::kHelo;
                return send(settings_->greeting, "waiting for the HELO reply");
            case Step::kHelo:
                if (reply.reply_class() != 2) return finish(false, "HELO: " + reply.summary());
                step_ = Step::kQuit;
                return send("QUIT\r\n", "waiting for the QUIT reply");
            case Step::kQuit:
                return finish(true, "");
        }
    }

    void send(const std::string& command, std::string_view next_phase) {
        phase(next_phase);
        command_ = command;
        boost::asio::async_write(
            socket_, boost::asio::buffer(command_),
            [self = self<SmtpOperation>()](boost::system::error_code ec, size_t) {
                if (self->finished()) return;
                if (ec) return self->finish(false, "send: " + ec.message());
                self->read_reply();
            });
    }

    std::shared_ptr<const SmtpSettings> settings_;
    tcp::socket socket_;
    ReplyParser parser_;
    Step step_ = Step::kBanner;
    std::string pending_;
    std::string command_;
    std::array<char, 2048> buffer_;
};

std::string local_host_name() {
    char name[256] = {};
    if (gethostname(name, sizeof name - 1) != 0 || name[0] == '\0') return "localhost";
    return name;
}

class SmtpChecker : public AsioChecker {
  public:
    using AsioChecker::AsioChecker;

    std::unique_ptr<sdk::Probe> create_probe(const sdk::Config& check,
                                             std::string_view target) override {
        CheckKeys keys(check);
        std::optional<SocketTarget> socket = read_socket_target(host(), keys, target, true);
        // RFC 5321 §4.1.1.1: HELO's argument is the client's domain; Keepalived defaults
        // it to the host's name.
        const std::string name = keys.string("helo_name").value_or(local_host_name());
        if (name.empty() || name.find_first_of(" \r\n\t") != std::string::npos)
            keys.error("helo_name", "'" + name + "' is not a domain name");
        const bool ehlo = keys.boolean("ehlo").value_or(false);
        if (!keys.valid()) return nullptr;
        return std::make_unique<OperationProbe<SmtpOperation, SmtpSettings>>(
            io(),
            SmtpSettings{tcp::endpoint(socket->endpoint.address, socket->endpoint.port),
                         std::move(socket->binding), (ehlo ? "EHLO " : "HELO ") + name + "\r\n"});
    }
};

}  // namespace
}  // namespace routerd::checks::smtp

ROUTERD_PLUGIN(registrar) {
    registrar.add<routerd::checks::smtp::SmtpChecker>("smtp", "1.0.0");
}
