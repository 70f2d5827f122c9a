#include "settings.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <stdexcept>
#include <system_error>

#include "mailbox.hpp"
#include "secret_file.hpp"
#include "server_address.hpp"

namespace routerd::smtp {
namespace {

using namespace std::chrono_literals;

// RFC 8314 §3.3: 465 is the submission port with implicit TLS.
constexpr std::uint16_t kImplicitTlsPort = 465;

// A duration string ("30s"), or a number of seconds as keepalived.conf writes it.
std::optional<std::chrono::nanoseconds> seconds_or_duration(const sdk::Config& value) {
    if (value.type() == ROUTERD_CONFIG_INTEGER) {
        if (auto seconds = value.integer(1, 3600)) return std::chrono::seconds(*seconds);
        return std::nullopt;
    }
    return value.duration();
}

// The secret, without the line end an editor leaves; never shown in any message. Read from
// the descriptor whose mode was checked, so the file cannot be swapped in between.
std::optional<std::string> read_secret(const sdk::Config& key, const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        key.error("cannot read '" + path + "': " + std::generic_category().message(errno));
        return std::nullopt;
    }
    struct stat st {};
    std::optional<std::string> refusal;
    if (::fstat(fd, &st) != 0)
        refusal = std::generic_category().message(errno);
    else
        refusal = secret_file_refusal(st.st_mode);
    std::string secret;
    char buffer[4096];
    for (ssize_t got = 0; !refusal && (got = ::read(fd, buffer, sizeof buffer)) != 0;) {
        if (got < 0 && errno == EINTR) continue;
        if (got < 0)
            refusal = std::generic_category().message(errno);
        else
            secret.append(buffer, static_cast<std::size_t>(got));
    }
    ::close(fd);
    if (refusal) {
        key.error("'" + path + "' " + *refusal);
        return std::nullopt;
    }
    while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r'))
        secret.pop_back();
    if (secret.empty()) {
        key.error("'" + path + "' is empty");
        return std::nullopt;
    }
    return secret;
}

struct Reader {
    const sdk::Config& config;
    bool ok = true;

    void fail(const sdk::Config& node, const std::string& message) {
        node.error(message);
        ok = false;
    }
    // A present value that its getter refused has been reported already.
    template <class T>
    std::optional<T> check(const sdk::Config& node, std::optional<T> value) {
        if (!value && node.present()) ok = false;
        return value;
    }
    std::optional<std::string> mailbox(const sdk::Config& node) {
        auto address = check(node, node.string());
        if (address && !is_valid_mailbox(*address)) {
            fail(node, "'" + *address + "' is not a mail address (user@domain)");
            return std::nullopt;
        }
        return address;
    }
};

}  // namespace

