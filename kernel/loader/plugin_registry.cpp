#include "loader/plugin_registry.hpp"

#include <algorithm>
#include <mutex>
#include <vector>

#include <boost/dll/shared_library_load_mode.hpp>

#include "loader/code_pages.hpp"
#include "loader/file_safety.hpp"

namespace routerd {
namespace {

std::string version_text(uint32_t major, uint32_t minor) {
    return std::to_string(major) + "." + std::to_string(minor);
}

// dlopen knows a library by the name it was opened by, and a C++ library is often never
// unloaded (unique symbols): "/proc/self/fd/N" must not name another file later in the
// process, so the descriptors of loaded files are never closed.
void keep_for_the_process(FileDescriptor descriptor) {
    static std::mutex mutex;
    static std::vector<FileDescriptor>* kept = new std::vector<FileDescriptor>;
    std::lock_guard lock(mutex);
    kept->push_back(std::move(descriptor));
}

}  // namespace

PluginRegistry::~PluginRegistry() {
    // Plugin objects first, then their contexts, then (last) the code they ran.
    for (Loaded& l : loaded_)
        l.host->destroy();
    for (Loaded& l : loaded_)
        l.host.reset();
}

PluginHost* PluginRegistry::refuse(const std::filesystem::path& file, std::string name,
                                   std::string reason) {
    refusals_.push_back(LoadRefusal{file, std::move(name), std::move(reason)});
    return nullptr;
}

void PluginRegistry::load_directory(const std::filesystem::path& directory) {
    const auto folder = open_trusted_folder(directory);
    if (const auto* unsafe = std::get_if<std::string>(&folder)) {
        refuse(directory, "", "plugin folder refused: " + *unsafe);
        return;
    }
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(directory)) {
        if (entry.path().extension() == ".so") files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    for (const auto& file : files)
        load_file(file);
}

PluginHost* PluginRegistry::load_file(const std::filesystem::path& file) {
    const std::string stem = file.stem().string();
    auto opened = open_trusted_file(file);
    if (auto* unsafe = std::get_if<std::string>(&opened))
        return refuse(file, stem, "refused: " + *unsafe);

    boost::dll::shared_library library;
    try {
        // Through the descriptor checked: renaming another file into place meanwhile changes
        // nothing.
        library.load(std::get<FileDescriptor>(opened).proc_path(),
                     boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
        keep_for_the_process(std::move(std::get<FileDescriptor>(opened)));
    } catch (const std::exception& e) {
        return refuse(file, stem, std::string("cannot be loaded: ") + e.what());
    }
    if (!library.has(ROUTERD_PLUGIN_ENTRY_SYMBOL)) {
        return refuse(file, stem,
                      "has no entry symbol '" ROUTERD_PLUGIN_ENTRY_SYMBOL
                      "' (is it a routerd plugin? build it with ROUTERD_PLUGIN)");
    }
    auto& entry =
        library.get<routerd_status_t(routerd_handshake_t*, routerd_host_t*,
                                     const routerd_host_api_t*)>(ROUTERD_PLUGIN_ENTRY_SYMBOL);

    // Step 1: the handshake alone; no other code of the plugin runs before it passes.
    routerd_handshake_t handshake{sizeof handshake, 0, 0};
    if (entry(&handshake, nullptr, nullptr) != ROUTERD_OK) {
        return refuse(file, stem, "handshake failed");
    }
    if (handshake.abi_major != ROUTERD_ABI_MAJOR) {
        return refuse(
            file, stem,
            "built for plugin ABI " + version_text(handshake.abi_major, handshake.abi_minor) +
                ", routerd speaks ABI " + version_text(ROUTERD_ABI_MAJOR, ROUTERD_ABI_MINOR) +
                " (major versions differ: rebuild it against this routerd's SDK)");
    }
    if (handshake.abi_minor > ROUTERD_ABI_MINOR) {
        return refuse(
            file, stem,
            "built for plugin ABI " + version_text(handshake.abi_major, handshake.abi_minor) +
                ", newer than routerd's " + version_text(ROUTERD_ABI_MAJOR, ROUTERD_ABI_MINOR) +
                " (upgrade routerd or rebuild the plugin)");
    }

    // Step 2: init, which registers the plugin.
    auto host = std::make_unique<PluginHost>(services_, file);
    host->find_by_name = [this](const std::string& name) -> const PluginHost* {
        return find(name);
    };
    const routerd_status_t status = entry(&handshake, host->as_c(), &host_api());
    if (!host->registration_refusal().empty()) {
        host->destroy();
        return refuse(file, stem, "refused at registration: " + host->registration_refusal());
    }
    if (status != ROUTERD_OK) {
        const std::string why = host->take_error();
        host->destroy();
        return refuse(file, host->registered() ? host->name() : stem,
                      "init failed: " + (why.empty() ? std::string("no reason given") : why));
    }
    if (!host->registered()) {
        return refuse(file, stem, "init registered nothing (call register_plugin in the entry)");
    }
    PluginHost* raw = host.get();
    raw->log().debug("loaded {} {} from {}", raw->name(), raw->version(), file.string());
    loaded_.push_back(Loaded{std::move(library), std::move(host)});
    return raw;
}

const LoadRefusal* PluginRegistry::refusal_for(std::string_view plugin_name) const {
    for (const LoadRefusal& r : refusals_) {
        if (r.plugin_name == plugin_name) return &r;
    }
    return nullptr;
}

std::vector<PluginHost*> PluginRegistry::plugins() const {
    std::vector<PluginHost*> out;
    for (const Loaded& l : loaded_)
        out.push_back(l.host.get());
    return out;
}

std::size_t PluginRegistry::release_idle_code() const {
    std::size_t released = 0;
    for (const Loaded& l : loaded_) {
        if (!l.host->running()) released += release_pages(read_only_pages(l.library.native()));
    }
    return released;
}

PluginHost* PluginRegistry::find(std::string_view name) const {
    for (const Loaded& l : loaded_) {
        if (l.host->name() == name) return l.host.get();
    }
    return nullptr;
}

}  // namespace routerd
