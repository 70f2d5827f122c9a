#include "config/document.hpp"

#include <glob.h>

#include <algorithm>
#include <tuple>

#include "util/levenshtein.hpp"

namespace routerd {
namespace {

constexpr int kMaxIncludeDepth = 8;

std::string child_path(std::string_view parent, std::string_view key) {
    std::string path(parent);
    if (!path.empty()) path += '.';
    return path.append(key);
}

std::string describe(routerd_config_type_t type) {
    switch (type) {
        case ROUTERD_CONFIG_TABLE:
            return "a table";
        case ROUTERD_CONFIG_ARRAY:
            return "an array";
        case ROUTERD_CONFIG_STRING:
            return "a string";
        case ROUTERD_CONFIG_INTEGER:
            return "an integer";
        case ROUTERD_CONFIG_FLOAT:
            return "a number";
        case ROUTERD_CONFIG_BOOLEAN:
            return "a boolean";
        case ROUTERD_CONFIG_NONE:
            break;
    }
    return "a date or time";
}

std::vector<std::filesystem::path> expand_glob(const std::filesystem::path& pattern) {
    glob_t matches{};
    std::vector<std::filesystem::path> out;
    if (::glob(pattern.c_str(), 0, nullptr, &matches) == 0) {
        for (size_t i = 0; i < matches.gl_pathc; ++i)
            out.emplace_back(matches.gl_pathv[i]);
    }
    ::globfree(&matches);
    return out;
}

// toml++ keeps table keys sorted; people read (and expect errors) in file order.
std::vector<std::pair<const toml::key*, const toml::node*>> in_file_order(const toml::table& t) {
    std::vector<std::pair<const toml::key*, const toml::node*>> entries;
    for (auto&& [key, value] : t)
        entries.emplace_back(&key, &value);
    std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
        const SourcePosition pa = position_of(a.first->source());
        const SourcePosition pb = position_of(b.first->source());
        return std::tie(pa.file, pa.line, pa.column) < std::tie(pb.file, pb.line, pb.column);
    });
    return entries;
}

bool has_wildcard(const std::string& pattern) {
    return pattern.find_first_of("*?[") != std::string::npos;
}

}  // namespace

SourcePosition position_of(const toml::source_region& region) {
    return SourcePosition{region.path ? *region.path : std::string(), region.begin.line,
                          region.begin.column};
}

routerd_config_type_t ConfigNode::type() const {
    if (value_ == nullptr) return ROUTERD_CONFIG_NONE;
    switch (value_->type()) {
        case toml::node_type::table:
            return ROUTERD_CONFIG_TABLE;
        case toml::node_type::array:
            return ROUTERD_CONFIG_ARRAY;
        case toml::node_type::string:
            return ROUTERD_CONFIG_STRING;
        case toml::node_type::integer:
            return ROUTERD_CONFIG_INTEGER;
        case toml::node_type::floating_point:
            return ROUTERD_CONFIG_FLOAT;
        case toml::node_type::boolean:
            return ROUTERD_CONFIG_BOOLEAN;
        default:
            return static_cast<routerd_config_type_t>(100);  // dates: no plugin takes them
    }
}

SourcePosition ConfigNode::position() const {
    for (const ConfigNode* n = this; n != nullptr; n = n->parent_) {
        if (n->value_ != nullptr && n->value_->source().begin.line > 0) {
            return position_of(n->value_->source());
        }
    }
    return SourcePosition{document_->main_file().string(), 0, 0};
}

std::unique_ptr<ConfigDocument> ConfigDocument::load(const std::filesystem::path& main_file) {
    std::unique_ptr<ConfigDocument> doc(new ConfigDocument());
    doc->main_file_ = main_file;
    std::set<std::filesystem::path> seen;
    doc->load_file(main_file, seen, 0);
    return doc;
}

