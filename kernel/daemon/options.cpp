#include "daemon/options.hpp"

#include "util/log.hpp"

namespace routerd {

std::string usage_text() {
    return R"(usage: routerd [options]
       routerd import-keepalived FILE [--instance NAME] [-o OUT] [--check]
                                 (keepalived.conf to routerd TOML; --help for more)

  -f, --config FILE          configuration file (default /etc/routerd/routerd.toml)
  -p, --plugin-dir DIR       load plugins from DIR (repeatable; default the installed folder)
  -s, --state-db FILE        state database (default /var/lib/routerd/state.db)
  -c, --control-socket PATH  control socket (default /run/routerd/routerd.sock)
  -t, --config-test          load plugins, check the whole configuration, print every
                             error and exit 0 (valid) or 1 (not)
  -n, --foreground           stay in the foreground and log to stderr
  -l, --log-level LEVEL      trace, debug, info, warn, error or critical (default info)
  -v, --version              print the version and exit
  -h, --help                 print this help and exit

Signals: SIGHUP reloads the configuration; SIGTERM and SIGINT stop routerd.
)";
}

ParsedCommandLine parse_command_line(const std::vector<std::string>& args,
                                     const std::filesystem::path& default_plugin_dir) {
    ParsedCommandLine out;
    Options& o = out.options;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        // "--key=value" and "--key value" both work.
        std::string key = arg;
        std::optional<std::string> inline_value;
        if (const size_t eq = arg.find('='); arg.rfind("--", 0) == 0 && eq != std::string::npos) {
            key = arg.substr(0, eq);
            inline_value = arg.substr(eq + 1);
        }
        auto value = [&]() -> std::optional<std::string> {
            if (inline_value) return inline_value;
            if (i + 1 < args.size()) return args[++i];
            out.error = key + " needs a value";
            return std::nullopt;
        };
        if (key == "-h" || key == "--help") {
            out.show_help = true;
        } else if (key == "-v" || key == "--version") {
            out.show_version = true;
        } else if (key == "-t" || key == "--config-test") {
            o.config_test = true;
        } else if (key == "-n" || key == "--foreground") {
            o.foreground = true;
        } else if (key == "-f" || key == "--config") {
            if (auto v = value()) o.config_file = *v;
        } else if (key == "-p" || key == "--plugin-dir") {
            if (auto v = value()) o.plugin_dirs.emplace_back(*v);
        } else if (key == "-s" || key == "--state-db") {
            if (auto v = value()) o.state_db = *v;
        } else if (key == "-c" || key == "--control-socket") {
            if (auto v = value()) o.control_socket = *v;
        } else if (key == "-l" || key == "--log-level") {
            if (auto v = value()) {
                if (auto level = parse_log_level(*v)) {
                    o.log_level = *level;
                } else {
                    out.error = "unknown log level '" + *v + "'";
                }
            }
        } else {
            out.error = "unknown option '" + arg + "'";
        }
        if (!out.error.empty()) return out;
    }
    if (o.plugin_dirs.empty()) o.plugin_dirs.push_back(default_plugin_dir);
    return out;
}

}  // namespace routerd
