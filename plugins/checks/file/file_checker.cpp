// file: Keepalived's FILE_CHECK — status and weight from a number in a file
// (keepalived.conf(5), "Track files" and FILE_CHECK), kept current with inotify.
#include <routerd/plugin.hpp>

#include <boost/asio/post.hpp>

#include "asio_checker.hpp"
#include "check_keys.hpp"
#include "file_watch.hpp"
#include "track_file.hpp"

namespace routerd::checks::file {
namespace {

struct FileSettings {
    std::string path;
    int64_t weight = 1;  // keepalived.conf(5): "weight defaults to 1"
    bool reverse = false;
    bool dynamic = false;
};

// The probe's watch, touched on the loop only; weak, so the loop owns the watch.
struct WatchSlot {
    std::weak_ptr<FileWatch> watch;
};

class FileProbe : public sdk::Probe {
  public:
    FileProbe(IoThread& io, FileSettings settings)
        : io_(io), settings_(std::move(settings)), slot_(std::make_shared<WatchSlot>()) {}
    ~FileProbe() override {
        boost::asio::post(io_.context(), [slot = slot_] {
            if (auto watch = slot->watch.lock()) watch->stop();
        });
    }

    void run(std::chrono::nanoseconds, sdk::ProbeDone done) override {
        boost::asio::post(io_.context(), [this_io = &io_.context(), settings = settings_,
                                          slot = slot_, done]() mutable {
            std::shared_ptr<FileWatch> watch = slot->watch.lock();
            if (!watch) {
                watch = std::make_shared<FileWatch>(*this_io, settings.path);
                watch->start();
                slot->watch = watch;
            } else if (!watch->watching()) {
                watch->refresh();
            }
            if (!watch->content()) return done({false, -1, watch->error()});
            std::string error;
            const std::optional<int64_t> value = parse_value(*watch->content(), &error);
            if (!value) return done({false, -1, settings.path + ": " + error});
            const FileVerdict v =
                judge(*value, settings.weight, settings.reverse, settings.dynamic);
            done({v.up, v.weight, v.reason});
        });
    }

  private:
    IoThread& io_;
    FileSettings settings_;
    std::shared_ptr<WatchSlot> slot_;
};

class FileChecker : public AsioChecker {
  public:
    using AsioChecker::AsioChecker;

    std::unique_ptr<sdk::Probe> create_probe(const sdk::Config& check, std::string_view) override {
        CheckKeys keys(check);
        FileSettings settings;
        if (std::optional<std::string> path = keys.string("track_file")) {
            if (path->empty() || path->front() != '/' || path->back() == '/')
                keys.error("track_file", "'" + *path + "' is not an absolute file path");
            settings.path = *path;
        } else if (!keys["track_file"].present()) {
            keys.error("track_file", "is required: the file holding the number");
        }
        settings.weight = keys.integer("weight", -2147483647, 2147483647).value_or(1);
        settings.reverse = keys.boolean("reverse").value_or(false);
        settings.dynamic = keys.boolean("dynamic").value_or(false);
        if (!keys.valid()) return nullptr;
        return std::make_unique<FileProbe>(io(), std::move(settings));
    }
};

}  // namespace
}  // namespace routerd::checks::file

ROUTERD_PLUGIN(registrar) {
    registrar.add<routerd::checks::file::FileChecker>("file", "1.0.0");
}
