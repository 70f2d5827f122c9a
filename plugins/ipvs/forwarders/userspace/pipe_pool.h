// Pipes for splice(2): bytes move socket -> pipe -> socket inside the kernel, never copied to
// user space. Creating and closing two pipes per connection would cost six system calls, so
// each I/O thread keeps the empty pipes of finished connections for the next ones, up to a
// limit drawn from the forwarder's descriptor budget.
#pragma once

#include <cstddef>

namespace routerd::ipvs::userspace {

class Pipe {
  public:
    Pipe() = default;
    Pipe(Pipe&& other) noexcept;
    Pipe& operator=(Pipe&& other) noexcept;
    Pipe(const Pipe&) = delete;
    Pipe& operator=(const Pipe&) = delete;
    ~Pipe();

    // An empty pipe of `capacity` bytes (fcntl F_SETPIPE_SZ), from this thread's pool when it
    // has one; throws std::system_error when the system is out of descriptors.
    static Pipe take(std::size_t capacity);
    // Gives an empty pipe back to this thread's pool (one still holding data is closed, as is
    // one past the pool's limit).
    static void give_back(Pipe pipe, bool empty);
    // How many idle pipes each thread's pool keeps (descriptor_plan.h); any thread.
    static void set_pool_limit(std::size_t pipes);
    static std::size_t pool_limit();

    int read_end() const { return fds_[0]; }
    int write_end() const { return fds_[1]; }
    explicit operator bool() const { return fds_[0] >= 0; }

  private:
    void close();

    int fds_[2] = {-1, -1};
    std::size_t capacity_ = 0;
};

}  // namespace routerd::ipvs::userspace
