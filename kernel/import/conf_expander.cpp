#include "conf_expander.hpp"

#include <cctype>
#include <filesystem>
#include <sstream>

namespace routerd::import {
namespace {

// Bounds that keep a hostile file from expanding without end (Keepalived's own example of
// nested ~SEQ makes 65,024 instances; ten times that is still a configuration).
constexpr int kMaxDepth = 32;
constexpr size_t kMaxLines = 1'000'000;
constexpr size_t kMaxLineLength = 1 << 20;

bool name_start(char c) {
    return std::isalpha(static_cast<unsigned char>(c)) || c == '_';
}
bool name_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

std::string ltrim(const std::string& s) {
    const size_t begin = s.find_first_not_of(" \t");
    return begin == std::string::npos ? "" : s.substr(begin);
}

std::string trim(const std::string& s) {
    const std::string left = ltrim(s);
    const size_t end = left.find_last_not_of(" \t");
    return end == std::string::npos ? "" : left.substr(0, end + 1);
}

// Splits "a, {b, c}, d" at the commas outside braces.
std::vector<std::string> split_arguments(const std::string& text) {
    std::vector<std::string> out;
    std::string current;
    int braces = 0;
    for (char c : text) {
        if (c == '{') ++braces;
        if (c == '}') --braces;
        if (c == ',' && braces == 0) {
            out.push_back(trim(current));
            current.clear();
        } else {
            current += c;
        }
    }
    out.push_back(trim(current));
    return out;
}

std::vector<std::string> braced_list(const std::string& text) {
    if (text.size() >= 2 && text.front() == '{' && text.back() == '}') {
        return split_arguments(text.substr(1, text.size() - 2));
    }
    return {text};
}

bool parse_number(const std::string& text, long long* value) {
    if (text.empty()) return false;
    try {
        size_t used = 0;
        *value = std::stoll(text, &used, 0);
        return used == text.size();
    } catch (const std::exception&) {
        return false;
    }
}

std::string format_number(long long value, bool hex) {
    if (!hex) return std::to_string(value);
    std::ostringstream out;
    out << std::hex << value;
    return out.str();
}

}  // namespace

std::vector<SourceLine> Expander::expand(const std::vector<SourceLine>& lines) {
    for (const SourceLine& line : lines) {
        if (line.comment_only) {
            out_.push_back(line);
            continue;
        }
        process(line, line.text, 0);
    }
    return std::move(out_);
}

void Expander::process(const SourceLine& line, const std::string& raw, int depth) {
    if (depth > kMaxDepth) {
        throw SyntaxError(line.at, "definitions or ~SEQ/~LST blocks nest deeper than " +
                                       std::to_string(kMaxDepth));
    }
    std::string text = ltrim(raw);
    // Conditional configuration: @ID or @^ID, then the line.
    if (!text.empty() && text[0] == '@') {
        const bool negated = text.size() > 1 && text[1] == '^';
        const size_t start = negated ? 2 : 1;
        const size_t end = text.find_first_of(" \t", start);
        const std::string id = text.substr(start, end == std::string::npos ? end : end - start);
        if ((id == config_id_) == negated) return;
        text = end == std::string::npos ? "" : ltrim(text.substr(end));
        if (text.empty()) return;
    }
    // A definition: $NAME=VALUE, no space before '='.
    if (text.size() > 1 && text[0] == '$' && name_start(text[1])) {
        size_t i = 1;
        while (i < text.size() && name_char(text[i]))
            ++i;
        if (i < text.size() && text[i] == '=') {
            definitions_[text.substr(1, i - 1)] = trim(text.substr(i + 1));
            return;
        }
    }
    if (text.rfind("~SEQ", 0) == 0 || text.rfind("~LST", 0) == 0) {
        if (repeat(line, text, depth)) return;
    }
    const std::string expanded = substitute(line, text);
    if (expanded == text) {
        emit(line, text);
        return;
    }
    // What a substitution made is read again: it may hold several lines, a condition, a
    // definition or a repetition.
    std::istringstream parts(expanded);
    for (std::string part; std::getline(parts, part);)
        process(line, part, depth + 1);
}

// ~SEQ(var, [start, [step,]] end), ~SEQx(...), ~LST(var, v1, ...), ~LST({a, b}, {1, 2}, ...).
bool Expander::repeat(const SourceLine& line, const std::string& text, int depth) {
    const bool hex = text.rfind("~SEQx(", 0) == 0;
    const bool list = text.rfind("~LST(", 0) == 0;
    const size_t open = text.find('(');
    if (open == std::string::npos || open > 5) return false;
    int parens = 0;
    size_t close = std::string::npos;
    for (size_t i = open; i < text.size(); ++i) {
        if (text[i] == '(') ++parens;
        if (text[i] == ')' && --parens == 0) {
            close = i;
            break;
        }
    }
    if (close == std::string::npos)
        throw SyntaxError(line.at, "unclosed '(' in " + text.substr(0, open));
    const std::vector<std::string> args =
        split_arguments(substitute(line, text.substr(open + 1, close - open - 1)));
    const std::string rest = text.substr(close + 1);
    const std::string what = text.substr(0, open);
    if (list) {
        if (args.size() < 2) throw SyntaxError(line.at, "~LST needs a variable and values");
        const std::vector<std::string> names = braced_list(args[0]);
        for (size_t i = 1; i < args.size(); ++i) {
            const std::vector<std::string> values = braced_list(args[i]);
            if (values.size() != names.size()) {
                throw SyntaxError(line.at,
                                  "~LST value '" + args[i] + "' does not match '" + args[0] + "'");
            }
            for (size_t n = 0; n < names.size(); ++n)
                definitions_[names[n]] = values[n];
            process(line, rest, depth + 1);
        }
        return true;
    }
    long long start = 1, step = 1, end = 0;
    bool ok =
        args.size() >= 2 && args.size() <= 4 && name_start(args[0].empty() ? '0' : args[0][0]);
    if (ok && args.size() == 2) {
        ok = parse_number(args[1], &end);
        start = end < 0 ? -1 : 1;
    } else if (ok && args.size() == 3) {
        ok = parse_number(args[1], &start) && parse_number(args[2], &end);
    } else if (ok) {
        ok = parse_number(args[1], &start) && parse_number(args[2], &step) &&
             parse_number(args[3], &end);
    }
    if (ok && args.size() < 4) step = end >= start ? 1 : -1;
    if (!ok || step == 0 || (step > 0) != (end >= start)) {
        throw SyntaxError(line.at, what + "(" + text.substr(open + 1, close - open - 1) +
                                       ") is not (var, [start, [step,]] end) counting towards end");
    }
    for (long long value = start; step > 0 ? value <= end : value >= end; value += step) {
        definitions_[args[0]] = format_number(value, hex);
        process(line, rest, depth + 1);
    }
    return true;
}

std::string Expander::substitute(const SourceLine& line, const std::string& text) {
    std::string current = text;
    for (int round = 0;; ++round) {
        std::string next = substitute_once(line, current);
        if (next == current) return current;
        if (round >= kMaxDepth || next.size() > kMaxLineLength) {
            throw SyntaxError(line.at, "a parameter expands without end (recursive definition?)");
        }
        current = std::move(next);
    }
}

std::string Expander::substitute_once(const SourceLine& line, const std::string& text) {
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '$' || i + 1 >= text.size()) {
            out += text[i];
            continue;
        }
        std::string name;
        size_t end = 0;  // index after the reference
        if (text[i + 1] == '{') {
            const size_t close = text.find('}', i + 2);
            if (close == std::string::npos) {
                out += text[i];
                continue;
            }
            name = text.substr(i + 2, close - i - 2);
            end = close + 1;
        } else if (name_start(text[i + 1])) {
            size_t j = i + 1;
            while (j < text.size() && name_char(text[j]))
                ++j;
            // keepalived.conf(5): $NAME must be followed by white space (or the end).
            if (j < text.size() && text[j] != ' ' && text[j] != '\t' && text[j] != '\n') {
                out += text[i];
                continue;
            }
            name = text.substr(i + 1, j - i - 1);
            end = j;
        } else {
            out += text[i];
            continue;
        }
        bool known = false;
        std::string value = predefined(line, name, &known);
        if (!known) {
            auto it = definitions_.find(name);
            known = it != definitions_.end();
            if (known) value = it->second;
        }
        if (!known) {
            out += text.substr(i, end - i);
        } else {
            out += value;
        }
        i = end - 1;
    }
    return out;
}

