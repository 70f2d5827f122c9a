#pragma once

#include <array>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>

namespace routerd::checks::file {

// Keeps the contents of one file current with inotify. It watches the file's directory,
// not the file, so that a file replaced by rename (how careful writers update it) or
// created later is seen too. Lives on the checker's loop; its pending read keeps it alive,
// so it goes away with the loop or on stop().
class FileWatch : public std::enable_shared_from_this<FileWatch> {
  public:
    FileWatch(boost::asio::io_context& io, std::string path);
    // Reads the file and starts watching; on the loop.
    void start();
    void stop();
    // The file's contents, or nullopt with the reason it could not be read.
    const std::optional<std::string>& content() const { return content_; }
    const std::string& error() const { return error_; }
    // Whether inotify keeps content() current; if not, refresh() before each use.
    bool watching() const;
    void refresh() { read_file(); }

  private:
    void read_file();
    void wait();

    std::string path_;
    std::string directory_;
    std::string name_;
    boost::asio::posix::stream_descriptor inotify_;
    std::array<char, 4096> events_;
    std::optional<std::string> content_;
    std::string error_;
};

}  // namespace routerd::checks::file
