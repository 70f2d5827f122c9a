// MIME encodings for the alert message: quoted-printable bodies (RFC 2045 §6.7)
// and encoded-word header text (RFC 2047), plus header folding (RFC 5322 §2.2.3).
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace routerd::smtp {

// Quoted-printable: lines of at most 76 octets (soft line breaks), CRLF line
// endings whatever the input used, 7-bit clean. Ends with CRLF unless empty.
std::string quoted_printable_encode(std::string_view text);

// A header field "Name: value CRLF", folded before a word when a line would pass
// 78 octets (RFC 5322 §2.1.1). Words are joined by one space.
std::string header_field(std::string_view name, std::span<const std::string> words);

// Words for an unstructured header (Subject): the text split at spaces if it is
// printable US-ASCII that no reader could mistake for an encoded-word; otherwise
// RFC 2047 "B" encoded-words in UTF-8, each at most 75 octets and never splitting
// a UTF-8 sequence (RFC 2047 §5 (3)).
std::vector<std::string> unstructured_words(std::string_view utf8);

}  // namespace routerd::smtp
