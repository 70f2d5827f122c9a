// A stand-in for the ipvs service plugin in the forwarder's integration tests: finds the
// forwarder named in its table through the host's find_plugin and applies the desired table
// given verbatim as JSON, at start and again on every reload. `routerctl test-lb-driver read`
// answers with the forwarder's read().
//
//   [test-lb-driver]
//   forwarder = "userspace"
//   table = '{"services": [...]}'
#include <routerd/plugin.hpp>

#include <mutex>

namespace {

using routerd::sdk::from_c;
using routerd::sdk::to_c;

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
        std::string answer;
        const routerd_status_t status = forwarder_->routerd_on_forwarder_read(
            self_,
            [](void* user, routerd_str_t text) {
                *static_cast<std::string*>(user) = std::string(from_c(text));
            },
            &answer);
        if (status != ROUTERD_OK) throw std::runtime_error("the forwarder's read failed");
        return answer;
    }

  private:
    void apply() {
        const void* table = nullptr;
        if (host().api()->find_plugin(host().raw(), ROUTERD_KIND_FORWARDER, to_c(forwarder_name_),
                                      &table, &self_) != ROUTERD_OK) {
            throw std::runtime_error("no forwarder '" + forwarder_name_ + "' is loaded");
        }
        forwarder_ = static_cast<const routerd_forwarder_api_t*>(table);
        if (forwarder_->routerd_on_forwarder_apply(self_, to_c(table_)) != ROUTERD_OK)
            throw std::runtime_error("forwarder '" + forwarder_name_ + "' refused the table");
        host().info("applied the table to forwarder '" + forwarder_name_ + "'");
    }

    std::mutex mutex_;
    std::string forwarder_name_;
    std::string table_;
    bool started_ = false;
    const routerd_forwarder_api_t* forwarder_ = nullptr;
    void* self_ = nullptr;
};

}  // namespace

ROUTERD_PLUGIN(registrar) {
    registrar.add<TestLbDriver>("test-lb-driver", "1.0.0");
}
