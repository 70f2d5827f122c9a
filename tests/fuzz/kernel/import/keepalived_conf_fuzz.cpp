// Feeds arbitrary text to `routerd import-keepalived` as a keepalived.conf: it may refuse the
// input with a syntax error, but never crash, and whatever it writes must be valid TOML.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include <toml++/toml.h>

#include "import/conf_reader.hpp"
#include "import/import_keepalived.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    // Includes would read this machine's files: the reader's own tests cover them.
    if (text.find("include") != std::string::npos) return 0;
    try {
        const auto result = routerd::import::import_lines(
            routerd::import::read_configuration_text(text, "fuzz.conf"), "main", "fuzz.conf");
        try {
            (void)toml::parse(result.toml);
        } catch (const toml::parse_error&) {
            std::abort();  // the importer wrote something that is not TOML
        }
    } catch (const routerd::import::SyntaxError&) {
    }
    return 0;
}
