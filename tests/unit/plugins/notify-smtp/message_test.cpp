// The RFC 5322 message: Date, Message-ID, headers, body limits.
#include "message.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

#include "data.hpp"

namespace routerd::smtp {
namespace {

using namespace std::chrono;
using namespace std::chrono_literals;

const sys_seconds kWhen = sys_days{2026y / November / 27} + 3h + 12min + 9s;

Mail sample() {
    Mail mail;
    mail.from = "routerd@lb1.example.net";
    mail.to = {"ops@example.com"};
    mail.subject = "[LVS1] VRRP Instance VI_1 - Entering MASTER state";
    mail.body = "line one\nline two\n";
    mail.date = kWhen;
    mail.message_id = "<routerd.1.2.3@lb1.example.net>";
    return mail;
}

TEST(Rfc5322Date, UtcAndZones) {
    EXPECT_EQ(rfc5322_date(kWhen, 0min), "Fri, 27 Nov 2026 03:12:09 +0000");
    EXPECT_EQ(rfc5322_date(kWhen, 90min), "Fri, 27 Nov 2026 04:42:09 +0130");
    // The local date may be the day before.
    EXPECT_EQ(rfc5322_date(kWhen, -5h), "Thu, 26 Nov 2026 22:12:09 -0500");
    EXPECT_EQ(rfc5322_date(sys_days{2024y / February / 29}, 0min),
              "Thu, 29 Feb 2024 00:00:00 +0000");
    EXPECT_EQ(rfc5322_date(sys_seconds{}, 0min), "Thu, 1 Jan 1970 00:00:00 +0000");
}

TEST(Rfc5322Date, OffsetOutOfRange) {
    EXPECT_THROW(rfc5322_date(kWhen, 24h), std::invalid_argument);
    EXPECT_THROW(rfc5322_date(kWhen, -24h), std::invalid_argument);
    EXPECT_NO_THROW(rfc5322_date(kWhen, -(23h + 59min)));
}

TEST(MessageId, FromInjectedInputs) {
    EXPECT_EQ(make_message_id(kWhen, 42, 0xdeadbeef, "lb1.example.net"),
              "<routerd.1795749129.42.00000000deadbeef@lb1.example.net>");
}

TEST(MessageId, HostIsMadeADotAtom) {
    EXPECT_EQ(make_message_id(sys_seconds{}, 1, 1, ".lb 1..ex<am>ple."),
              "<routerd.0.1.0000000000000001@lb-1.ex-am-ple>");
    EXPECT_EQ(make_message_id(sys_seconds{}, 1, 1, ""), "<routerd.0.1.0000000000000001@localhost>");
}

TEST(FormatMessage, HeadersExactly) {
    EXPECT_EQ(format_message(sample()),
              "Date: Fri, 27 Nov 2026 03:12:09 +0000\r\n"
              "From: routerd@lb1.example.net\r\n"
              "To: ops@example.com\r\n"
              "Subject: [LVS1] VRRP Instance VI_1 - Entering MASTER state\r\n"
              "Message-ID: <routerd.1.2.3@lb1.example.net>\r\n"
              "MIME-Version: 1.0\r\n"
              "Content-Type: text/plain; charset=utf-8\r\n"
              "Content-Transfer-Encoding: quoted-printable\r\n"
              "Auto-Submitted: auto-generated\r\n"
              "\r\n"
              "line one\r\n"
              "line two\r\n");
}

TEST(FormatMessage, SeveralRecipients) {
    Mail mail = sample();
    mail.to = {"ops@example.com", "noc@example.com", "oncall-primary@example.com",
               "oncall-secondary@example.com"};
    const std::string message = format_message(mail);
    EXPECT_NE(message.find("To: ops@example.com, noc@example.com, oncall-primary@example.com,\r\n"
                           " oncall-secondary@example.com\r\n"),
              std::string::npos)
        << message;
}

TEST(FormatMessage, NonAsciiSubjectIsEncoded) {
    Mail mail = sample();
    mail.subject = "[r\xc3\xb6uter] x";
    EXPECT_NE(format_message(mail).find("Subject: =?UTF-8?B?W3LDtnV0ZXJdIHg=?=\r\n"),
              std::string::npos);
}

TEST(FormatMessage, OnlyCrLfAndNoLineOverTheLimit) {
    Mail mail = sample();
    mail.body = std::string(5000, 'x') + "\r\n.starts with a dot\rcr\n\xc3\xa9t\xc3\xa9\n";
    const std::string message = format_message(mail);
    std::size_t start = 0;
    for (std::size_t end = message.find_first_of("\r\n"); end != std::string::npos;
         end = message.find_first_of("\r\n", start)) {
        ASSERT_EQ(message.compare(end, 2, "\r\n"), 0) << "bare CR or LF at " << end;
        EXPECT_LE(end - start, 78u) << "well within RFC 5322 §2.1.1's 998";
        start = end + 2;
    }
    EXPECT_NE(message.find("\r\n.starts with a dot\r\ncr\r\n=C3=A9t=C3=A9\r\n"), std::string::npos);
    // Dot-stuffing is the transport's: the message keeps its dot, the wire doubles it.
    EXPECT_NE(encode_data(message).find("\r\n..starts with a dot\r\n"), std::string::npos);
}

TEST(FormatMessage, RefusesHeaderInjection) {
    Mail bad_to = sample();
    bad_to.to = {"ops@example.com\r\nBcc: evil@example.com"};
    EXPECT_THROW(format_message(bad_to), std::invalid_argument);
    Mail bad_from = sample();
    bad_from.from = "x";
    EXPECT_THROW(format_message(bad_from), std::invalid_argument);
    Mail no_to = sample();
    no_to.to.clear();
    EXPECT_THROW(format_message(no_to), std::invalid_argument);
    Mail bad_id = sample();
    bad_id.message_id = "<a@b>\r\nX: y";
    EXPECT_THROW(format_message(bad_id), std::invalid_argument);
}

}  // namespace
}  // namespace routerd::smtp
