// The client side of one SMTP transaction (RFC 5321 §3, §4.1) as a pure state
// machine: it takes the server's reply bytes and injected events (TLS is up, a
// timeout, a broken connection) and answers with the bytes to send and what the
// I/O layer must do next. It never touches a socket, a clock or a thread.
//
//   greeting 220 -> EHLO (HELO on 5xx) -> [STARTTLS -> TLS -> EHLO again]
//   -> [AUTH PLAIN | AUTH LOGIN] -> MAIL FROM -> RCPT TO ... -> DATA -> 354
//   -> message -> 250 (delivered) -> QUIT
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "capabilities.hpp"
#include "routerd/common/smtp_reply.hpp"

namespace routerd::smtp {

enum class TlsMode {
    kNone,      // plain SMTP (relays on a trusted network)
    kStartTls,  // RFC 3207, required: a server without STARTTLS is a failure
    kImplicit,  // RFC 8314 §3.3 (port 465): the I/O layer made TLS before the greeting
};

enum class AuthMechanism {
    kAuto,   // PLAIN if offered, else LOGIN
    kPlain,  // RFC 4616, sent as an initial response (RFC 4954 §4)
    kLogin,  // draft-murchison-sasl-login: user name, then password, each on a 334
};

struct Credentials {
    std::string username;
    std::string password;
    AuthMechanism mechanism = AuthMechanism::kAuto;
};

struct DialogueConfig {
    std::string helo_name;  // our host name for EHLO/HELO
    TlsMode tls = TlsMode::kNone;
    std::optional<Credentials> auth;
    // Credentials go only over TLS unless the operator explicitly allows otherwise.
    bool allow_plaintext_auth = false;
    ReplyLimits limits;
};

struct Envelope {
    std::string from;             // MAIL FROM; empty is the null reverse-path "<>"
    std::vector<std::string> to;  // RCPT TO, at least one
};

// Where the dialogue stands: what it waits for. The I/O layer picks the timeout
// from it (RFC 5321 §4.5.3.2 suggests 5 min for the greeting, MAIL and RCPT,
// 2 min for DATA, 10 min after the message).
enum class Stage {
    kGreeting,
    kEhlo,
    kHelo,
    kStartTls,
    kTlsHandshake,
    kAuth,
    kMailFrom,
    kRcptTo,
    kData,
    kMessage,
    kQuit,
    kClosed,
};
std::string_view stage_name(Stage stage);

enum class Result {
    kDelivered,         // the server answered 250 to the end of data
    kTransientFailure,  // 4xx, timeout, connection or protocol trouble: retry later
    kPermanentFailure,  // 5xx or a refusal of ours: keep for `routerctl alerts`, no retry
};
std::string_view result_name(Result result);

struct RecipientRejection {
    std::string address;
    std::string reply;  // summary of the server's reply
    bool transient;     // 4xx rather than 5xx
};

struct Outcome {
    Result result = Result::kTransientFailure;
    Stage stage = Stage::kGreeting;  // where it was decided
    std::string reason;              // the server's reply or our own explanation
    std::vector<RecipientRejection> rejected;
};

enum class Next {
    kRead,      // after writing `send`, read the server's next reply
    kStartTls,  // write nothing; make the TLS handshake, then on_tls_established()
    kClose,     // after writing `send`, close the connection; the dialogue is over
};

struct Step {
    std::string send;  // bytes to write (may be empty)
    Next next = Next::kRead;
    // Set on exactly one step of the dialogue: the one that decides it. The caller
    // drops the alert from its durable queue only for kDelivered.
    std::optional<Outcome> outcome;
    // A transcript for debug logs ("S: 250 ok", "C: MAIL FROM:<a@b>"), never
    // containing a credential.
    std::vector<std::string> log;
};

class Dialogue {
  public:
    // Throws std::invalid_argument if the configuration or envelope cannot be put
    // on the wire safely (see validate()). `message` is an RFC 5322 message with
    // any line endings; the dialogue normalizes and dot-stuffs it.
    Dialogue(DialogueConfig config, Envelope envelope, std::string_view message);

    // Why a configuration or envelope is unusable, or nullopt if it is fine.
    static std::optional<std::string> validate(const DialogueConfig& config,
                                               const Envelope& envelope);

    // Calling on_data() during the TLS handshake, or on_tls_established() at any
    // other time, is a bug of the caller: std::logic_error.
    Step on_data(std::string_view bytes);             // bytes read from the server
    Step on_tls_established();                        // after Next::kStartTls
    Step on_timeout();                                // the current stage took too long
    Step on_connection_error(std::string_view what);  // EOF, reset, TLS failure...

    Stage stage() const { return stage_; }
    const std::optional<Outcome>& outcome() const { return outcome_; }
    const Capabilities& capabilities() const { return capabilities_; }

  private:
    void on_reply(Step& step, const Reply& reply);
    void after_hello(Step& step);
    void start_auth(Step& step);
    void after_auth(Step& step, const Reply& reply);
    void send_mail_from(Step& step);
    void send_rcpt(Step& step);
    void after_rcpt(Step& step, const Reply& reply);

    void command(Step& step, Stage stage, std::string line);
    void send(Step& step, Stage stage, std::string bytes, std::string shown);
    // Decides the outcome, then says QUIT (RFC 5321 §4.1.1.10).
    void decide(Step& step, Result result, std::string reason);
    void fail_on_reply(Step& step, const Reply& reply);
    void protocol_error(Step& step, std::string reason);
    // Records the outcome unless one was already decided.
    void settle(Step& step, Result result, std::string reason);
    void close(Step& step);
    std::string redact(std::string text) const;
    Step redacted(Step step) const;

    DialogueConfig config_;
    Envelope envelope_;
    std::string data_;  // the DATA payload, dot-stuffed and terminated
    ReplyParser parser_;
    Stage stage_ = Stage::kGreeting;
    bool tls_active_;
    Capabilities capabilities_;
    std::vector<std::string> auth_responses_;  // still to send, one per 334
    std::vector<std::string> secrets_;         // never shown in logs or reasons
    std::size_t next_rcpt_ = 0;
    std::size_t accepted_ = 0;
    std::vector<RecipientRejection> rejected_;
    std::optional<Outcome> outcome_;
};

}  // namespace routerd::smtp
