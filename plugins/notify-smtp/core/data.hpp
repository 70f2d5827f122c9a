// The DATA payload (RFC 5321 §4.1.1.4): the one place where dot-stuffing happens.
#pragma once

#include <string>
#include <string_view>

namespace routerd::smtp {

// Turns a message into the octets sent after the 354 reply: every line ending
// becomes CRLF, a line starting with '.' gets one more '.' (RFC 5321 §4.5.2), and
// the end-of-data indicator CRLF "." CRLF closes it.
std::string encode_data(std::string_view message);

}  // namespace routerd::smtp
