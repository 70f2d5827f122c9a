#pragma once

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "conf_expander.hpp"
#include "conf_tree.hpp"
#include "keyword_rules.hpp"
#include "toml_builder.hpp"

namespace routerd::import {

// A keyword the importer did not translate, or a value it could not: `FILE:LINE: KEYWORD:
// why` on stderr.
struct Finding {
    Origin at;
    std::string keyword;
    std::string why;
};

// Where a scope writes its keys: a TOML table, or the entries of an inline table.
class Sink {
  public:
    virtual ~Sink() = default;
    virtual void set(const std::string& key, std::string value, const Statement& from) = 0;
};

class TableSink : public Sink {
  public:
    TableSink(TomlDocument& document, std::vector<std::string> path)
        : document_(document), path_(std::move(path)) {}
    void set(const std::string& key, std::string value, const Statement& from) override;
    const std::vector<std::string>& path() const { return path_; }

  private:
    TomlDocument& document_;
    std::vector<std::string> path_;
};

// Keys written under a prefix of tables: "global.router_id" goes to [global] router_id.
class DocumentSink : public Sink {
  public:
    explicit DocumentSink(TomlDocument& document) : document_(document) {}
    void set(const std::string& dotted_key, std::string value, const Statement& from) override;

  private:
    TomlDocument& document_;
};

class InlineSink : public Sink {
  public:
    std::vector<std::pair<std::string, std::string>> entries;
    void set(const std::string& key, std::string value, const Statement& from) override;
    bool has(const std::string& key) const;
};

class Translation;

// Check keys that a virtual server or a real server sets for the checks below it.
using CheckDefaults = std::vector<std::pair<std::string, std::string>>;

// Values that several statements of a block add to, written once the block is done
// (a virtual server's scheduler flags, a check's urls).
using Lists = std::map<std::string, std::vector<std::string>>;

// The block being translated: its context in the rules, and where its keys go. A rule key
// "check.KEY" goes to the check defaults of the virtual or real server being translated.
struct Scope {
    Translation& translation;
    std::string_view context;
    Sink& sink;
    CheckDefaults* check_defaults = nullptr;  // virtual_server, real_server
    Lists* lists = nullptr;
};

// One import: the document being written and what could not be translated.
class Translation {
  public:
    TomlDocument document;
    std::vector<Finding> findings;
    int keyword_lines = 0;
    int translated_lines = 0;
    // Keepalived's top-level SSL block: client TLS settings of every SSL_GET.
    CheckDefaults ssl_defaults;
    // track_file blocks by name, for FILE_CHECK (which names one): the file each reads.
    std::map<std::string, std::string> track_files;
    // garp_group blocks, each an inline table of [vrrp] garp_group (an array of tables).
    std::vector<std::string> garp_groups;
    // vrrp_instance blocks by name: their virtual_router_id (lvs_sync_daemon's default syncid).
    std::map<std::string, std::string> vrrp_router_ids;
    // global_defs checker_log_all_failures: Keepalived logs a check's failures when it or
    // this says so, wherever global_defs stands, so every check gets log_all_failures.
    bool checker_log_all_failures = false;

    // Translates every statement of a block by the rules of `scope.context`.
    void translate_block(const std::vector<Statement>& statements, Scope& scope);
    void translate(const Statement& statement, Scope& scope);
    void report(const Origin& at, const std::string& keyword, const std::string& why);
    void report(const Statement& statement, const std::string& why) {
        report(statement.at(), statement.keyword(), why);
    }
    // A keyword line taken out before translation (what Keepalived itself resets): counted as
    // a keyword line that is not translated, and reported with its why.
    void leave_out(const Statement& statement, const std::string& why) {
        ++keyword_lines;
        report(statement, why);
    }
};

// The importer's whole job on a tree.
Translation translate_tree(const std::vector<Statement>& top);

// Value helpers shared by the rules' functions; each reports what it refuses and returns "".
std::string one_argument(const Statement& s, Translation& t);
std::string integer_value(const Statement& s, const std::string& text, Translation& t);
std::string bool_value(const Statement& s, Translation& t);
// bool_value read ahead of translation, where a malformed value is reported later: "" for one.
std::string quiet_bool_value(const Statement& s);
std::string duration_value(const Statement& s, const std::string& text, Translation& t);
std::string script_value(const Statement& s, Translation& t);
std::vector<std::string> names_in(const Statement& s);
// A routing table as routerd writes it: a number, or "main", "local", "default"; "" for a name
// only the system's rt_tables knows.
std::string table_value(const std::string& text);
// Sets KEY in a list of check keys, replacing an earlier value.
void set_check_key(CheckDefaults& keys, const std::string& key, std::string value);
// An address as routerd writes it where a port may follow: IPv6 in brackets.
std::string bracketed_address(const std::string& address);
// "IP PORT" as routerd writes an endpoint: "ip:port" or "[ipv6]:port".
std::string endpoint_text(const std::string& address, const std::string& port);

}  // namespace routerd::import
