#pragma once

#include <routerd/plugin.h>

#include <deque>
#include <filesystem>
#include <map>
#include <memory>
#include <memory_resource>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <toml++/toml.h>

#include "config/diagnostics.hpp"

namespace routerd {

class ConfigDocument;

// A value of the configuration tree as a plugin sees it (what routerd_config_node_t points
// to). Absent keys are nodes too, so a plugin can ask for them and the error can still name
// the key path and the position of the enclosing table.
class ConfigNode {
  public:
    // Everything the node holds is allocated from `memory` (its document's node arena).
    ConfigNode(ConfigDocument* document, const toml::node* value, std::string_view path,
               const ConfigNode* parent, std::pmr::memory_resource* memory)
        : document_(document),
          value_(value),
          path_(path, memory),
          parent_(parent),
          looked_up_(memory),
          absent_children_(memory),
          ordered_(memory) {}

    ConfigDocument& document() const { return *document_; }
    const toml::node* value() const { return value_; }
    std::string_view path() const { return path_; }
    routerd_config_type_t type() const;
    // The value's position, or the nearest present ancestor's for an absent key.
    SourcePosition position() const;

    const routerd_config_node_t* as_c() const {
        return reinterpret_cast<const routerd_config_node_t*>(this);
    }
    static const ConfigNode* from_c(const routerd_config_node_t* node) {
        return reinterpret_cast<const ConfigNode*>(node);
    }

  private:
    friend class ConfigDocument;
    ConfigDocument* document_;
    const toml::node* value_;
    std::pmr::string path_;
    const ConfigNode* parent_;
    std::pmr::set<std::pmr::string, std::less<>> looked_up_;  // keys asked for, present or not
    // Absent keys asked for are nodes too, made once: the dry run and the applying pass ask
    // for the same ones.
    std::pmr::map<std::pmr::string, const ConfigNode*, std::less<>> absent_children_;
    bool skip_sweep_ = false;
    // A table's entries in file order, sorted once: plugins walk big tables (10,000 checks)
    // one index at a time.
    std::pmr::vector<std::pair<const toml::key*, const toml::node*>> ordered_;
    bool ordered_ready_ = false;
};

// One configuration: the main file merged with its `include` globs, the nodes handed out to
// plugins, the keys they looked up, and every error found.
class ConfigDocument {
  public:
    // Parses `main_file` and its includes; errors (syntax, includes) go to diagnostics().
    static std::unique_ptr<ConfigDocument> load(const std::filesystem::path& main_file);
    // From text, for tests and --config-test of generated files.
    static std::unique_ptr<ConfigDocument> parse(std::string_view text, std::string file_name);

    ConfigDocument(const ConfigDocument&) = delete;
    ConfigDocument& operator=(const ConfigDocument&) = delete;

    const ConfigNode& root();
    // Looks `key` up in a table and remembers that somebody asked for it.
    const ConfigNode& get(const ConfigNode& table, std::string_view key);
    size_t count(const ConfigNode& node) const;
    // The index-th table entry (in file order) or array item; marks a table key as known.
    const ConfigNode* at(const ConfigNode& node, size_t index, std::string_view* key_out);

    void error(const ConfigNode& node, std::string message);
    // Reports every key under `node` that nobody looked up, with a did-you-mean.
    void report_unknown_keys(const ConfigNode& node);
    // Leaves `node`'s contents out of that report (its table was already reported whole).
    void skip_unknown_keys(const ConfigNode& node);

    const toml::table& table() const { return merged_; }
    const std::filesystem::path& main_file() const { return main_file_; }
    Diagnostics& diagnostics() { return diagnostics_; }

  private:
    ConfigDocument() = default;
    void load_file(const std::filesystem::path& file, std::set<std::filesystem::path>& seen,
                   int depth);
    void merge(toml::table& into, toml::table&& from, const std::string& path);
    const ConfigNode& node_for(const toml::node* value, std::string_view path,
                               const ConfigNode* parent);
    void sweep(const toml::node& value, const ConfigNode* node, const std::string& path);

    std::filesystem::path main_file_;
    toml::table merged_;
    Diagnostics diagnostics_;
    std::recursive_mutex mutex_;
    // The nodes handed out (absent keys are nodes too: with 10,000 checks, hundreds of
    // thousands), and all they hold, in an arena of their own: freed whole with the document,
    // their pages go back to the system instead of staying scattered among the allocations
    // the running configuration keeps.
    std::pmr::monotonic_buffer_resource node_memory_;
    std::pmr::deque<ConfigNode> nodes_{&node_memory_};
    std::pmr::unordered_map<const toml::node*, ConfigNode*> by_value_{&node_memory_};
};

SourcePosition position_of(const toml::source_region& region);
// "expected a string, found an integer"
std::string type_mismatch(routerd_config_type_t expected, routerd_config_type_t found);

}  // namespace routerd
