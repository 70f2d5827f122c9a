// The durable alert queue's rows (notify-smtp alerts.alert, read back after a restart; the
// store file is outside routerd's control) on arbitrary text: decoding throws nothing but the
// documented std::invalid_argument, and a decoded alert re-encodes to a row that decodes to
// the same alert, and renders into a mail without throwing.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <string_view>

#include "alert.hpp"
#include "alert_json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace routerd::smtp;
    const std::string_view row(reinterpret_cast<const char*>(data), size);
    Alert alert;
    try {
        alert = alert_from_json(row);
    } catch (const std::invalid_argument&) {
        return 0;
    }
    const std::string encoded = alert_to_json(alert);
    const std::string again = alert_to_json(alert_from_json(encoded));
    if (again != encoded) std::abort();
    const AlertContext context{"LVS1", "lb1.example.net", std::chrono::minutes(60)};
    const AlertText text = render_alerts(context, std::span(&alert, 1));
    if (text.subject.empty() || text.body.empty()) std::abort();
    (void)alert_key(alert);
    return 0;
}