std::string Expander::predefined(const SourceLine& line, const std::string& name, bool* known) {
    *known = true;
    if (name == "_PWD") {
        return std::filesystem::absolute(std::filesystem::path(line.at.file))
            .parent_path()
            .string();
    }
    if (name == "_INSTANCE") return config_id_;
    if (name == "_HASH") return "#";
    if (name == "_BANG") return "!";
    if (name.rfind("_RANDOM", 0) == 0 && (name.size() == 7 || name[7] == ' ')) {
        std::istringstream words(name.substr(7));
        long long min = 0;
        words >> min;
        remarks_.push_back({line.at, "${_RANDOM}",
                            "a value drawn at each start cannot be carried into a file: the "
                            "importer wrote its minimum, " +
                                std::to_string(min)});
        return std::to_string(min);
    }
    *known = false;
    return "";
}

void Expander::emit(const SourceLine& line, std::string text) {
    if (out_.size() >= kMaxLines) {
        throw SyntaxError(line.at, "the configuration expands to more than " +
                                       std::to_string(kMaxLines) + " lines");
    }
    SourceLine copy = line;
    copy.text = std::move(text);
    // A line that expanded into several keeps its comment on the first.
    if (!out_.empty() && out_.back().at.line == line.at.line && out_.back().at.file == line.at.file)
        copy.comment.clear();
    if (!trim(copy.text).empty()) out_.push_back(std::move(copy));
}

}  // namespace routerd::import
