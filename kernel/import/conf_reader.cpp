#include "conf_reader.hpp"

#include <glob.h>

#include <fstream>
#include <sstream>

namespace routerd::import {
namespace {

namespace fs = std::filesystem;

// Larger files are refused rather than read whole into memory.
constexpr std::uintmax_t kMaxFileSize = 64u << 20;
constexpr size_t kMaxIncludeDepth = 32;

bool is_include(const std::string& word) {
    return word == "include" || word == "includer" || word == "includem" || word == "includew" ||
           word == "includeb" || word == "includea";
}

// Splits a physical line at its comment: the first '#' or '!' outside quotes.
std::pair<std::string, std::string> split_comment(const std::string& line) {
    char quote = 0;
    for (size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (c == '\\' && quote && i + 1 < line.size()) {
            ++i;
        } else if (quote) {
            if (c == quote) quote = 0;
        } else if (c == '"' || c == '\'') {
            quote = c;
        } else if (c == '#' || c == '!') {
            return {line.substr(0, i), line.substr(i + 1)};
        }
    }
    return {line, ""};
}

std::string trim(const std::string& s) {
    const size_t begin = s.find_first_not_of(" \t\r");
    if (begin == std::string::npos) return "";
    const size_t end = s.find_last_not_of(" \t\r");
    return s.substr(begin, end - begin + 1);
}

bool is_conflict_marker(const std::string& line) {
    for (const char* marker : {"<<<<<<<", "=======", ">>>>>>>", "|||||||"}) {
        if (line.rfind(marker, 0) == 0 && (line.size() == 7 || line[7] == ' ')) return true;
    }
    return false;
}

bool has_wildcard(const std::string& pattern) {
    return pattern.find_first_of("*?[{") != std::string::npos;
}

class Reader {
  public:
    std::vector<SourceLine> lines;

    void read_file(const fs::path& path, const Origin& from) {
        std::error_code ec;
        const fs::path canonical = fs::canonical(path, ec);
        if (ec) throw SyntaxError(from, "cannot read '" + path.string() + "': " + ec.message());
        for (const fs::path& open : stack_) {
            if (open == canonical) {
                throw SyntaxError(from,
                                  "include loop: '" + path.string() + "' is already being read");
            }
        }
        if (stack_.size() >= kMaxIncludeDepth) {
            throw SyntaxError(
                from, "includes nest deeper than " + std::to_string(kMaxIncludeDepth) + " files");
        }
        // A FIFO or a device would block or never end.
        if (!fs::is_regular_file(canonical)) {
            throw SyntaxError(from, "cannot read '" + path.string() + "': not a regular file");
        }
        const std::uintmax_t size = fs::file_size(canonical, ec);
        if (!ec && size > kMaxFileSize) {
            throw SyntaxError(from, "'" + path.string() + "' is larger than 64 MiB");
        }
        std::ifstream in(canonical, std::ios::binary);
        if (!in) throw SyntaxError(from, "cannot read '" + path.string() + "'");
        std::ostringstream text;
        text << in.rdbuf();
        stack_.push_back(canonical);
        read_text(text.str(), path.string(), canonical.parent_path());
        stack_.pop_back();
    }

    void read_text(const std::string& text, const std::string& name, const fs::path& folder) {
        std::istringstream in(text);
        std::string physical;
        int number = 0;
        SourceLine pending;  // a line continued with '\'
        bool continuing = false;
        while (std::getline(in, physical)) {
            ++number;
            if (!physical.empty() && physical.back() == '\r') physical.pop_back();
            const Origin at{name, number, 1};
            if (physical.find('\0') != std::string::npos) {
                throw SyntaxError(at, "a NUL byte: this is not a text file");
            }
            if (is_conflict_marker(physical)) {
                throw SyntaxError(at, "a merge-conflict marker ('" + physical.substr(0, 7) +
                                          "'): resolve the conflict first");
            }
            auto [code, comment] = split_comment(physical);
            std::string body = trim(code);
            const bool continues = !body.empty() && body.back() == '\\';
            if (continues) body = trim(body.substr(0, body.size() - 1));
            if (continuing) {
                pending.text += "\n" + body;
                if (!comment.empty())
                    pending.comment += (pending.comment.empty() ? "" : " ") + trim(comment);
            } else {
                Origin start = at;  // columns count from the first word
                start.column = static_cast<int>(code.find_first_not_of(" \t")) + 1;
                pending = SourceLine{start, body, trim(comment), body.empty() && !comment.empty()};
            }
            continuing = continues;
            if (continuing) continue;
            emit(std::move(pending), folder);
        }
        if (continuing) emit(std::move(pending), folder);
    }

  private:
    void emit(SourceLine line, const fs::path& folder) {
        if (line.text.empty() && !line.comment_only) return;
        std::istringstream words(line.text);
        std::string keyword;
        words >> keyword;
        if (!is_include(keyword)) {
            lines.push_back(std::move(line));
            return;
        }
        std::string pattern;
        std::getline(words, pattern);
        pattern = trim(pattern);
        if (pattern.size() >= 2 && (pattern.front() == '"' || pattern.front() == '\'') &&
            pattern.back() == pattern.front()) {
            pattern = pattern.substr(1, pattern.size() - 2);
        }
        if (pattern.empty()) throw SyntaxError(line.at, keyword + " needs a file name");
        const fs::path full =
            fs::path(pattern).is_absolute() ? fs::path(pattern) : folder / pattern;
        glob_t found{};
        const int status = ::glob(full.c_str(), GLOB_BRACE | GLOB_TILDE, nullptr, &found);
        std::vector<std::string> files(found.gl_pathv, found.gl_pathv + found.gl_pathc);
        globfree(&found);
        if (status == GLOB_NOMATCH && !has_wildcard(pattern)) {
            throw SyntaxError(line.at,
                              "cannot read include file '" + full.string() + "': no such file");
        }
        if (status != 0 && status != GLOB_NOMATCH) {
            throw SyntaxError(line.at, "cannot expand '" + full.string() + "'");
        }
        for (const std::string& file : files)
            read_file(file, line.at);
    }

    std::vector<fs::path> stack_;
};

}  // namespace

std::vector<SourceLine> read_configuration(const fs::path& file) {
    Reader reader;
    reader.read_file(file, Origin{file.string(), 0, 0});
    return std::move(reader.lines);
}

std::vector<SourceLine> read_configuration_text(const std::string& text, const std::string& name) {
    Reader reader;
    reader.read_text(text, name, fs::current_path());
    return std::move(reader.lines);
}

}  // namespace routerd::import
