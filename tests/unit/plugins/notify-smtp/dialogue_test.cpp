// The SMTP dialogue against scripted server replies: no sockets, no clocks.
#include "dialogue.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace routerd::smtp {
namespace {

// One turn: what the server says, and what the dialogue must answer.
struct Turn {
    std::string server;
    std::string client;
    Stage stage_after;
};

DialogueConfig plain_config() {
    DialogueConfig config;
    config.helo_name = "lb1.example.net";
    return config;
}

Envelope one_recipient() {
    return {"routerd@lb1.example.net", {"ops@example.com"}};
}

constexpr std::string_view kMessage = "Subject: x\r\n\r\nhello\n.dot line\r\n";
constexpr std::string_view kWireData = "Subject: x\r\n\r\nhello\r\n..dot line\r\n.\r\n";

// The happy path without TLS or AUTH, up to and including the delivery reply.
std::vector<Turn> happy_script() {
    return {
        {"220 mx.example.com ESMTP\r\n", "EHLO lb1.example.net\r\n", Stage::kEhlo},
        {"250-mx.example.com\r\n250-PIPELINING\r\n250 8BITMIME\r\n",
         "MAIL FROM:<routerd@lb1.example.net>\r\n", Stage::kMailFrom},
        {"250 2.1.0 ok\r\n", "RCPT TO:<ops@example.com>\r\n", Stage::kRcptTo},
        {"250 2.1.5 ok\r\n", "DATA\r\n", Stage::kData},
        {"354 go ahead\r\n", std::string(kWireData), Stage::kMessage},
        {"250 2.0.0 queued as 4711\r\n", "QUIT\r\n", Stage::kQuit},
    };
}

// Plays turns [0, count) and checks every answer.
void play(Dialogue& dialogue, const std::vector<Turn>& script, std::size_t count) {
    for (std::size_t i = 0; i < count; ++i) {
        const Step step = dialogue.on_data(script[i].server);
        ASSERT_EQ(step.send, script[i].client) << "turn " << i;
        ASSERT_EQ(step.next, Next::kRead) << "turn " << i;
        ASSERT_EQ(dialogue.stage(), script[i].stage_after) << "turn " << i;
    }
}

TEST(Dialogue, HappyPathWithEhlo) {
    Dialogue dialogue(plain_config(), one_recipient(), kMessage);
    EXPECT_EQ(dialogue.stage(), Stage::kGreeting);
    const auto script = happy_script();
    play(dialogue, script, script.size() - 1);
    EXPECT_FALSE(dialogue.outcome());

    const Step delivered = dialogue.on_data(script.back().server);
    EXPECT_EQ(delivered.send, "QUIT\r\n");
    ASSERT_TRUE(delivered.outcome);
    EXPECT_EQ(delivered.outcome->result, Result::kDelivered);
    EXPECT_EQ(delivered.outcome->stage, Stage::kMessage);
    EXPECT_EQ(delivered.outcome->reason, "250 2.0.0 queued as 4711");
    EXPECT_TRUE(delivered.outcome->rejected.empty());
    EXPECT_TRUE(dialogue.capabilities().eight_bit_mime());

    const Step bye = dialogue.on_data("221 2.0.0 bye\r\n");
    EXPECT_EQ(bye.next, Next::kClose);
    EXPECT_EQ(bye.send, "");
    EXPECT_FALSE(bye.outcome) << "the outcome is reported once";
    EXPECT_EQ(dialogue.stage(), Stage::kClosed);
    EXPECT_EQ(dialogue.outcome()->result, Result::kDelivered);
}

TEST(Dialogue, EveryReplyFedOneByteAtATime) {
    Dialogue dialogue(plain_config(), one_recipient(), kMessage);
    for (const Turn& turn : happy_script()) {
        for (std::size_t i = 0; i + 1 < turn.server.size(); ++i) {
            const Step step = dialogue.on_data(turn.server.substr(i, 1));
            ASSERT_EQ(step.send, "");
            ASSERT_EQ(step.next, Next::kRead);
        }
        ASSERT_EQ(dialogue.on_data(turn.server.substr(turn.server.size() - 1)).send, turn.client);
    }
    EXPECT_EQ(dialogue.outcome()->result, Result::kDelivered);
}

TEST(Dialogue, MultiLineEhloReplySplitAtEveryBoundary) {
    const auto script = happy_script();
    const std::string& ehlo = script[1].server;
    for (std::size_t cut = 0; cut <= ehlo.size(); ++cut) {
        Dialogue dialogue(plain_config(), one_recipient(), kMessage);
        play(dialogue, script, 1);
        const Step first = dialogue.on_data(ehlo.substr(0, cut));
        const Step second = dialogue.on_data(ehlo.substr(cut));
        EXPECT_EQ(first.send + second.send, script[1].client) << "cut at " << cut;
        EXPECT_EQ(dialogue.stage(), Stage::kMailFrom) << "cut at " << cut;
    }
}

TEST(Dialogue, BareLineFeedsFromTheServerAreTolerated) {
    Dialogue dialogue(plain_config(), one_recipient(), kMessage);
    EXPECT_EQ(dialogue.on_data("220 mx\n").send, "EHLO lb1.example.net\r\n");
    EXPECT_EQ(dialogue.on_data("250-mx\n250 SIZE 1000\n").send,
              "MAIL FROM:<routerd@lb1.example.net>\r\n");
}

TEST(Dialogue, FallsBackToHeloWhenEhloIsRejected) {
    Dialogue dialogue(plain_config(), one_recipient(), kMessage);
    play(dialogue, happy_script(), 1);
    const Step helo = dialogue.on_data("502 5.5.1 command not recognized\r\n");
    EXPECT_EQ(helo.send, "HELO lb1.example.net\r\n");
    EXPECT_EQ(dialogue.stage(), Stage::kHelo);
    EXPECT_FALSE(helo.outcome);
    EXPECT_EQ(dialogue.on_data("250 mx.example.com\r\n").send,
              "MAIL FROM:<routerd@lb1.example.net>\r\n");
}

TEST(Dialogue, HeloRejectedTooIsPermanent) {
    Dialogue dialogue(plain_config(), one_recipient(), kMessage);
    play(dialogue, happy_script(), 1);
    dialogue.on_data("500 what\r\n");
    const Step step = dialogue.on_data("501 no\r\n");
    EXPECT_EQ(step.send, "QUIT\r\n");
    EXPECT_EQ(step.outcome->result, Result::kPermanentFailure);
    EXPECT_EQ(step.outcome->stage, Stage::kHelo);
}

TEST(Dialogue, NullReversePath) {
    Dialogue dialogue(plain_config(), {"", {"ops@example.com"}}, kMessage);
    play(dialogue, happy_script(), 1);
    EXPECT_EQ(dialogue.on_data("250 mx\r\n").send, "MAIL FROM:<>\r\n");
}

// ---- failures at each step ----

// The turns whose server reply can be replaced by a failure (greeting .. end of data).
constexpr std::size_t kFailableTurns = 6;

TEST(Dialogue, TransientReplyAtEachStepIsTransient) {
    const auto script = happy_script();
    for (std::size_t k = 0; k < kFailableTurns; ++k) {
        Dialogue dialogue(plain_config(), one_recipient(), kMessage);
        play(dialogue, script, k);
        const Stage waiting = dialogue.stage();
        const Step step = dialogue.on_data("451 4.3.0 try again later\r\n");
        ASSERT_TRUE(step.outcome) << "turn " << k;
        EXPECT_EQ(step.outcome->result, Result::kTransientFailure) << "turn " << k;
        EXPECT_EQ(step.outcome->stage, waiting) << "turn " << k;
        EXPECT_NE(step.outcome->reason.find("451 4.3.0 try again later"), std::string::npos);
        EXPECT_EQ(step.send, "QUIT\r\n") << "turn " << k;
        EXPECT_EQ(dialogue.on_data("221 bye\r\n").next, Next::kClose);
    }
}

TEST(Dialogue, PermanentReplyAtEachStepIsPermanent) {
    const auto script = happy_script();
    for (std::size_t k = 0; k < kFailableTurns; ++k) {
        if (k == 1) {
            continue;  // 5xx to EHLO means "try HELO": tested above
        }
        Dialogue dialogue(plain_config(), one_recipient(), kMessage);
        play(dialogue, script, k);
        const Stage waiting = dialogue.stage();
        const Step step = dialogue.on_data("554 5.7.1 go away\r\n");
        ASSERT_TRUE(step.outcome) << "turn " << k;
        EXPECT_EQ(step.outcome->result, Result::kPermanentFailure) << "turn " << k;
        EXPECT_EQ(step.outcome->stage, waiting) << "turn " << k;
        EXPECT_NE(step.outcome->reason.find("554 5.7.1 go away"), std::string::npos);
        EXPECT_EQ(step.send, "QUIT\r\n") << "turn " << k;
    }
}

TEST(Dialogue, ServerClosing421EndsWithoutQuit) {
    const auto script = happy_script();
    for (std::size_t k = 0; k < kFailableTurns; ++k) {
        Dialogue dialogue(plain_config(), one_recipient(), kMessage);
        play(dialogue, script, k);
        const Step step = dialogue.on_data("421 4.3.2 shutting down\r\n");
        EXPECT_EQ(step.outcome->result, Result::kTransientFailure) << "turn " << k;
        EXPECT_EQ(step.send, "") << "turn " << k;
        EXPECT_EQ(step.next, Next::kClose) << "turn " << k;
    }
}

TEST(Dialogue, StalledServerAtEachStepIsTransient) {
    const auto script = happy_script();
    for (std::size_t k = 0; k < kFailableTurns; ++k) {
        Dialogue dialogue(plain_config(), one_recipient(), kMessage);
        play(dialogue, script, k);
        const Stage waiting = dialogue.stage();
        const Step step = dialogue.on_timeout();
        ASSERT_TRUE(step.outcome) << "turn " << k;
        EXPECT_EQ(step.outcome->result, Result::kTransientFailure) << "turn " << k;
        EXPECT_EQ(step.outcome->stage, waiting);
        EXPECT_EQ(step.outcome->reason, "timed out in stage " + std::string(stage_name(waiting)));
        EXPECT_EQ(step.send, "");
        EXPECT_EQ(step.next, Next::kClose);
        EXPECT_EQ(dialogue.stage(), Stage::kClosed);
    }
}

TEST(Dialogue, ConnectionLostAtEachStepIsTransient) {
    const auto script = happy_script();
    for (std::size_t k = 0; k < kFailableTurns; ++k) {
        Dialogue dialogue(plain_config(), one_recipient(), kMessage);
        play(dialogue, script, k);
        const Step step = dialogue.on_connection_error("end of file");
        EXPECT_EQ(step.outcome->result, Result::kTransientFailure) << "turn " << k;
        EXPECT_NE(step.outcome->reason.find("end of file"), std::string::npos);
        EXPECT_EQ(step.next, Next::kClose);
    }
}

TEST(Dialogue, TroubleDuringQuitKeepsTheDelivery) {
    const auto script = happy_script();
    for (const bool timeout : {true, false}) {
        Dialogue dialogue(plain_config(), one_recipient(), kMessage);
        play(dialogue, script, script.size());
        const Step step = timeout ? dialogue.on_timeout() : dialogue.on_connection_error("reset");
        EXPECT_FALSE(step.outcome);
        EXPECT_EQ(step.next, Next::kClose);
        EXPECT_EQ(dialogue.outcome()->result, Result::kDelivered);
    }
}

TEST(Dialogue, OnlyTheReplyToTheMessageMeansDelivered) {
    const auto script = happy_script();
    Dialogue dialogue(plain_config(), one_recipient(), kMessage);
    play(dialogue, script, script.size() - 1);
    const Step step = dialogue.on_data("552 5.3.4 message too big\r\n");
    EXPECT_EQ(step.outcome->result, Result::kPermanentFailure);
    EXPECT_EQ(step.outcome->stage, Stage::kMessage);
}

TEST(Dialogue, AfterCloseNothingMoreHappens) {
    Dialogue dialogue(plain_config(), one_recipient(), kMessage);
    dialogue.on_timeout();
    const Step step = dialogue.on_data("220 late\r\n");
    EXPECT_EQ(step.next, Next::kClose);
    EXPECT_EQ(step.send, "");
    EXPECT_FALSE(step.outcome);
}

// ---- garbage ----

TEST(Dialogue, GarbageRepliesAreProtocolErrors) {
    for (const std::string garbage :
         {"hello there\r\n", "HTTP/1.1 400 Bad Request\r\n", "2500 x\r\n", "\r\n",
          "250-a\r\n251 b\r\n", "999 x\r\n", "250_x\r\n"}) {
        Dialogue dialogue(plain_config(), one_recipient(), kMessage);
        const Step step = dialogue.on_data(garbage);
        ASSERT_TRUE(step.outcome) << garbage;
        EXPECT_EQ(step.outcome->result, Result::kTransientFailure) << garbage;
        EXPECT_TRUE(step.outcome->reason.starts_with("protocol error: ")) << step.outcome->reason;
        EXPECT_EQ(step.send, "") << garbage;
        EXPECT_EQ(step.next, Next::kClose) << garbage;
    }
}

TEST(Dialogue, UnexpectedPositiveReplyIsAProtocolError) {
    Dialogue dialogue(plain_config(), one_recipient(), kMessage);
    play(dialogue, happy_script(), 2);
    const Step step = dialogue.on_data("354 start input\r\n");  // to MAIL FROM
    EXPECT_EQ(step.outcome->result, Result::kTransientFailure);
    EXPECT_EQ(step.outcome->reason, "protocol error: unexpected reply 354 start input");
}

TEST(Dialogue, DataAfterAReplyIsAProtocolError) {
    Dialogue dialogue(plain_config(), one_recipient(), kMessage);
    const Step step = dialogue.on_data("220 mx\r\n250 unsolicited\r\n");
    EXPECT_EQ(step.send, "");
    EXPECT_EQ(step.outcome->reason, "protocol error: unexpected data after the reply");
}

TEST(Dialogue, OverLongLineFailsBeforeItEnds) {
    Dialogue dialogue(plain_config(), one_recipient(), kMessage);
    play(dialogue, happy_script(), 1);
    EXPECT_FALSE(dialogue.on_data("250-" + std::string(900, 'x')).outcome);
    const Step step = dialogue.on_data(std::string(200, 'x'));  // still no line end
    ASSERT_TRUE(step.outcome);
    EXPECT_EQ(step.outcome->reason, "protocol error: reply line longer than 1000 octets");
    EXPECT_EQ(step.next, Next::kClose);
}

TEST(Dialogue, EndlessMultiLineReplyFails) {
    Dialogue dialogue(plain_config(), one_recipient(), kMessage);
    play(dialogue, happy_script(), 1);
    Step step;
    for (int i = 0; i < 1000 && !step.outcome; ++i) {
        step = dialogue.on_data("250-KEYWORD\r\n");
    }
    ASSERT_TRUE(step.outcome);
    EXPECT_EQ(step.outcome->reason, "protocol error: reply longer than 100 lines");
}

// ---- recipients ----

TEST(Dialogue, OneRecipientRejectedAnotherAccepted) {
    Dialogue dialogue(plain_config(),
                      {"routerd@lb1.example.net", {"gone@example.com", "ops@example.com"}},
                      kMessage);
    play(dialogue, happy_script(), 2);
    EXPECT_EQ(dialogue.on_data("250 ok\r\n").send, "RCPT TO:<gone@example.com>\r\n");
    EXPECT_EQ(dialogue.on_data("550 5.1.1 no such user\r\n").send, "RCPT TO:<ops@example.com>\r\n");
    EXPECT_EQ(dialogue.on_data("250 ok\r\n").send, "DATA\r\n");
    dialogue.on_data("354 go\r\n");
    const Step step = dialogue.on_data("250 ok\r\n");
    ASSERT_EQ(step.outcome->result, Result::kDelivered);
    ASSERT_EQ(step.outcome->rejected.size(), 1u);
    EXPECT_EQ(step.outcome->rejected[0].address, "gone@example.com");
    EXPECT_EQ(step.outcome->rejected[0].reply, "550 5.1.1 no such user");
    EXPECT_FALSE(step.outcome->rejected[0].transient);
}

struct AllRejected {
    std::string first, second;
    Result expected;
};

TEST(Dialogue, AllRecipientsRejected) {
    for (const auto& [first, second, expected] :
         {AllRejected{"550 no\r\n", "553 no\r\n", Result::kPermanentFailure},
          AllRejected{"450 busy\r\n", "550 no\r\n", Result::kTransientFailure}}) {
        Dialogue dialogue(plain_config(),
                          {"routerd@lb1.example.net", {"x@example.com", "y@example.com"}},
                          kMessage);
        play(dialogue, happy_script(), 2);
        EXPECT_EQ(dialogue.on_data("250 ok\r\n").send, "RCPT TO:<x@example.com>\r\n");
        dialogue.on_data(first);
        const Step step = dialogue.on_data(second);
        EXPECT_EQ(step.send, "QUIT\r\n") << "no DATA without a recipient";
        EXPECT_EQ(step.outcome->result, expected);
        EXPECT_EQ(step.outcome->stage, Stage::kRcptTo);
        EXPECT_EQ(
            step.outcome->reason,
            "every recipient was rejected (x@example.com: " + first.substr(0, first.size() - 2) +
                "; y@example.com: " + second.substr(0, second.size() - 2) + ")");
        EXPECT_EQ(step.outcome->rejected.size(), 2u);
    }
}

// ---- STARTTLS ----

DialogueConfig starttls_config() {
    DialogueConfig config = plain_config();
    config.tls = TlsMode::kStartTls;
    return config;
}

TEST(Dialogue, StartTlsRequiredButNotOffered) {
    Dialogue dialogue(starttls_config(), one_recipient(), kMessage);
    play(dialogue, happy_script(), 1);
    const Step step = dialogue.on_data("250-mx\r\n250 AUTH PLAIN\r\n");
    EXPECT_EQ(step.send, "QUIT\r\n");
    EXPECT_EQ(step.outcome->result, Result::kPermanentFailure);
    EXPECT_EQ(step.outcome->reason, "STARTTLS is required but the server does not offer it");
}

TEST(Dialogue, StartTlsRequiredAfterHeloFallback) {
    Dialogue dialogue(starttls_config(), one_recipient(), kMessage);
    play(dialogue, happy_script(), 1);
    dialogue.on_data("502 unknown\r\n");
    const Step step = dialogue.on_data("250 mx\r\n");
    EXPECT_EQ(step.outcome->result, Result::kPermanentFailure);
}

TEST(Dialogue, StartTlsOfferedThenEhloAgain) {
    Dialogue dialogue(starttls_config(), one_recipient(), kMessage);
    play(dialogue, happy_script(), 1);
    EXPECT_EQ(dialogue.on_data("250-mx\r\n250-STARTTLS\r\n250 SIZE 100\r\n").send, "STARTTLS\r\n");
    const Step handshake = dialogue.on_data("220 2.0.0 ready\r\n");
    EXPECT_EQ(handshake.send, "");
    EXPECT_EQ(handshake.next, Next::kStartTls);
    EXPECT_EQ(dialogue.stage(), Stage::kTlsHandshake);
    EXPECT_FALSE(dialogue.capabilities().has("SIZE")) << "RFC 3207 §4.2: forget what was said";
    EXPECT_THROW(dialogue.on_data("250 x\r\n"), std::logic_error);

    EXPECT_EQ(dialogue.on_tls_established().send, "EHLO lb1.example.net\r\n");
    EXPECT_EQ(dialogue.stage(), Stage::kEhlo);
    EXPECT_EQ(dialogue.on_data("250-mx\r\n250 SIZE 200\r\n").send,
              "MAIL FROM:<routerd@lb1.example.net>\r\n")
        << "no second STARTTLS once TLS is up";
    EXPECT_EQ(dialogue.capabilities().size_limit(), 200u);
}

TEST(Dialogue, PlaintextInjectedAfterStartTlsIsRefused) {
    Dialogue dialogue(starttls_config(), one_recipient(), kMessage);
    play(dialogue, happy_script(), 1);
    dialogue.on_data("250-mx\r\n250 STARTTLS\r\n");
    const Step step = dialogue.on_data("220 ready\r\n250-injected\r\n");
    EXPECT_NE(step.next, Next::kStartTls);
    EXPECT_EQ(step.outcome->result, Result::kTransientFailure);
}

TEST(Dialogue, StartTlsRefusedOrHandshakeFailed) {
    Dialogue refused(starttls_config(), one_recipient(), kMessage);
    play(refused, happy_script(), 1);
    refused.on_data("250-mx\r\n250 STARTTLS\r\n");
    EXPECT_EQ(refused.on_data("454 4.7.0 TLS not available\r\n").outcome->result,
              Result::kTransientFailure);

    Dialogue broken(starttls_config(), one_recipient(), kMessage);
    play(broken, happy_script(), 1);
    broken.on_data("250-mx\r\n250 STARTTLS\r\n");
    broken.on_data("220 go\r\n");
    const Step step = broken.on_connection_error("certificate verify failed");
    EXPECT_EQ(step.outcome->result, Result::kTransientFailure);
    EXPECT_EQ(step.outcome->reason,
              "connection failed at TLS handshake: certificate verify failed");
}

TEST(Dialogue, TlsEstablishedWithoutStartTlsIsAProgrammingError) {
    Dialogue dialogue(plain_config(), one_recipient(), kMessage);
    EXPECT_THROW(dialogue.on_tls_established(), std::logic_error);
}

// ---- AUTH ----

constexpr std::string_view kPassword = "s3cr3t!";

DialogueConfig auth_config(AuthMechanism mechanism, TlsMode tls = TlsMode::kImplicit) {
    DialogueConfig config = plain_config();
    config.tls = tls;
    config.auth = Credentials{"alert", std::string(kPassword), mechanism};
    return config;
}

// Plays greeting and EHLO with the given extension lines; returns the answer to EHLO.
Step after_ehlo(Dialogue& dialogue, const std::string& extensions) {
    dialogue.on_data("220 mx\r\n");
    return dialogue.on_data("250-mx\r\n" + extensions);
}

TEST(Dialogue, AuthPlainExactBytes) {
    Dialogue dialogue(auth_config(AuthMechanism::kPlain), one_recipient(), kMessage);
    const Step auth = after_ehlo(dialogue, "250 AUTH LOGIN PLAIN\r\n");
    // base64("\0alert\0s3cr3t!")
    EXPECT_EQ(auth.send, "AUTH PLAIN AGFsZXJ0AHMzY3IzdCE=\r\n");
    EXPECT_EQ(dialogue.stage(), Stage::kAuth);
    EXPECT_EQ(dialogue.on_data("235 2.7.0 ok\r\n").send, "MAIL FROM:<routerd@lb1.example.net>\r\n");
}

TEST(Dialogue, AuthLoginExactBytes) {
    Dialogue dialogue(auth_config(AuthMechanism::kLogin), one_recipient(), kMessage);
    EXPECT_EQ(after_ehlo(dialogue, "250 AUTH PLAIN LOGIN\r\n").send, "AUTH LOGIN\r\n");
    EXPECT_EQ(dialogue.on_data("334 VXNlcm5hbWU6\r\n").send, "YWxlcnQ=\r\n");
    EXPECT_EQ(dialogue.on_data("334 UGFzc3dvcmQ6\r\n").send, "czNjcjN0IQ==\r\n");
    EXPECT_EQ(dialogue.on_data("235 ok\r\n").send, "MAIL FROM:<routerd@lb1.example.net>\r\n");
}

TEST(Dialogue, AuthAutoPrefersPlainThenLogin) {
    Dialogue both(auth_config(AuthMechanism::kAuto), one_recipient(), kMessage);
    EXPECT_TRUE(after_ehlo(both, "250 AUTH LOGIN PLAIN\r\n").send.starts_with("AUTH PLAIN "));
    Dialogue login(auth_config(AuthMechanism::kAuto), one_recipient(), kMessage);
    EXPECT_EQ(after_ehlo(login, "250 AUTH=LOGIN\r\n").send, "AUTH LOGIN\r\n");
}

TEST(Dialogue, NoUsableAuthMechanismIsPermanent) {
    Dialogue none(auth_config(AuthMechanism::kAuto), one_recipient(), kMessage);
    const Step step = after_ehlo(none, "250 AUTH CRAM-MD5 XOAUTH2\r\n");
    EXPECT_EQ(step.send, "QUIT\r\n");
    EXPECT_EQ(step.outcome->result, Result::kPermanentFailure);
    EXPECT_EQ(step.outcome->reason,
              "the server offers no usable AUTH mechanism (offered: CRAM-MD5 XOAUTH2)");

    Dialogue wrong(auth_config(AuthMechanism::kLogin), one_recipient(), kMessage);
    EXPECT_EQ(after_ehlo(wrong, "250 AUTH PLAIN\r\n").outcome->result, Result::kPermanentFailure);
}

TEST(Dialogue, CredentialsNeverGoOutWithoutTls) {
    Dialogue dialogue(auth_config(AuthMechanism::kPlain, TlsMode::kNone), one_recipient(),
                      kMessage);
    const Step step = after_ehlo(dialogue, "250 AUTH PLAIN\r\n");
    EXPECT_EQ(step.send, "QUIT\r\n");
    EXPECT_EQ(step.outcome->result, Result::kPermanentFailure);

    DialogueConfig allowed = auth_config(AuthMechanism::kPlain, TlsMode::kNone);
    allowed.allow_plaintext_auth = true;
    Dialogue permitted(allowed, one_recipient(), kMessage);
    EXPECT_TRUE(after_ehlo(permitted, "250 AUTH PLAIN\r\n").send.starts_with("AUTH PLAIN "));
}

TEST(Dialogue, AuthAfterStartTlsUsesTheNewCapabilities) {
    Dialogue dialogue(auth_config(AuthMechanism::kAuto, TlsMode::kStartTls), one_recipient(),
                      kMessage);
    EXPECT_EQ(after_ehlo(dialogue, "250 STARTTLS\r\n").send, "STARTTLS\r\n");
    dialogue.on_data("220 go\r\n");
    dialogue.on_tls_established();
    EXPECT_EQ(dialogue.on_data("250-mx\r\n250 AUTH LOGIN\r\n").send, "AUTH LOGIN\r\n");
}

TEST(Dialogue, AuthRejected) {
    for (const auto& [reply, expected] :
         {std::pair{"535 5.7.8 authentication failed\r\n", Result::kPermanentFailure},
          std::pair{"454 4.7.0 temporary failure\r\n", Result::kTransientFailure}}) {
        Dialogue dialogue(auth_config(AuthMechanism::kLogin), one_recipient(), kMessage);
        after_ehlo(dialogue, "250 AUTH LOGIN\r\n");
        dialogue.on_data("334 VXNlcm5hbWU6\r\n");
        dialogue.on_data("334 UGFzc3dvcmQ6\r\n");
        const Step step = dialogue.on_data(reply);
        EXPECT_EQ(step.outcome->result, expected);
        EXPECT_EQ(step.outcome->stage, Stage::kAuth);
    }
}

TEST(Dialogue, UnexpectedChallengeIsAProtocolError) {
    Dialogue dialogue(auth_config(AuthMechanism::kPlain), one_recipient(), kMessage);
    after_ehlo(dialogue, "250 AUTH PLAIN\r\n");
    EXPECT_EQ(dialogue.on_data("334 \r\n").outcome->result, Result::kTransientFailure);
}

// Everything the core says about a dialogue: logs, reasons, rejections.
std::string diagnostics(const std::vector<Step>& steps) {
    std::string text;
    for (const Step& step : steps) {
        for (const std::string& line : step.log) {
            text += line + "\n";
        }
        if (step.outcome) {
            text += step.outcome->reason + "\n";
            for (const auto& rejection : step.outcome->rejected) {
                text += rejection.address + " " + rejection.reply + "\n";
            }
        }
    }
    return text;
}

TEST(Dialogue, TheSecretNeverAppearsInDiagnostics) {
    const std::vector<std::string> forms = {std::string(kPassword),
                                            "czNjcjN0IQ==", "AGFsZXJ0AHMzY3IzdCE="};
    for (const AuthMechanism mechanism : {AuthMechanism::kPlain, AuthMechanism::kLogin}) {
        Dialogue dialogue(auth_config(mechanism), one_recipient(), kMessage);
        std::vector<Step> steps;
        std::string sent;
        const auto feed = [&](std::string_view bytes) {
            steps.push_back(dialogue.on_data(bytes));
            sent += steps.back().send;
        };
        feed("220 mx\r\n");
        feed("250-mx\r\n250 AUTH PLAIN LOGIN\r\n");
        if (mechanism == AuthMechanism::kLogin) {
            feed("334 VXNlcm5hbWU6\r\n");
            feed("334 UGFzc3dvcmQ6\r\n");
        }
        // A hostile or buggy server echoes the credentials back.
        feed("535 5.7.8 bad credentials s3cr3t! czNjcjN0IQ== AGFsZXJ0AHMzY3IzdCE=\r\n");
        steps.push_back(dialogue.on_connection_error("peer said s3cr3t!"));

        const std::string text = diagnostics(steps);
        EXPECT_NE(text.find("<redacted>"), std::string::npos) << text;
        for (const std::string& form : forms) {
            EXPECT_EQ(text.find(form), std::string::npos) << form << " in:\n" << text;
        }
        EXPECT_EQ(dialogue.outcome()->reason.find(kPassword), std::string::npos);
        EXPECT_NE(sent.find(mechanism == AuthMechanism::kPlain ? forms[2] : forms[1]),
                  std::string::npos)
            << "the wire, and only the wire, carries it";
    }
}

TEST(Dialogue, TranscriptShowsCommandsAndReplies) {
    Dialogue dialogue(plain_config(), one_recipient(), kMessage);
    const Step step = dialogue.on_data("220 mx ESMTP\r\n");
    EXPECT_EQ(step.log, (std::vector<std::string>{"S: 220 mx ESMTP", "C: EHLO lb1.example.net"}));
}

// ---- configuration ----

TEST(Dialogue, RefusesWhatCannotGoOnTheWireSafely) {
    const auto rejects = [](DialogueConfig config, Envelope envelope) {
        EXPECT_TRUE(Dialogue::validate(config, envelope));
        EXPECT_THROW(Dialogue(config, envelope, kMessage), std::invalid_argument);
    };
    DialogueConfig bad_helo = plain_config();
    bad_helo.helo_name = "lb1\r\nRSET";
    rejects(bad_helo, one_recipient());
    rejects(plain_config(), {"a@b", {}});
    rejects(plain_config(), {"a@b", {"ops@example.com>\r\nRCPT TO:<evil@x"}});
    rejects(plain_config(), {"a b@c", {"ops@example.com"}});
    DialogueConfig nul = auth_config(AuthMechanism::kPlain);
    nul.auth->password = std::string("a\0b", 3);
    rejects(nul, one_recipient());
    EXPECT_FALSE(Dialogue::validate(plain_config(), one_recipient()));
}

TEST(Dialogue, StageAndResultNames) {
    EXPECT_EQ(stage_name(Stage::kMailFrom), "MAIL FROM");
    EXPECT_EQ(stage_name(Stage::kMessage), "end of data");
    EXPECT_EQ(result_name(Result::kPermanentFailure), "permanent failure");
}

}  // namespace
}  // namespace routerd::smtp
