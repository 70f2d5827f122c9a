// Splitting text into lines whatever its line endings (CRLF, bare LF, bare CR).
// Both the message formatter and the DATA encoder use it, so a bare CR or LF can
// never reach the wire (RFC 5321 §2.3.8; the "SMTP smuggling" family of bugs).
#pragma once

#include <string_view>
#include <vector>

namespace routerd::smtp {

// Lines without their terminators. A trailing terminator does not start an extra
// empty line: "a\r\nb\n" -> {"a", "b"}; "" -> {}.
std::vector<std::string_view> split_lines(std::string_view text);

}  // namespace routerd::smtp
