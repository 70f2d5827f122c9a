// A checker for the host tests: a target is up while the file named by `path` exists.
// Deterministic and instant, so tests drive health by creating and removing a file. A file
// holding "local" makes the attempt a local error (as if routerd were out of descriptors).
#include <routerd/plugin.hpp>

#include <filesystem>
#include <fstream>

namespace {

class FileExistsProbe : public routerd::sdk::Probe {
  public:
    explicit FileExistsProbe(std::string path) : path_(std::move(path)) {}
    void run(std::chrono::nanoseconds, routerd::sdk::ProbeDone done) override {
        const bool up = std::filesystem::exists(path_);
        std::string text;
        if (up) std::ifstream(path_) >> text;
        if (text == "local") return done({false, -1, "socket: Too many open files", true});
        done({up, -1, up ? "" : path_ + " is missing"});
    }

  private:
    std::string path_;
};

class TestChecker : public routerd::sdk::Checker {
  public:
    using Checker::Checker;
    std::unique_ptr<routerd::sdk::Probe> create_probe(const routerd::sdk::Config& check,
                                                      std::string_view) override {
        auto path = check["path"].string();
        if (!path) {
            if (!check["path"].present()) check["path"].error("is required");
            return nullptr;
        }
        return std::make_unique<FileExistsProbe>(*path);
    }
};

}  // namespace

ROUTERD_PLUGIN(registrar) {
    registrar.add<TestChecker>("test-checker", "1.0.0");
}
