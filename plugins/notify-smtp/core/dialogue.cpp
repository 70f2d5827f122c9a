#include "dialogue.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

#include "base64.hpp"
#include "data.hpp"
#include "mailbox.hpp"

namespace routerd::smtp {
namespace {

constexpr std::string_view kCrlf = "\r\n";
constexpr std::string_view kRedacted = "<redacted>";

// RFC 4616 §2: message = [authzid] NUL authcid NUL passwd
std::string plain_initial_response(const Credentials& credentials) {
    std::string message;
    message += '\0';
    message += credentials.username;
    message += '\0';
    message += credentials.password;
    return base64_encode(message);
}

std::optional<AuthMechanism> choose_mechanism(AuthMechanism wanted, const Capabilities& caps) {
    for (const auto& [mechanism, name] :
         {std::pair{AuthMechanism::kPlain, "PLAIN"}, std::pair{AuthMechanism::kLogin, "LOGIN"}}) {
        if ((wanted == AuthMechanism::kAuto || wanted == mechanism) && caps.supports_auth(name)) {
            return mechanism;
        }
    }
    return std::nullopt;
}

std::string joined(const std::vector<std::string>& words) {
    std::string out;
    for (const auto& word : words) {
        out += (out.empty() ? "" : " ") + word;
    }
    return out.empty() ? "none" : out;
}

}  // namespace

std::string_view stage_name(Stage stage) {
    switch (stage) {
        case Stage::kGreeting:
            return "greeting";
        case Stage::kEhlo:
            return "EHLO";
        case Stage::kHelo:
            return "HELO";
        case Stage::kStartTls:
            return "STARTTLS";
        case Stage::kTlsHandshake:
            return "TLS handshake";
        case Stage::kAuth:
            return "AUTH";
        case Stage::kMailFrom:
            return "MAIL FROM";
        case Stage::kRcptTo:
            return "RCPT TO";
        case Stage::kData:
            return "DATA";
        case Stage::kMessage:
            return "end of data";
        case Stage::kQuit:
            return "QUIT";
        case Stage::kClosed:
            return "closed";
    }
    return "unknown";
}

std::string_view result_name(Result result) {
    switch (result) {
        case Result::kDelivered:
            return "delivered";
        case Result::kTransientFailure:
            return "transient failure";
        case Result::kPermanentFailure:
            return "permanent failure";
    }
    return "unknown";
}

Dialogue::Dialogue(DialogueConfig config, Envelope envelope, std::string_view message)
    : config_(std::move(config)),
      envelope_(std::move(envelope)),
      data_(encode_data(message)),
      parser_(config_.limits),
      tls_active_(config_.tls == TlsMode::kImplicit) {
    if (auto error = validate(config_, envelope_)) {
        throw std::invalid_argument(*error);
    }
    if (config_.auth && !config_.auth->password.empty()) {
        // Longest first, so that redacting one form never leaves part of another.
        secrets_ = {plain_initial_response(*config_.auth), base64_encode(config_.auth->password),
                    config_.auth->password};
    }
}

std::optional<std::string> Dialogue::validate(const DialogueConfig& config,
                                              const Envelope& envelope) {
    if (!is_valid_helo_name(config.helo_name)) {
        return "invalid EHLO name";
    }
    if (!envelope.from.empty() && !is_valid_mailbox(envelope.from)) {
        return "invalid sender address";
    }
    if (envelope.to.empty()) {
        return "no recipient";
    }
    if (!std::ranges::all_of(envelope.to, is_valid_mailbox)) {
        return "invalid recipient address";
    }
    if (config.auth) {
        const auto& [username, password, mechanism] = *config.auth;
        if (username.empty() || username.find('\0') != std::string::npos ||
            password.find('\0') != std::string::npos) {
            return "invalid credentials: empty user name or NUL octet (RFC 4616 §2)";
        }
    }
    return std::nullopt;
}

Step Dialogue::on_data(std::string_view bytes) {
    Step step;
    if (stage_ == Stage::kClosed) {
        step.next = Next::kClose;
        return step;
    }
    if (stage_ == Stage::kTlsHandshake) {
        throw std::logic_error("smtp::Dialogue::on_data during the TLS handshake");
    }
    switch (parser_.parse(bytes)) {
        case ReplyParser::Status::kNeedMore:
            return step;
        case ReplyParser::Status::kError:
            protocol_error(step, parser_.error());
            return redacted(std::move(step));
        case ReplyParser::Status::kComplete:
            break;
    }
    step.log.push_back("S: " + parser_.reply().summary());
    if (!bytes.empty()) {
        // We never pipeline (RFC 2920), so the server has nothing to say before our
        // next command. After STARTTLS this is the plaintext command injection that
        // RFC 3207 §6 warns about; anywhere else a confused server.
        protocol_error(step, "unexpected data after the reply");
    } else {
        on_reply(step, parser_.reply());
    }
    return redacted(std::move(step));
}

Step Dialogue::on_tls_established() {
    if (stage_ != Stage::kTlsHandshake) {
        throw std::logic_error("smtp::Dialogue::on_tls_established without STARTTLS");
    }
    tls_active_ = true;
    Step step;
    step.log.emplace_back("TLS established");
    // RFC 3207 §4.2: the client MUST discard what it knew and send EHLO again.
    command(step, Stage::kEhlo, "EHLO " + config_.helo_name);
    return step;
}

Step Dialogue::on_timeout() {
    Step step;
    settle(step, Result::kTransientFailure,
           "timed out in stage " + std::string(stage_name(stage_)));
    close(step);
    return step;
}

Step Dialogue::on_connection_error(std::string_view what) {
    Step step;
    settle(step, Result::kTransientFailure,
           "connection failed at " + std::string(stage_name(stage_)) + ": " + std::string(what));
    close(step);
    return redacted(std::move(step));
}

void Dialogue::on_reply(Step& step, const Reply& reply) {
    const bool positive = reply.reply_class() == 2;
    switch (stage_) {
        case Stage::kGreeting:
            if (!positive) {
                return fail_on_reply(step, reply);
            }
            return command(step, Stage::kEhlo, "EHLO " + config_.helo_name);
        case Stage::kEhlo:
            if (positive) {
                capabilities_ = Capabilities::from_ehlo_reply(reply);
                return after_hello(step);
            }
            if (reply.reply_class() == 5) {
                // RFC 5321 §3.2: a server that does not know EHLO may still know HELO.
                return command(step, Stage::kHelo, "HELO " + config_.helo_name);
            }
            return fail_on_reply(step, reply);
        case Stage::kHelo:
            if (!positive) {
                return fail_on_reply(step, reply);
            }
            capabilities_ = {};
            return after_hello(step);
        case Stage::kStartTls:
            if (!positive) {
                return fail_on_reply(step, reply);
            }
            capabilities_ = {};
            stage_ = Stage::kTlsHandshake;
            step.next = Next::kStartTls;
            return;
        case Stage::kAuth:
            return after_auth(step, reply);
        case Stage::kMailFrom:
            if (!positive) {
                return fail_on_reply(step, reply);
            }
            return send_rcpt(step);
        case Stage::kRcptTo:
            return after_rcpt(step, reply);
        case Stage::kData:
            if (reply.code != 354) {
                return fail_on_reply(step, reply);
            }
            return send(step, Stage::kMessage, data_,
                        "C: <message, " + std::to_string(data_.size()) + " octets>");
        case Stage::kMessage:
            if (!positive) {
                return fail_on_reply(step, reply);
            }
            // The only reply that means the message is the server's responsibility now
            // (RFC 5321 §4.1.1.4).
            return decide(step, Result::kDelivered, reply.summary());
        case Stage::kQuit:
        case Stage::kTlsHandshake:
        case Stage::kClosed:
            return close(step);
    }
}

void Dialogue::after_hello(Step& step) {
    if (config_.tls == TlsMode::kStartTls && !tls_active_) {
        if (!capabilities_.starttls()) {
            return decide(step, Result::kPermanentFailure,
                          "STARTTLS is required but the server does not offer it");
        }
        return command(step, Stage::kStartTls, "STARTTLS");
    }
    if (config_.auth) {
        return start_auth(step);
    }
    send_mail_from(step);
}

void Dialogue::start_auth(Step& step) {
    if (!tls_active_ && !config_.allow_plaintext_auth) {
        return decide(step, Result::kPermanentFailure,
                      "refusing to send credentials over a connection without TLS");
    }
    const Credentials& credentials = *config_.auth;
    const auto mechanism = choose_mechanism(credentials.mechanism, capabilities_);
    if (!mechanism) {
        return decide(step, Result::kPermanentFailure,
                      "the server offers no usable AUTH mechanism (offered: " +
                          joined(capabilities_.params("AUTH")) + ")");
    }
    if (*mechanism == AuthMechanism::kPlain) {
        return send(step, Stage::kAuth,
                    "AUTH PLAIN " + plain_initial_response(credentials) + std::string(kCrlf),
                    "C: AUTH PLAIN " + std::string(kRedacted));
    }
    // Answered one per 334 challenge, in this order (popped from the back).
    auth_responses_ = {base64_encode(credentials.password), base64_encode(credentials.username)};
    command(step, Stage::kAuth, "AUTH LOGIN");
}

void Dialogue::after_auth(Step& step, const Reply& reply) {
    if (reply.code == 334 && !auth_responses_.empty()) {
        send(step, Stage::kAuth, auth_responses_.back() + std::string(kCrlf),
             "C: " + std::string(kRedacted));
        auth_responses_.pop_back();
        return;
    }
    if (reply.reply_class() == 2 && auth_responses_.empty()) {
        return send_mail_from(step);
    }
    fail_on_reply(step, reply);
}

void Dialogue::send_mail_from(Step& step) {
    command(step, Stage::kMailFrom, "MAIL FROM:<" + envelope_.from + ">");
}

void Dialogue::send_rcpt(Step& step) {
    command(step, Stage::kRcptTo, "RCPT TO:<" + envelope_.to[next_rcpt_++] + ">");
}

void Dialogue::after_rcpt(Step& step, const Reply& reply) {
    const int reply_class = reply.reply_class();
    if (reply_class == 2) {
        ++accepted_;
    } else if ((reply_class == 4 || reply_class == 5) && reply.code != 421) {
        // RFC 5321 §3.3: one rejected recipient does not end the transaction.
        rejected_.push_back({envelope_.to[next_rcpt_ - 1], reply.summary(), reply_class == 4});
    } else {
        return fail_on_reply(step, reply);
    }
    if (next_rcpt_ < envelope_.to.size()) {
        return send_rcpt(step);
    }
    if (accepted_ > 0) {
        return command(step, Stage::kData, "DATA");
    }
    std::string details;
    bool any_transient = false;
    for (const RecipientRejection& rejection : rejected_) {
        details += (details.empty() ? "" : "; ") + rejection.address + ": " + rejection.reply;
        any_transient = any_transient || rejection.transient;
    }
    decide(step, any_transient ? Result::kTransientFailure : Result::kPermanentFailure,
           "every recipient was rejected (" + details + ")");
}

void Dialogue::command(Step& step, Stage stage, std::string line) {
    std::string shown = "C: " + line;
    send(step, stage, std::move(line) + std::string(kCrlf), std::move(shown));
}

void Dialogue::send(Step& step, Stage stage, std::string bytes, std::string shown) {
    stage_ = stage;
    step.send += bytes;
    step.log.push_back(std::move(shown));
    step.next = Next::kRead;
}

void Dialogue::decide(Step& step, Result result, std::string reason) {
    settle(step, result, std::move(reason));
    command(step, Stage::kQuit, "QUIT");
}

void Dialogue::fail_on_reply(Step& step, const Reply& reply) {
    switch (reply.reply_class()) {
        case 4:
            if (reply.code == 421) {
                // RFC 5321 §3.8: the server is closing the channel; no QUIT.
                settle(step, Result::kTransientFailure, reply.summary());
                return close(step);
            }
            return decide(step, Result::kTransientFailure, reply.summary());
        case 5:
            return decide(step, Result::kPermanentFailure, reply.summary());
        default:
            return protocol_error(step, "unexpected reply " + reply.summary());
    }
}

void Dialogue::protocol_error(Step& step, std::string reason) {
    // A server that does not speak SMTP properly is not worth a QUIT, but may be
    // fixed by a restart or a failover: retry later.
    settle(step, Result::kTransientFailure, "protocol error: " + std::move(reason));
    close(step);
}

void Dialogue::settle(Step& step, Result result, std::string reason) {
    if (outcome_) {
        return;
    }
    outcome_ = Outcome{result, stage_, redact(std::move(reason)), rejected_};
    step.outcome = outcome_;
}

void Dialogue::close(Step& step) {
    stage_ = Stage::kClosed;
    step.next = Next::kClose;
}

std::string Dialogue::redact(std::string text) const {
    for (const std::string& secret : secrets_) {
        for (std::size_t at = text.find(secret); at != std::string::npos;
             at = text.find(secret, at + kRedacted.size())) {
            text.replace(at, secret.size(), kRedacted);
        }
    }
    return text;
}

Step Dialogue::redacted(Step step) const {
    for (std::string& line : step.log) {
        line = redact(std::move(line));
    }
    return step;
}

}  // namespace routerd::smtp
