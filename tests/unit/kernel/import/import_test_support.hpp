#pragma once

#include <gtest/gtest.h>

#include <toml++/toml.h>
#include <string>
#include <vector>

#include "import/conf_expander.hpp"
#include "import/conf_reader.hpp"
#include "import/import_keepalived.hpp"

namespace routerd::import::test {

// keepalived.conf text, read and expanded as the importer does (config id "main").
inline std::vector<SourceLine> expanded(const std::string& text, const std::string& id = "main") {
    Expander expander(id);
    return expander.expand(read_configuration_text(text, "test.conf"));
}

inline std::vector<std::string> texts(const std::vector<SourceLine>& lines) {
    std::vector<std::string> out;
    for (const SourceLine& line : lines) {
        if (!line.comment_only) out.push_back(line.text);
    }
    return out;
}

inline ImportResult import_text(const std::string& text, const std::string& id = "main") {
    return import_lines(read_configuration_text(text, "test.conf"), id, "test.conf");
}

// The importer's findings, "file:line: keyword: why" a line.
inline std::string findings_text(const ImportResult& result) {
    std::string out;
    for (const Finding& f : result.findings)
        out += f.at.file_line() + ": " + f.keyword + ": " + f.why + "\n";
    return out;
}

// The TOML the importer wrote, parsed (a test failure, and an empty table, when it is not TOML).
inline toml::table parsed(const ImportResult& result) {
    try {
        return toml::parse(result.toml);
    } catch (const toml::parse_error& e) {
        ADD_FAILURE() << "not TOML: " << e.what() << "\n" << result.toml;
        return {};
    }
}

}  // namespace routerd::import::test
