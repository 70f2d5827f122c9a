// Feeds arbitrary text to the configuration loader and walks every node the way a plugin
// would, then sweeps for unknown keys: nothing may crash, whatever the input.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "config/document.hpp"

namespace {

void walk(routerd::ConfigDocument& doc, const routerd::ConfigNode& node, int depth) {
    if (depth > 8) return;
    for (size_t i = 0, n = doc.count(node); i < n; ++i) {
        std::string_view key;
        if (const routerd::ConfigNode* child = doc.at(node, i, &key)) {
            (void)child->position();
            walk(doc, *child, depth + 1);
        }
    }
    doc.get(node, "missing");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    auto doc = routerd::ConfigDocument::parse(
        std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.toml");
    walk(*doc, doc->root(), 0);
    doc->report_unknown_keys(doc->root());
    (void)doc->diagnostics().to_string();
    return 0;
}
