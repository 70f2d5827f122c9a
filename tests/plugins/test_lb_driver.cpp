// A stand-in for the ipvs service plugin in the forwarder's integration tests: finds the
// forwarder named in its table through the host (Host::find) and applies the desired table
// given verbatim as JSON, at start and again on every reload. `routerctl test-lb-driver read`
// answers with the forwarder's read().
//
//   [test-lb-driver]
//   forwarder = "userspace"
//   table = '{"services": [...]}'
#include <routerd/plugin.hpp>

#include <mutex>

namespace {

class TestLbDriver : public routerd::sdk::Service {
  public:
    using Service::Service;

    bool configure(const routerd::sdk::Config& config, bool dry_run) override {
        if (!config.present()) return true;  // loaded but unused: nothing to drive
        auto forwarder = config["forwarder"].string();
        auto table = config["table"].string();
        if (!forwarder || !table) {
            if (!config["forwarder"].present()) config.error("missing key 'forwarder'");
            if (!config["table"].present()) config.error("missing key 'table'");
            return false;
        }
        if (dry_run) return true;
        std::lock_guard lock(mutex_);
        forwarder_name_ = *forwarder;
        table_ = *table;
        if (started_) apply();  // a reload
        return true;
    }

    void start() override {
        std::lock_guard lock(mutex_);
        started_ = true;
        if (!forwarder_name_.empty()) apply();
    }

    std::string command(std::string_view request) override {
        std::lock_guard lock(mutex_);
        if (request.find("\"read\"") == std::string_view::npos)
            throw std::runtime_error("unknown request (try: read)");
        const std::optional<std::string> answer = forwarder_ ? forwarder_->read() : std::nullopt;
        if (!answer) throw std::runtime_error("the forwarder's read failed");
        return *answer;
    }

  private:
    void apply() {
        forwarder_ = host().find<routerd::sdk::Forwarder>(forwarder_name_);
        if (!forwarder_)
            throw std::runtime_error("no forwarder '" + forwarder_name_ + "' is loaded");
        if (!forwarder_->apply(table_))
            throw std::runtime_error("forwarder '" + forwarder_name_ + "' refused the table");
        host().info("applied the table to forwarder '" + forwarder_name_ + "'");
    }

    std::mutex mutex_;
    std::string forwarder_name_;
    std::string table_;
    bool started_ = false;
    std::optional<routerd::sdk::Provider<routerd::sdk::Forwarder>> forwarder_;
};

}  // namespace

ROUTERD_PLUGIN(registrar) {
    registrar.add<TestLbDriver>("test-lb-driver", "1.0.0");
}
