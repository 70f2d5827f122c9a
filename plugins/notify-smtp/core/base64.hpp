// Base64 encoding (RFC 4648 §4, with padding), as SMTP AUTH (RFC 4954 §4) and
// RFC 2047 "B" encoded-words use it.
#pragma once

#include <string>
#include <string_view>

namespace routerd::smtp {

std::string base64_encode(std::string_view bytes);

}  // namespace routerd::smtp
