#include "command_line.hpp"

#include <stdexcept>

namespace routerd::vrrp::track {

namespace {
bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}
}  // namespace

std::vector<std::string> split_command_line(std::string_view line) {
    std::vector<std::string> argv;
    std::string current;
    bool in_word = false;
    bool in_quote = false;
    for (char c : line) {
        if (in_quote) {
            if (c == '\'')
                in_quote = false;
            else
                current += c;
        } else if (c == '\'') {
            in_quote = true;
            in_word = true;  // '' is an empty argument
        } else if (is_space(c)) {
            if (in_word)
                argv.push_back(std::move(current));
            current.clear();
            in_word = false;
        } else {
            current += c;
            in_word = true;
        }
    }
    if (in_quote)
        throw std::invalid_argument("unterminated single quote in \"" + std::string(line) + "\"");
    if (in_word)
        argv.push_back(std::move(current));
    if (argv.empty())
        throw std::invalid_argument("empty command line");
    return argv;
}

}  // namespace routerd::vrrp::track
