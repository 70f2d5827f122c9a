// dns: Keepalived's DNS_CHECK (keepalived.conf(5), "DNS healthchecker"): a query of a type
// (default SOA) for `name` (default ".") over UDP; up on a NOERROR reply with an answer.
// Keepalived's `type` is `query_type` here: in a routerd check table `type` names the
// checker ("dns").
#include <routerd/plugin.hpp>

#include <random>

#include "asio_checker.hpp"
#include "check_keys.hpp"
#include "datagram_operation.hpp"
#include "dns_message.hpp"
#include "socket_target.hpp"

namespace routerd::checks::dns {
namespace {

using boost::asio::ip::udp;

constexpr uint16_t kDnsPort = 53;

struct DnsSettings {
    udp::endpoint endpoint;
    SourceBinding binding;
    std::string name = ".";
    uint16_t type = 6;  // SOA
};

class DnsOperation : public DatagramOperation {
  public:
    DnsOperation(boost::asio::io_context& io, sdk::ProbeDone done,
                 std::shared_ptr<const DnsSettings> settings)
        : DatagramOperation(io, std::move(done), settings->endpoint, settings->binding),
          settings_(std::move(settings)) {}

  private:
    std::vector<uint8_t> request() override {
        // A fresh random id per query (RFC 5452 §9.2), so a late reply to an earlier
        // query is not taken for this one.
        static thread_local std::mt19937 random{std::random_device{}()};
        id_ = static_cast<uint16_t>(random());
        std::string error;
        return build_query(settings_->name, settings_->type, id_, &error)
            .value_or(std::vector<uint8_t>{});
    }

    std::optional<Answer> on_reply(std::span<const uint8_t> datagram) override {
        const ReplyVerdict verdict = judge_reply(datagram, id_, settings_->name, settings_->type);
        if (verdict.kind == ReplyVerdict::Kind::kNotOurs)
            return std::nullopt;  // a stray: keep waiting for ours
        return Answer{verdict.kind == ReplyVerdict::Kind::kPass, verdict.reason};
    }

    std::shared_ptr<const DnsSettings> settings_;
    uint16_t id_ = 0;
};

class DnsChecker : public AsioChecker {
  public:
    using AsioChecker::AsioChecker;

    std::unique_ptr<sdk::Probe> create_probe(const sdk::Config& check,
                                             std::string_view target) override {
        CheckKeys keys(check);
        std::optional<SocketTarget> socket = read_socket_target(host(), keys, target, false);
        DnsSettings settings;
        if (std::optional<std::string> type = keys.string("query_type")) {
            if (std::optional<uint16_t> value = query_type(*type)) {
                settings.type = *value;
            } else {
                keys.error("query_type",
                           "'" + *type + "' is not one of A, NS, CNAME, SOA, MX, TXT, AAAA");
            }
        }
        settings.name = keys.string("name").value_or(".");
        std::string error;
        if (!build_query(settings.name, settings.type, 0, &error)) keys.error("name", error);
        if (!keys.valid()) return nullptr;
        settings.endpoint = udp::endpoint(socket->endpoint.address,
                                          socket->endpoint.port ? socket->endpoint.port : kDnsPort);
        settings.binding = std::move(socket->binding);
        return std::make_unique<OperationProbe<DnsOperation, DnsSettings>>(io(),
                                                                           std::move(settings));
    }
};

}  // namespace
}  // namespace routerd::checks::dns

ROUTERD_PLUGIN(registrar) {
    registrar.add<routerd::checks::dns::DnsChecker>("dns", "1.0.0");
}
