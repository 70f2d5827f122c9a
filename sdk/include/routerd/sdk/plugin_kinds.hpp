// The plugin classes: a plugin derives from one of Service, Checker, Scheduler, Notifier or
// Forwarder (the kinds of plugin.h) and overrides what its kind does.
#ifndef ROUTERD_SDK_PLUGIN_KINDS_HPP
#define ROUTERD_SDK_PLUGIN_KINDS_HPP

#include <routerd/sdk/abi.hpp>
#include <routerd/sdk/config.hpp>
#include <routerd/sdk/host.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace routerd::sdk {

// Base of every plugin class.
class Plugin {
  public:
    explicit Plugin(Host host) : host_(host) {}
    virtual ~Plugin() = default;
    Plugin(const Plugin&) = delete;
    Plugin& operator=(const Plugin&) = delete;

    // Validate `config` (NONE when the plugin has no table); report every problem through
    // Config getters / Config::error and return false if any. With dry_run, change nothing.
    virtual bool configure(const Config& config, bool dry_run) {
        (void)config;
        (void)dry_run;
        return true;
    }
    virtual void start() {}
    virtual void stop() {}
    // Status as a JSON object.
    virtual std::string status() { return "{}"; }
    // Answer a control request (JSON) with JSON.
    virtual std::string command(std::string_view request) {
        (void)request;
        throw std::runtime_error("this plugin has no commands");
    }

    const Host& host() const { return host_; }

  private:
    Host host_;
};

class Service : public Plugin {
  public:
    using Plugin::Plugin;
};
class Notifier : public Plugin {
  public:
    using Plugin::Plugin;
};

struct ProbeResult {
    bool up = false;
    int32_t weight = -1;
    std::string reason;
    bool local_error = false;  // routerd could not try (out of descriptors): state unchanged
};

// Calls the host's completion exactly once (later calls are ignored). Moving one hands the
// duty on: the moved-from object answers nothing, so a guard that answers from its destructor
// ("the checker stopped") stays silent once it has passed the completion on. (A copy still
// answers on its own: keep one.)
class ProbeDone {
  public:
    ProbeDone(routerd_probe_done_fn fn, void* context) : fn_(fn), context_(context) {}
    ProbeDone(const ProbeDone&) = default;
    ProbeDone& operator=(const ProbeDone&) = default;
    ProbeDone(ProbeDone&& other) noexcept
        : fn_(std::exchange(other.fn_, nullptr)), context_(other.context_) {}
    ProbeDone& operator=(ProbeDone&& other) noexcept {
        fn_ = std::exchange(other.fn_, nullptr);
        context_ = other.context_;
        return *this;
    }
    void operator()(const ProbeResult& result) {
        if (fn_ == nullptr) return;
        const routerd_probe_result_t raw{sizeof(routerd_probe_result_t), result.up, result.weight,
                                         to_c(result.reason), result.local_error};
        auto fn = std::exchange(fn_, nullptr);
        fn(context_, &raw);
    }

  private:
    routerd_probe_done_fn fn_;
    void* context_;
};

class Probe {
  public:
    virtual ~Probe() = default;
    // Start one attempt; call done once, from any thread, within `timeout`.
    virtual void run(std::chrono::nanoseconds timeout, ProbeDone done) = 0;
};

class Checker : public Plugin {
  public:
    using Plugin::Plugin;
    // Validate the check's own keys (the host owns the common ones) and build a probe; return
    // nullptr after reporting errors on `check`.
    virtual std::unique_ptr<Probe> create_probe(const Config& check, std::string_view target) = 0;
};

class Scheduler : public Plugin {
  public:
    using Plugin::Plugin;
    class Instance {
      public:
        virtual ~Instance() = default;
        virtual void update(const routerd_backend_t* backends, size_t n) = 0;
        virtual int64_t pick(const routerd_backend_t* backends, size_t n,
                             const routerd_flow_t& flow) = 0;
    };
    virtual std::unique_ptr<Instance> create(std::string_view flags, const Config& options) = 0;
};

class Forwarder : public Plugin {
  public:
    using Plugin::Plugin;
    virtual void apply(std::string_view desired_json) = 0;
    virtual std::string read() = 0;
};

}  // namespace routerd::sdk

#endif  // ROUTERD_SDK_PLUGIN_KINDS_HPP
