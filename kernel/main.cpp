// routerd: the host process. Parses the command line, then either checks the configuration
// (--config-test) or runs the daemon until SIGTERM/SIGINT, reloading on SIGHUP.
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "daemon/daemon.hpp"
#include "daemon/detach.hpp"
#include "daemon/net_namespace.hpp"
#include "daemon/signal_watch.hpp"
#include "host/descriptor_budget.hpp"
#include "import/import_keepalived.hpp"
#include "util/log.hpp"
#include "version.hpp"

namespace {

// Blocks the daemon's signals in every thread; the main loop takes them (daemon/signal_watch).
sigset_t daemon_signals() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGHUP);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    return set;
}

void on_signal(routerd::Daemon& daemon, int signal) {
    if (signal == SIGHUP) {
        daemon.request_reload();  // its result is logged by the reload itself
        return;
    }
    routerd::logger_for("routerd")->info("signal {}: stopping", strsignal(signal));
    daemon.request_stop();
}

}  // namespace

int main(int argc, char** argv) {
    using namespace routerd;
    if (argc > 1 && std::string_view(argv[1]) == "import-keepalived") {
        return import::run_import_keepalived(std::vector<std::string>(argv + 2, argv + argc),
                                             std::cout, std::cerr);
    }
    const ParsedCommandLine cli =
        parse_command_line(std::vector<std::string>(argv + 1, argv + argc), kDefaultPluginDir);
    if (!cli.error.empty()) {
        std::cerr << "routerd: " << cli.error << "\n\n" << usage_text();
        return 2;
    }
    if (cli.show_help) {
        std::cout << usage_text();
        return 0;
    }
    if (cli.show_version) {
        std::cout << "routerd " << kVersion << " (plugin ABI " << ROUTERD_ABI_MAJOR << "."
                  << ROUTERD_ABI_MINOR << ")\n";
        return 0;
    }
    const Options& options = cli.options;
    configure_logging(LogTarget::stderr_stream,
                      options.config_test ? spdlog::level::warn : options.log_level);

    if (options.config_test) {
        try {
            Daemon daemon(options);
            const std::string errors = daemon.check_configuration();
            if (!errors.empty()) {
                std::cerr << errors;
                return 1;
            }
            std::cout << options.config_file.string() << ": configuration is valid\n";
            return 0;
        } catch (const std::exception& e) {
            std::cerr << "routerd: " << e.what() << "\n";
            return 1;
        }
    }

    // Without --foreground the process detaches, but only once start-up has succeeded, so
    // that errors still reach the terminal and the exit code.
    std::optional<Detacher> detacher;
    if (!options.foreground) detacher.emplace();

    const sigset_t signals = daemon_signals();
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    try {
        raise_descriptor_limit();
        // Before the daemon starts its threads, which then run in the namespace too.
        if (auto error = enter_configured_net_namespace(options.config_file)) {
            logger_for("routerd")->critical("{}: {}", options.config_file.string(), *error);
            return 1;
        }
        Daemon daemon(options);
        if (auto errors = daemon.start()) {
            logger_for("routerd")->critical("start-up failed:\n{}", *errors);
            return 1;
        }
        // Everything that needed more than the configuration's capabilities has been done.
        if (auto error = daemon.give_up_capabilities()) {
            logger_for("routerd")->critical("{}", *error);
            return 1;
        }
        if (detacher) {
            configure_logging(LogTarget::syslog, options.log_level);
            detacher->release();
        }
        // The main thread serves the control socket, the signals and the reloads.
        SignalWatch watch(daemon.main_loop(), signals,
                          [&daemon](int signal) { on_signal(daemon, signal); });
        daemon.serve();
        daemon.stop();
        return 0;
    } catch (const std::exception& e) {
        logger_for("routerd")->critical("{}", e.what());
        return 1;
    }
}
