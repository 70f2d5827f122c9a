// What routerd accepts as an envelope address or host name before it puts one on
// the wire or into a header: nothing that could end a command line or a header.
#pragma once

#include <string_view>

namespace routerd::smtp {

// Non-empty, and only US-ASCII from '!' to '~' (no space, no control character).
bool is_graphic_ascii(std::string_view text);

// A non-empty mailbox of printable US-ASCII without spaces or angle brackets,
// containing an '@' (RFC 5321 §4.1.2 Mailbox, checked loosely: no SMTPUTF8).
bool is_valid_mailbox(std::string_view address);

// A non-empty host name or address literal of printable US-ASCII without spaces,
// usable as the EHLO/HELO argument (RFC 5321 §4.1.1.1).
bool is_valid_helo_name(std::string_view name);

}  // namespace routerd::smtp
