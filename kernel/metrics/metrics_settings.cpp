#include "metrics/metrics_settings.hpp"

#include <stdexcept>

#include "checks/check_target.hpp"

namespace routerd::metrics {

MetricsSettings read_metrics_settings(const ConfigView& table) {
    MetricsSettings settings;
    if (!table.present()) return settings;
    if (table.type() != ROUTERD_CONFIG_TABLE) {
        table.error("must be a table ([metrics])");
        return settings;
    }
    if (const auto enabled = table["enabled"].boolean()) settings.enabled = *enabled;
    const ConfigView listen = table["listen"];
    if (const auto text = listen.string()) {
        try {
            const HostPort parsed = HostPort::parse(*text);
            if (!parsed.port)
                throw std::invalid_argument("'" + std::string(*text) + "': needs a port, e.g. " +
                                            kDefaultListen);
            boost::system::error_code error;
            const auto address = boost::asio::ip::make_address(parsed.host, error);
            if (error) {
                throw std::invalid_argument("'" + parsed.host +
                                            "' is not an IP address (names are not resolved)");
            }
            settings.listen = {address, static_cast<unsigned short>(*parsed.port)};
        } catch (const std::invalid_argument& e) {
            listen.error(e.what());
        }
    }
    return settings;
}

std::string to_string(const boost::asio::ip::tcp::endpoint& endpoint) {
    const std::string address = endpoint.address().to_string();
    return (endpoint.address().is_v6() ? "[" + address + "]" : address) + ":" +
           std::to_string(endpoint.port());
}

}  // namespace routerd::metrics
