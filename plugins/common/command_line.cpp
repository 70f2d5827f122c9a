#include "routerd/common/command_line.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <stdexcept>
#include <utility>

namespace routerd::common {

namespace {

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool is_octal(char c) {
    return c >= '0' && c <= '7';
}

bool is_executable_file(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
           ::access(path.c_str(), X_OK) == 0;
}

std::string search_path(const std::string& program) {
    const char* env = std::getenv("PATH");
    std::string_view path =
        env != nullptr ? env : "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    while (true) {
        auto colon = path.find(':');
        std::string dir(path.substr(0, colon));
        std::string candidate = (dir.empty() ? std::string(".") : dir) + "/" + program;
        if (is_executable_file(candidate)) return candidate;
        if (colon == std::string_view::npos) break;
        path.remove_prefix(colon + 1);
    }
    throw std::invalid_argument("\"" + program + "\" is not an executable in PATH");
}

int hex_value(char c) {
    if (std::isdigit(static_cast<unsigned char>(c))) return c - '0';
    return 10 + (std::tolower(static_cast<unsigned char>(c)) - 'a');
}

// The character a backslash escape stands for; `i` is on the character after the backslash
// and is left after the escape.
char unescape(std::string_view line, std::size_t& i) {
    const auto at = [&](std::size_t k) { return k < line.size() ? line[k] : '\0'; };
    const char c = line[i];
    if (c == 'x' && std::isxdigit(static_cast<unsigned char>(at(i + 1)))) {
        unsigned char value = 0;
        for (++i; std::isxdigit(static_cast<unsigned char>(at(i))); ++i)
            value = static_cast<unsigned char>((value << 4) | hex_value(line[i]));
        return static_cast<char>(value);
    }
    if (c == 'c' && i + 1 < line.size()) {
        const char control = static_cast<char>(line[i + 1] & 0x1f);
        i += 2;
        return control;
    }
    if (is_octal(c)) {
        int value = 0;
        for (int digits = 0; digits < 3 && is_octal(at(i)); ++digits, ++i)
            value = value * 8 + (line[i] - '0');
        return static_cast<char>(value);
    }
    ++i;
    switch (c) {
        case 'a':
            return '\a';
        case 'b':
            return '\b';
        case 'E':
            return '\x1b';
        case 'f':
            return '\f';
        case 'n':
            return '\n';
        case 'r':
            return '\r';
        case 't':
            return '\t';
        case 'v':
            return '\v';
        default:
            return c;
    }
}

}  // namespace

std::optional<std::vector<std::string>> split_command_line(std::string_view line,
                                                           std::string* error) {
    std::vector<std::string> words;
    std::string word;
    bool in_word = false;
    char quote = 0;
    std::size_t i = 0;
    while (i < line.size()) {
        const char c = line[i];
        if (c == '\\') {
            if (++i == line.size()) {
                *error = "ends with a lone backslash";
                return std::nullopt;
            }
            word += unescape(line, i);
            in_word = true;
            continue;
        }
        ++i;
        if (quote != 0) {
            if (c == quote)
                quote = 0;
            else
                word += c;
        } else if (c == '\'' || c == '"') {
            quote = c;
            in_word = true;  // '' is an empty argument
        } else if (is_space(c)) {
            if (in_word) words.push_back(std::exchange(word, {}));
            in_word = false;
        } else {
            word += c;
            in_word = true;
        }
    }
    if (quote != 0) {
        *error = std::string("has an unterminated ") + quote + " quote";
        return std::nullopt;
    }
    if (in_word) words.push_back(std::move(word));
    if (words.empty()) {
        *error = "names no program";
        return std::nullopt;
    }
    return words;
}

std::vector<std::string> shell_command(std::string_view line) {
    return {kShell, "-c", std::string(line)};
}

std::vector<std::string> resolve_command_line(std::string_view line) {
    std::string whole(line);
    if (whole.find('/') != std::string::npos && is_executable_file(whole)) return {whole};
    std::string error;
    std::optional<std::vector<std::string>> argv = split_command_line(line, &error);
    if (!argv) throw std::invalid_argument("\"" + whole + "\" " + error);
    std::string& program = argv->front();
    if (program.find('/') == std::string::npos)
        program = search_path(program);
    else if (!is_executable_file(program))
        throw std::invalid_argument("\"" + program + "\" is not an executable file");
    return std::move(*argv);
}

std::string shell_line_program(std::string_view line) {
    std::string error;
    const std::optional<std::vector<std::string>> words = split_command_line(line, &error);
    if (words && words->front().starts_with('/')) return words->front();
    return kShell;
}

}  // namespace routerd::common
