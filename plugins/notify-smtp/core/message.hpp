// The alert as an RFC 5322 message: headers, MIME labels and a quoted-printable
// body. Every input that varies (time, zone, unique id) is injected.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace routerd::smtp {

// RFC 5322 §3.3 date-time, e.g. "Fri, 27 Nov 2026 03:12:09 +0100", for the
// instant `time` seen in a zone `utc_offset` east of UTC (|offset| < 24 h).
std::string rfc5322_date(std::chrono::sys_seconds time, std::chrono::minutes utc_offset);

// RFC 5322 §3.6.4 msg-id "<left@right>": unique through the caller's inputs (the
// time, a sequence number of its own and a random value). Characters of `host`
// outside [A-Za-z0-9-] are replaced so that the result is always a dot-atom.
std::string make_message_id(std::chrono::sys_seconds time, std::uint64_t sequence,
                            std::uint64_t random, std::string_view host);

struct Mail {
    std::string from;             // a mailbox (see is_valid_mailbox)
    std::vector<std::string> to;  // mailboxes, at least one
    std::string subject;          // UTF-8, any characters
    std::string body;             // UTF-8, any line endings, any line length
    std::chrono::sys_seconds date;
    std::chrono::minutes utc_offset{0};
    std::string message_id;  // from make_message_id
};

// The complete message with CRLF line endings, not yet dot-stuffed (that is the
// transport's job: encode_data()). The body is quoted-printable: 7-bit clean, so
// no server needs 8BITMIME (RFC 6152), and lines stay within 76 octets, far below
// the 998 of RFC 5322 §2.1.1, without cutting the operator's text.
// Throws std::invalid_argument for a From or To that is not a mailbox or a
// Message-ID that is not "<...>" of printable US-ASCII.
std::string format_message(const Mail& mail);

}  // namespace routerd::smtp
