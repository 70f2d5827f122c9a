// `include` handling on arbitrary documents: the input is up to four TOML files (separated by
// a line "===") written to a private folder as main.toml, inc1.toml ... inc3.toml; main.toml
// may include the others (by name or glob, nested, twice, in a cycle). Loading never throws;
// the merged configuration invents nothing (each of its values is some file's value at that
// path); and when no error is reported, every value of main.toml is in it unchanged.
// Inputs naming anything outside the folder ('/' or "..") are skipped: the fuzzer must not
// parse the machine's files.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "config/document.hpp"

namespace {

namespace fs = std::filesystem;
using Leaves = std::map<std::string, std::string>;  // dotted path -> value as TOML text

// fuzz_config_include.PID in the temporary folder. libFuzzer ends without running atexit
// handlers, so each run removes the folders of runs whose process is gone.
const fs::path& folder() {
    static const fs::path path = [] {
        const fs::path tmp = fs::temp_directory_path();
        const std::string prefix = "fuzz_config_include.";
        std::error_code ec;
        for (const auto& entry : fs::directory_iterator(tmp, ec)) {
            const std::string name = entry.path().filename().string();
            if (!name.starts_with(prefix)) continue;
            const std::string pid = name.substr(prefix.size());
            if (!pid.empty() && pid.find_first_not_of("0123456789") == std::string::npos &&
                !fs::exists("/proc/" + pid, ec))
                fs::remove_all(entry.path(), ec);
        }
        return tmp / (prefix + std::to_string(::getpid()));
    }();
    return path;
}

std::vector<std::string_view> split_files(std::string_view text) {
    std::vector<std::string_view> files;
    constexpr std::string_view kSeparator = "\n===\n";
    while (files.size() < 3) {
        const size_t at = text.find(kSeparator);
        if (at == std::string_view::npos) break;
        files.push_back(text.substr(0, at));
        text.remove_prefix(at + kSeparator.size());
    }
    files.push_back(text);
    return files;
}

void collect(const toml::table& table, const std::string& prefix, Leaves& out) {
    for (const auto& [key, value] : table) {
        // Quoted so that keys holding dots do not alias other paths.
        const std::string path = prefix + "\"" + std::string(key.str()) + "\".";
        if (const toml::table* child = value.as_table()) {
            collect(*child, path, out);
        } else {
            std::ostringstream text;
            value.visit([&](const auto& v) { text << v; });
            out.emplace(path, text.str());
        }
    }
}

// A file's values as the loader merges them: its top-level `include` is not configuration.
std::optional<Leaves> leaves_of(std::string_view text) {
    toml::table table;
    try {
        table = toml::parse(text);
    } catch (const toml::parse_error&) {
        return std::nullopt;
    }
    table.erase("include");
    Leaves out;
    collect(table, "", out);
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    if (input.find('/') != std::string_view::npos || input.find("..") != std::string_view::npos)
        return 0;
    const std::vector<std::string_view> files = split_files(input);
    fs::remove_all(folder());
    fs::create_directory(folder());
    std::vector<std::optional<Leaves>> expected;
    for (size_t i = 0; i < files.size(); ++i) {
        const fs::path path =
            folder() / (i == 0 ? "main.toml" : "inc" + std::to_string(i) + ".toml");
        std::ofstream(path, std::ios::binary) << files[i];
        expected.push_back(leaves_of(files[i]));
    }
    const auto doc = routerd::ConfigDocument::load(folder() / "main.toml");
    Leaves merged;
    collect(doc->table(), "", merged);
    for (const auto& [path, value] : merged) {
        bool found = false;
        for (const auto& file : expected) {
            if (!file) continue;
            const auto it = file->find(path);
            found = found || (it != file->end() && it->second == value);
        }
        if (!found) std::abort();  // a value no file has
    }
    if (doc->diagnostics().empty() && expected[0]) {
        for (const auto& [path, value] : *expected[0]) {
            const auto it = merged.find(path);
            if (it == merged.end() || it->second != value) std::abort();
        }
    }
    (void)doc->diagnostics().to_string();
    return 0;
}
