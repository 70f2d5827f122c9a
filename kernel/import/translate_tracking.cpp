// keepalived.conf(5) "Static track groups": track_group NAME { group { VI_1 VI_2 } }, and the
// track_group GROUP and no_track options of addresses, routes and rules.
#include <algorithm>

#include "custom_rules.hpp"
#include "translation.hpp"

namespace routerd::import {

void translate_track_group(const Statement& s, Scope& scope) {
    Translation& t = scope.translation;
    if (s.words.size() != 2) {
        t.report(s, "takes one name; left out");
        return;
    }
    const std::vector<std::string> path = {"vrrp", "track_group", s.words[1].text};
    TomlTable& table = t.document.table(path);
    table.comments.insert(table.comments.end(), s.comments.begin(), s.comments.end());
    TableSink sink(t.document, path);
    Scope inner{t, "track_group", sink};
    t.translate_block(s.children, inner);
    if (!table.find("group")) {
        // Keepalived 2.2.7: "Static track group NAME has no virtual router(s)" and removes it.
        t.report(s, "has no group { } of instances (Keepalived removes such a group); left out");
        table.entries.clear();
        table.comments.clear();
    }
}

bool take_tracking_option(const std::vector<Word>& words, size_t& i, const std::string& block,
                          ItemEntries& out, Translation& t) {
    const std::string& word = words[i].text;
    if (word == "no_track") {
        out.emplace_back("no_track", "true");
        return true;
    }
    if (word != "track_group" || i + 1 >= words.size()) return false;
    const std::string& group = words[++i].text;
    if (block.starts_with("static_")) {
        out.emplace_back("track_group", toml_string(group));
    } else {
        t.report(words[i - 1].at, block + " track_group",
                 "only static addresses, routes and rules have a track group "
                 "(keepalived.conf(5)); left out");
    }
    return true;
}

void settle_tracking_options(ItemEntries& out, const Statement& entry, const std::string& block,
                             Translation& t) {
    auto named = [&](const char* key) {
        return std::find_if(out.begin(), out.end(), [&](const auto& e) { return e.first == key; });
    };
    const auto group = named("track_group");
    if (group == out.end() || named("no_track") == out.end()) return;
    const auto word = std::find_if(entry.words.begin(), entry.words.end(),
                                   [](const Word& w) { return w.text == "track_group"; });
    // Keepalived 2.2.7: "Static address has both track_group and no_track set - not tracking".
    t.report(word->at, block + " track_group",
             "beside no_track: Keepalived does not track the item; left out");
    out.erase(group);
}

}  // namespace routerd::import
