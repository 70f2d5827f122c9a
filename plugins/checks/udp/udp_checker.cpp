// udp: Keepalived's UDP_CHECK (keepalived.conf(5), "UDP healthchecker"): send `payload`;
// without require_reply the target is up unless an ICMP unreachable comes back before
// connect_timeout; with it, a reply must come, of min..max_reply_length bytes, matching the
// pattern when one is given.
#include <routerd/plugin.hpp>

#include <random>

#include "asio_checker.hpp"
#include "check_keys.hpp"
#include "datagram_operation.hpp"
#include "hex_pattern.hpp"
#include "socket_target.hpp"

namespace routerd::checks::udp {
namespace {

using boost::asio::ip::udp;

struct UdpSettings {
    udp::endpoint endpoint;
    SourceBinding binding;
    std::vector<uint8_t> payload;
    bool require_reply = false;
    std::optional<HexPattern> pattern;
    size_t min_length = 0;
    size_t max_length = 255;  // keepalived.conf(5) defaults
};

class UdpOperation : public DatagramOperation {
  public:
    UdpOperation(boost::asio::io_context& io, sdk::ProbeDone done,
                 std::shared_ptr<const UdpSettings> settings)
        : DatagramOperation(io, std::move(done), settings->endpoint, settings->binding),
          settings_(std::move(settings)) {}

  private:
    std::vector<uint8_t> request() override { return settings_->payload; }

    std::optional<Answer> on_reply(std::span<const uint8_t> datagram) override {
        if (!settings_->require_reply) return Answer{true, ""};
        if (datagram.size() < settings_->min_length || datagram.size() > settings_->max_length) {
            return Answer{false, "reply of " + std::to_string(datagram.size()) + " bytes, not " +
                                     std::to_string(settings_->min_length) + ".." +
                                     std::to_string(settings_->max_length)};
        }
        if (settings_->pattern && !settings_->pattern->matches(datagram))
            return Answer{false, "the reply does not match require_reply"};
        return Answer{true, ""};
    }

    void timed_out(std::string message) override {
        if (settings_->require_reply) return finish(false, "no reply: " + message);
        finish(true, "no ICMP unreachable");  // silence is success without require_reply
    }

    std::shared_ptr<const UdpSettings> settings_;
};

class UdpChecker : public AsioChecker {
  public:
    using AsioChecker::AsioChecker;

    std::unique_ptr<sdk::Probe> create_probe(const sdk::Config& check,
                                             std::string_view target) override {
        CheckKeys keys(check);
        std::optional<SocketTarget> socket = read_socket_target(host(), keys, target, true);
        UdpSettings settings;
        std::string error;
        if (std::optional<std::string> text = keys.string("payload")) {
            if (std::optional<HexPattern> payload = HexPattern::parse(*text, false, &error)) {
                settings.payload = payload->bytes;
            } else {
                keys.error("payload", error);
            }
        } else {
            // keepalived.conf(5): "otherwise a random payload will be sent".
            std::random_device random;
            for (int i = 0; i < 16; ++i)
                settings.payload.push_back(static_cast<uint8_t>(random()));
        }
        // require_reply = true (any reply) or a HEX_STR the reply must match.
        const sdk::Config reply = keys["require_reply"];
        if (reply.type() == ROUTERD_CONFIG_BOOLEAN) {
            settings.require_reply = reply.boolean().value_or(false);
        } else if (std::optional<std::string> text = keys.string("require_reply")) {
            settings.require_reply = true;
            settings.pattern = HexPattern::parse(*text, true, &error);
            if (!settings.pattern) keys.error("require_reply", error);
        }
        settings.min_length =
            static_cast<size_t>(keys.integer("min_reply_length", 0, 65535).value_or(0));
        settings.max_length =
            static_cast<size_t>(keys.integer("max_reply_length", 0, 65535).value_or(255));
        if (settings.min_length > settings.max_length)
            keys.error("min_reply_length", "is larger than max_reply_length");
        if (!keys.valid()) return nullptr;
        settings.endpoint = udp::endpoint(socket->endpoint.address, socket->endpoint.port);
        settings.binding = std::move(socket->binding);
        return std::make_unique<OperationProbe<UdpOperation, UdpSettings>>(io(),
                                                                           std::move(settings));
    }
};

}  // namespace
}  // namespace routerd::checks::udp

ROUTERD_PLUGIN(registrar) {
    registrar.add<routerd::checks::udp::UdpChecker>("udp", "1.0.0");
}
