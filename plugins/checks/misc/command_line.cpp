#include "command_line.hpp"

#include <utility>

namespace routerd::checks::misc {

std::optional<std::vector<std::string>> split_command(std::string_view text, std::string* error) {
    std::vector<std::string> words;
    std::string word;
    bool in_word = false;
    char quote = 0;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '\\' && quote != '\'') {
            if (++i == text.size()) {
                *error = "misc_path ends with a lone backslash";
                return std::nullopt;
            }
            word += text[i];
            in_word = true;
        } else if (quote != 0) {
            if (c == quote) {
                quote = 0;
            } else {
                word += c;
            }
        } else if (c == '\'' || c == '"') {
            quote = c;
            in_word = true;
        } else if (c == ' ' || c == '\t') {
            if (in_word) words.push_back(std::exchange(word, {}));
            in_word = false;
        } else {
            word += c;
            in_word = true;
        }
    }
    if (quote != 0) {
        *error = std::string("misc_path has an unterminated ") + quote + " quote";
        return std::nullopt;
    }
    if (in_word) words.push_back(std::move(word));
    if (words.empty()) {
        *error = "misc_path names no program";
        return std::nullopt;
    }
    return words;
}

}  // namespace routerd::checks::misc