std::unique_ptr<ConfigDocument> ConfigDocument::parse(std::string_view text,
                                                      std::string file_name) {
    std::unique_ptr<ConfigDocument> doc(new ConfigDocument());
    doc->main_file_ = file_name;
    try {
        doc->merged_ = toml::parse(text, file_name);
    } catch (const toml::parse_error& e) {
        doc->diagnostics_.add(position_of(e.source()), "", std::string(e.description()));
    }
    return doc;
}

void ConfigDocument::load_file(const std::filesystem::path& file,
                               std::set<std::filesystem::path>& seen, int depth) {
    std::error_code ec;
    const std::filesystem::path canonical = std::filesystem::weakly_canonical(file, ec);
    if (!seen.insert(ec ? file : canonical).second) return;  // included twice: once is enough
    if (!std::filesystem::exists(file)) {
        diagnostics_.add(SourcePosition{file.string(), 0, 0}, "", "no such file");
        return;
    }
    toml::table parsed;
    try {
        parsed = toml::parse_file(file.string());
    } catch (const toml::parse_error& e) {
        diagnostics_.add(position_of(e.source()), "", std::string(e.description()));
        return;
    }

    std::vector<std::filesystem::path> includes;
    if (toml::node* include = parsed.get("include")) {
        const SourcePosition where = position_of(include->source());
        std::vector<const toml::node*> patterns;
        if (const toml::array* list = include->as_array()) {
            for (const toml::node& item : *list)
                patterns.push_back(&item);
        } else {
            patterns.push_back(include);
        }
        for (const toml::node* pattern : patterns) {
            const auto* text = pattern->as_string();
            if (text == nullptr) {
                diagnostics_.add(where, "include", "expected a file name or glob string");
                continue;
            }
            std::filesystem::path full = text->get();
            if (full.is_relative()) full = file.parent_path() / full;
            std::vector<std::filesystem::path> matches = expand_glob(full);
            if (matches.empty() && !has_wildcard(text->get())) {
                diagnostics_.add(where, "include", "'" + full.string() + "': no such file");
            }
            if (depth + 1 > kMaxIncludeDepth) {
                diagnostics_.add(where, "include", "includes nested more than 8 deep");
                matches.clear();
            }
            includes.insert(includes.end(), matches.begin(), matches.end());
        }
        parsed.erase("include");
    }
    merge(merged_, std::move(parsed), "");
    for (const auto& included : includes)
        load_file(included, seen, depth + 1);
}

void ConfigDocument::merge(toml::table& into, toml::table&& from, const std::string& path) {
    for (auto&& [key, value] : from) {
        const std::string key_path = child_path(path, key.str());
        toml::node* existing = into.get(key.str());
        if (existing == nullptr) {
            into.insert(key.str(), std::move(value));
        } else if (existing->is_table() && value.is_table()) {
            merge(*existing->as_table(), std::move(*value.as_table()), key_path);
        } else {
            const SourcePosition first = position_of(existing->source());
            diagnostics_.add(position_of(key.source()), key_path,
                             "already defined at " + first.file + ":" + std::to_string(first.line) +
                                 ":" + std::to_string(first.column));
        }
    }
}

const ConfigNode& ConfigDocument::node_for(const toml::node* value, std::string_view path,
                                           const ConfigNode* parent) {
    if (value != nullptr) {
        auto it = by_value_.find(value);
        if (it != by_value_.end()) return *it->second;
    }
    ConfigNode& node = nodes_.emplace_back(this, value, path, parent, &node_memory_);
    if (value != nullptr) by_value_.emplace(value, &node);
    return node;
}

const ConfigNode& ConfigDocument::root() {
    std::lock_guard lock(mutex_);
    return node_for(&merged_, "", nullptr);
}