std::optional<Settings> read_settings(const sdk::Config& config, const sdk::GlobalConfig& global,
                                      const std::string& host_name) {
    Reader r{config};
    Settings s;
    s.host_name = host_name;
    s.router_id = global.router_id.value_or(host_name);

    const sdk::Config emails = config["notification_email"];
    for (const sdk::Config& item : emails.items()) {
        if (auto address = r.mailbox(item)) s.recipients.push_back(*address);
    }
    if (emails.items().empty())
        r.fail(emails, "is required: who receives the alerts, e.g. [\"ops@example.net\"]");

    const sdk::Config from = config["notification_email_from"];
    // keepalived.conf(5): the default sender is keepalived@<local host name>.
    s.from = r.mailbox(from).value_or("routerd@" + host_name);
    if (!from.present() && !is_valid_mailbox(s.from))
        r.fail(from, "is required: this host's name does not make a mail address");

    const sdk::Config helo = config["smtp_helo_name"];
    s.sender.dialogue.helo_name = r.check(helo, helo.string()).value_or(host_name);
    if (!is_valid_helo_name(s.sender.dialogue.helo_name))
        r.fail(helo, "'" + s.sender.dialogue.helo_name + "' is not a host name for EHLO");

    const sdk::Config tls = config["tls"];
    const auto tls_mode = r.check(tls, tls.one_of({"none", "starttls", "implicit"}));
    const sdk::Config servers = config["smtp_server"];
    for (const sdk::Config& item : servers.items()) {
        auto text = r.check(item, item.string());
        if (!text) continue;
        try {
            const bool implicit = tls_mode == "implicit";
            Relay relay{parse_server_address(*text, implicit ? kImplicitTlsPort : 25)};
            relay.tls = implicit || (!tls_mode && relay.address.port == kImplicitTlsPort)
                            ? TlsMode::kImplicit
                        : tls_mode == "starttls" ? TlsMode::kStartTls
                                                 : TlsMode::kNone;
            s.sender.relays.push_back(std::move(relay));
        } catch (const std::invalid_argument& e) {
            r.fail(item, e.what());
        }
    }
    if (servers.items().empty())
        r.fail(servers, "is required: the relay(s) to send through, e.g. [\"127.0.0.1:25\"]");

    const sdk::Config timeout = config["smtp_connect_timeout"];
    s.sender.step_timeout = r.check(timeout, seconds_or_duration(timeout)).value_or(30s);
    if (s.sender.step_timeout <= 0s) r.fail(timeout, "must be longer than zero");

    const sdk::Config ca_file = config["tls_ca_file"];
    s.sender.tls_ca_file = r.check(ca_file, ca_file.string()).value_or("");
    if (!s.sender.tls_ca_file.empty() && !std::ifstream(s.sender.tls_ca_file))
        r.fail(ca_file, "cannot read '" + s.sender.tls_ca_file + "'");
    const sdk::Config verify = config["tls_verify"];
    s.sender.tls_verify = r.check(verify, verify.boolean()).value_or(true);

    const sdk::Config username = config["smtp_username"];
    const sdk::Config password_file = config["smtp_password_file"];
    const sdk::Config auth = config["smtp_auth"];
    const auto user = r.check(username, username.string());
    const auto secret_path = r.check(password_file, password_file.string());
    const auto mechanism = r.check(auth, auth.one_of({"auto", "plain", "login"}));
    if (user.has_value() != secret_path.has_value()) {
        r.fail(user ? password_file : username,
               "is required with " + std::string(user ? "smtp_username" : "smtp_password_file"));
    } else if (user) {
        if (auto secret = read_secret(password_file, *secret_path)) {
            s.sender.dialogue.auth = Credentials{*user, *secret,
                                                 mechanism == "plain"   ? AuthMechanism::kPlain
                                                 : mechanism == "login" ? AuthMechanism::kLogin
                                                                        : AuthMechanism::kAuto};
        } else {
            r.ok = false;
        }
        for (const Relay& relay : s.sender.relays) {
            if (relay.tls == TlsMode::kNone) {
                r.fail(username,
                       "credentials go only over TLS: set tls = \"starttls\" or "
                       "\"implicit\" (relay " +
                           relay.address.to_string() + ")");
                break;
            }
        }
    }

    auto flag = [&](const char* key, bool fallback) {
        const sdk::Config value = config[key];
        return r.check(value, value.boolean()).value_or(fallback);
    };
    const bool smtp_alert = flag("smtp_alert", true);
    s.alert_defaults = {.vrrp = flag("smtp_alert_vrrp", smtp_alert),
                        .checker = flag("smtp_alert_checker", smtp_alert),
                        .faults = !flag("no_email_faults", false)};

    const sdk::Config window = config["coalesce_window"];
    s.coalesce_window =
        std::chrono::ceil<std::chrono::seconds>(r.check(window, window.duration()).value_or(0s));

    const sdk::Config retry = config["retry_delay"];
    const sdk::Config retry_max = config["retry_max_delay"];
    s.backoff.initial = std::chrono::ceil<std::chrono::seconds>(
        r.check(retry, retry.duration()).value_or(s.backoff.initial));
    s.backoff.cap = std::chrono::ceil<std::chrono::seconds>(
        r.check(retry_max, retry_max.duration()).value_or(s.backoff.cap));
    if (s.backoff.initial < 1s) r.fail(retry, "must be at least 1s");
    if (s.backoff.cap < s.backoff.initial)
        r.fail(retry_max, "must not be shorter than retry_delay");

    if (!r.ok) return std::nullopt;
    return s;
}

}  // namespace routerd::smtp
