#include "smtp_sender.hpp"

#include <pthread.h>

#include <openssl/ssl.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <memory>
#include <stdexcept>

#include "failover.hpp"
#include "smtp_session.hpp"

namespace routerd::smtp {

namespace asio = boost::asio;

namespace {

asio::awaitable<DeliveryReport> deliver(asio::ssl::context& tls, const SenderSettings& settings,
                                        Envelope envelope, std::string message,
                                        SmtpSender::Log debug) {
    DeliveryReport report;
    std::vector<Result> results;
    for (const Relay& relay : settings.relays) {
        DialogueConfig config = settings.dialogue;
        config.tls = relay.tls;
        auto session = std::make_shared<SmtpSession>(
            co_await asio::this_coro::executor, tls, relay.address, relay.tls == TlsMode::kImplicit,
            settings.step_timeout, Dialogue(std::move(config), envelope, message), debug);
        const Outcome outcome = co_await session->run();
        results.push_back(outcome.result);
        report.detail += (report.detail.empty() ? "" : "; ") + relay.address.to_string() + ": " +
                         std::string(result_name(outcome.result)) + " (" + outcome.reason + ")";
        if (outcome.result == Result::kDelivered) {
            break;
        }
    }
    report.result = combine_results(results);
    co_return report;
}

}  // namespace

SmtpSender::SmtpSender(SenderSettings settings, Log debug)
    : settings_(std::move(settings)),
      debug_(std::move(debug)),
      tls_(asio::ssl::context::tls_client) {
    // RFC 8314 §4.1 / RFC 8996: nothing older than TLS 1.2.
    SSL_CTX_set_min_proto_version(tls_.native_handle(), TLS1_2_VERSION);
    if (settings_.tls_verify) {
        tls_.set_verify_mode(asio::ssl::verify_peer);
        boost::system::error_code ec;
        if (settings_.tls_ca_file.empty()) {
            tls_.set_default_verify_paths(ec);
        } else {
            tls_.load_verify_file(settings_.tls_ca_file, ec);
        }
        if (ec) {
            throw std::runtime_error(
                "cannot load TLS trust anchors" +
                (settings_.tls_ca_file.empty() ? std::string() : " from " + settings_.tls_ca_file) +
                ": " + ec.message());
        }
    } else {
        tls_.set_verify_mode(asio::ssl::verify_none);
    }
}

SmtpSender::~SmtpSender() {
    stop();
}

void SmtpSender::start() {
    if (io_) {
        return;
    }
    io_.emplace();
    thread_ = std::thread([this] {
        pthread_setname_np(pthread_self(), "smtp");
        auto work = asio::make_work_guard(*io_);
        io_->run();
    });
}

void SmtpSender::stop() {
    if (!io_) {
        return;
    }
    io_->stop();
    thread_.join();
    io_.reset();  // destroys the abandoned transactions
}

void SmtpSender::send(Envelope envelope, std::string message, Done done) {
    if (!io_) {
        throw std::logic_error("SmtpSender::send before start");
    }
    asio::co_spawn(*io_, deliver(tls_, settings_, std::move(envelope), std::move(message), debug_),
                   [done = std::move(done)](std::exception_ptr error, DeliveryReport report) {
                       if (error) {
                           try {
                               std::rethrow_exception(error);
                           } catch (const std::exception& e) {
                               report = {Result::kPermanentFailure, e.what()};
                           } catch (...) {
                               report = {Result::kPermanentFailure, "unknown error"};
                           }
                       }
                       done(std::move(report));
                   });
}

}  // namespace routerd::smtp
