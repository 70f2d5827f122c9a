#include "import_keepalived.hpp"

#include <unistd.h>

#include <fstream>

#include "conf_reader.hpp"
#include "custom_rules.hpp"
#include "instance_derivations.hpp"

namespace routerd::import {
namespace {

// keepalived.conf(5): "The config-id defaults to the first part of the node name as returned
// by uname".
std::string default_config_id() {
    char name[256] = {};
    if (::gethostname(name, sizeof name - 1) != 0) return "";
    const std::string host(name);
    return host.substr(0, host.find('.'));
}

// FILE_CHECK names a track_file block that may come after it: note every block's file first.
void collect_track_files(const std::vector<Statement>& top, Translation& t) {
    for (const Statement& s : top) {
        if ((s.keyword() != "track_file" && s.keyword() != "vrrp_track_file") || s.words.size() < 2)
            continue;
        for (const Statement& child : s.children) {
            if (child.keyword() == "file" && child.words.size() >= 2) {
                t.track_files[s.words[1].text] = child.words[1].text;
            }
        }
    }
}

// global_defs lvs_sync_daemon names a vrrp_instance that comes after it: note every
// instance's virtual_router_id first.
void collect_vrrp_router_ids(const std::vector<Statement>& top, Translation& t) {
    for (const Statement& s : top) {
        if (s.keyword() != "vrrp_instance" || s.words.size() < 2) continue;
        for (const Statement& child : s.children) {
            if (child.keyword() == "virtual_router_id" && child.words.size() >= 2)
                t.vrrp_router_ids[s.words[1].text] = child.words[1].text;
        }
    }
}

// global_defs checker_log_all_failures applies to the checks before it too: note it first
// (its row reports a value that is not a boolean).
void collect_checker_log_all_failures(const std::vector<Statement>& top, Translation& t) {
    for (const Statement& s : top) {
        if (s.keyword() != "global_defs") continue;
        for (const Statement& child : s.children) {
            if (child.keyword() != "checker_log_all_failures") continue;
            t.checker_log_all_failures = quiet_bool_value(child) == "true";
        }
    }
}

std::string verdict_name(Verdict verdict) {
    switch (verdict) {
        case Verdict::translated:
            return "translated";
        case Verdict::unsupported:
            return "not supported yet";
        case Verdict::not_applicable:
            return "not applicable";
        case Verdict::obsolete:
            return "obsolete";
    }
    return "";
}

std::string markdown_cell(std::string_view text) {
    std::string out;
    for (char c : text)
        out += c == '|' ? std::string("\\|") : std::string(1, c);
    return out;
}

const char* kUsage =
    "usage: routerd import-keepalived FILE [--instance NAME] [-o OUT] [--check]\n"
    "       routerd import-keepalived --keywords\n"
    "Writes the routerd TOML equivalent of a keepalived.conf (to stdout, or OUT), and reports\n"
    "every keyword it cannot translate on stderr as FILE:LINE: KEYWORD: why.\n"
    "  --instance NAME  the configuration id for @NAME lines (Keepalived's -i; default: the\n"
    "                   host name up to its first dot)\n"
    "  --check          only report, write no TOML\n"
    "  --keywords       print the mapping of every Keepalived keyword (Markdown)\n"
    "Exit: 0 everything translated, 2 something reported, 1 syntax or usage error.\n";

}  // namespace

ImportResult import_lines(const std::vector<SourceLine>& lines, const std::string& config_id,
                          const std::string& source_name) {
    Expander expander(config_id);
    const std::vector<SourceLine> expanded = expander.expand(lines);
    std::vector<Statement> top = build_tree(expanded);
    Translation t;
    apply_keepalived_resets(top, t);
    collect_track_files(top, t);
    collect_vrrp_router_ids(top, t);
    collect_checker_log_all_failures(top, t);
    DocumentSink sink(t.document);
    Scope scope{t, "", sink};
    t.translate_block(top, scope);
    derive_master_priority(top, t.document);

    ImportResult result;
    for (const Remark& remark : expander.remarks()) {
        result.findings.push_back({remark.at, remark.keyword, remark.why});
    }
    result.findings.insert(result.findings.end(), t.findings.begin(), t.findings.end());
    result.keyword_lines = t.keyword_lines;
    result.translated_lines = t.translated_lines;
    t.document.header_comments.push_back(
        "Imported from " + source_name + " by routerd import-keepalived" +
        (config_id.empty() ? "" : " (config id " + config_id + ")"));
    if (!result.findings.empty()) {
        t.document.header_comments.push_back(
            "Not translated (see `routerd import-keepalived --check`):");
        for (const Finding& f : result.findings) {
            t.document.header_comments.push_back("  " + f.at.file_line() + ": " + f.keyword + ": " +
                                                 f.why);
        }
    }
    result.toml = t.document.render();
    return result;
}

std::string keyword_table_markdown() {
    std::string out =
        "| Keepalived block | keyword | routerd | |\n"
        "|---|---|---|---|\n";
    for (const KeywordRule& rule : keyword_rules()) {
        const std::string context =
            rule.context.empty() ? "(top level)" : std::string(rule.context);
        const std::string_view what =
            rule.verdict == Verdict::translated ? rule.target : rule.reason;
        out += "| " + context + " | `" + std::string(rule.keyword) + "` | " +
               verdict_name(rule.verdict) + " | " + markdown_cell(what) + " |\n";
    }
    return out;
}

int run_import_keepalived(const std::vector<std::string>& args, std::ostream& out,
                          std::ostream& err) {
    std::string input, output, instance = default_config_id();
    bool check_only = false;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        const bool has_value = i + 1 < args.size();
        if (arg == "--keywords") {
            out << keyword_table_markdown();
            return 0;
        } else if (arg == "--check") {
            check_only = true;
        } else if ((arg == "--instance" || arg == "-i") && has_value) {
            instance = args[++i];
        } else if ((arg == "-o" || arg == "--output") && has_value) {
            output = args[++i];
        } else if (arg == "-h" || arg == "--help") {
            out << kUsage;
            return 0;
        } else if (input.empty() && !arg.empty() && arg[0] != '-') {
            input = arg;
        } else {
            err << "routerd import-keepalived: unexpected argument '" << arg << "'\n" << kUsage;
            return 1;
        }
    }
    if (input.empty()) {
        err << kUsage;
        return 1;
    }
    ImportResult result;
    try {
        result = import_lines(read_configuration(input), instance, input);
    } catch (const SyntaxError& e) {
        err << e.what() << "\n";
        return 1;
    }
    for (const Finding& f : result.findings) {
        err << visible_text(f.at.file_line() + ": " + f.keyword + ": " + f.why) << "\n";
    }
    if (!check_only) {
        if (output.empty()) {
            out << result.toml;
        } else {
            std::ofstream file(output, std::ios::trunc);
            file << result.toml;
            if (!file.flush()) {
                err << "routerd import-keepalived: cannot write '" << output << "'\n";
                return 1;
            }
        }
    }
    err << input << ": " << result.translated_lines << " of " << result.keyword_lines
        << " keyword lines translated\n";
    return result.findings.empty() ? 0 : 2;
}

}  // namespace routerd::import
