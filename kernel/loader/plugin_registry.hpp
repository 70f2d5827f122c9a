#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/dll/shared_library.hpp>

#include "host/plugin_host.hpp"

namespace routerd {

// A plugin file routerd would not load, and why.
struct LoadRefusal {
    std::filesystem::path file;
    std::string plugin_name;  // the registered name when it got that far, else the file stem
    std::string reason;

    std::string to_string() const { return file.string() + ": " + reason; }
};

// The loaded plugins. Files are opened RTLD_NOW | RTLD_LOCAL, the ABI handshake runs before
// anything else in them, and they stay loaded until the registry is destroyed (after every
// plugin object is).
class PluginRegistry {
  public:
    explicit PluginRegistry(HostServices& services) : services_(services) {}
    ~PluginRegistry();
    PluginRegistry(const PluginRegistry&) = delete;
    PluginRegistry& operator=(const PluginRegistry&) = delete;

    // Loads every *.so in the folder, in name order; refusals are recorded, not thrown.
    void load_directory(const std::filesystem::path& directory);
    // Returns the plugin, or nullptr after recording the refusal.
    PluginHost* load_file(const std::filesystem::path& file);

    const std::vector<LoadRefusal>& refusals() const { return refusals_; }
    const LoadRefusal* refusal_for(std::string_view plugin_name) const;
    std::vector<PluginHost*> plugins() const;
    PluginHost* find(std::string_view name) const;
    // Drops the resident code pages of every plugin that is not running (code_pages.hpp);
    // returns the bytes released. Called whenever the set of running plugins settles.
    std::size_t release_idle_code() const;

  private:
    struct Loaded {
        boost::dll::shared_library library;
        std::unique_ptr<PluginHost> host;
    };
    PluginHost* refuse(const std::filesystem::path& file, std::string name, std::string reason);

    HostServices& services_;
    std::vector<Loaded> loaded_;
    std::vector<LoadRefusal> refusals_;
};

}  // namespace routerd
