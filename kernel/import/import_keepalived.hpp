#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "translation.hpp"

namespace routerd::import {

// What an import produced: the TOML, and what could not be translated.
struct ImportResult {
    std::string toml;
    std::vector<Finding> findings;  // Expander remarks included
    int keyword_lines = 0;
    int translated_lines = 0;
};

// Expands, parses and translates read lines (conf_reader.hpp). Throws SyntaxError.
ImportResult import_lines(const std::vector<SourceLine>& lines, const std::string& config_id,
                          const std::string& source_name);

// The keyword mapping as a Markdown table, from keyword_rules() itself.
std::string keyword_table_markdown();

// `routerd import-keepalived FILE [--instance NAME] [-o OUT] [--check]` and
// `routerd import-keepalived --keywords`. Exit codes: 0 all translated, 2 something was
// reported on `err`, 1 a syntax or usage error.
int run_import_keepalived(const std::vector<std::string>& args, std::ostream& out,
                          std::ostream& err);

}  // namespace routerd::import