const ConfigNode& ConfigDocument::get(const ConfigNode& table, std::string_view key) {
    std::lock_guard lock(mutex_);
    const toml::node* value = nullptr;
    if (const toml::table* t = table.value_ ? table.value_->as_table() : nullptr) {
        value = t->get(key);
        const_cast<ConfigNode&>(table).looked_up_.emplace(key);
    }
    if (value != nullptr) return node_for(value, child_path(table.path_, key), &table);
    auto& absent = const_cast<ConfigNode&>(table).absent_children_;
    auto it = absent.find(key);
    if (it == absent.end()) {
        it = absent.emplace(key, &node_for(nullptr, child_path(table.path_, key), &table)).first;
    }
    return *it->second;
}

size_t ConfigDocument::count(const ConfigNode& node) const {
    if (node.value_ == nullptr) return 0;
    if (const toml::table* t = node.value_->as_table()) return t->size();
    if (const toml::array* a = node.value_->as_array()) return a->size();
    return 0;
}

const ConfigNode* ConfigDocument::at(const ConfigNode& node, size_t index,
                                     std::string_view* key_out) {
    std::lock_guard lock(mutex_);
    if (node.value_ == nullptr) return nullptr;
    if (const toml::array* a = node.value_->as_array()) {
        if (index >= a->size()) return nullptr;
        return &node_for(a->get(index), std::string(node.path_) + "[" + std::to_string(index) + "]",
                         &node);
    }
    const toml::table* t = node.value_->as_table();
    if (t == nullptr || index >= t->size()) return nullptr;
    auto& mutable_node = const_cast<ConfigNode&>(node);
    if (!mutable_node.ordered_ready_) {
        const auto entries = in_file_order(*t);
        mutable_node.ordered_.assign(entries.begin(), entries.end());
        mutable_node.ordered_ready_ = true;
    }
    const auto [key, value] = mutable_node.ordered_[index];
    mutable_node.looked_up_.emplace(key->str());
    if (key_out != nullptr) *key_out = key->str();
    return &node_for(value, child_path(node.path_, key->str()), &node);
}

void ConfigDocument::error(const ConfigNode& node, std::string message) {
    diagnostics_.add(node.position(), std::string(node.path_), std::move(message));
}

void ConfigDocument::report_unknown_keys(const ConfigNode& node) {
    std::lock_guard lock(mutex_);
    if (node.value_ != nullptr) sweep(*node.value_, &node, std::string(node.path_));
}

void ConfigDocument::skip_unknown_keys(const ConfigNode& node) {
    std::lock_guard lock(mutex_);
    const_cast<ConfigNode&>(node).skip_sweep_ = true;
}

void ConfigDocument::sweep(const toml::node& value, const ConfigNode* node,
                           const std::string& path) {
    if (node != nullptr && node->skip_sweep_) return;
    auto visited = [this](const toml::node* v) -> const ConfigNode* {
        auto it = by_value_.find(v);
        return it == by_value_.end() ? nullptr : it->second;
    };
    if (const toml::array* a = value.as_array()) {
        for (size_t i = 0; i < a->size(); ++i) {
            sweep(*a->get(i), visited(a->get(i)), path + "[" + std::to_string(i) + "]");
        }
        return;
    }
    const toml::table* t = value.as_table();
    if (t == nullptr) return;
    std::vector<std::string> known;
    if (node != nullptr) known.assign(node->looked_up_.begin(), node->looked_up_.end());
    for (const auto& [key, child] : in_file_order(*t)) {
        if (node != nullptr && node->looked_up_.count(key->str()) > 0) {
            sweep(*child, visited(child), child_path(path, key->str()));
            continue;
        }
        std::string message = "unknown key '" + std::string(key->str()) + "'";
        if (auto suggestion = did_you_mean(key->str(), known)) {
            message += " (did you mean '" + *suggestion + "'?)";
        }
        diagnostics_.add(position_of(key->source()), child_path(path, key->str()),
                         std::move(message));
    }
}

std::string type_mismatch(routerd_config_type_t expected, routerd_config_type_t found) {
    return "expected " + describe(expected) + ", found " + describe(found);
}

}  // namespace routerd
