#include "pipe_pool.h"

#include "routerd/ipvs/userspace/descriptor_plan.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <system_error>
#include <utility>
#include <vector>

namespace routerd::ipvs::userspace {

namespace {

std::atomic<std::size_t> pool_limit_per_thread{kMaxPooledPipes};

std::vector<Pipe>& pool() {
    thread_local std::vector<Pipe> pipes;
    return pipes;
}

}  // namespace

Pipe::Pipe(Pipe&& other) noexcept : capacity_(other.capacity_) {
    std::swap(fds_, other.fds_);
}

Pipe& Pipe::operator=(Pipe&& other) noexcept {
    if (this != &other) {
        close();
        std::swap(fds_, other.fds_);
        capacity_ = other.capacity_;
    }
    return *this;
}

Pipe::~Pipe() {
    close();
}

void Pipe::close() {
    for (int& fd : fds_) {
        if (fd >= 0) {
            ::close(fd);
            fd = -1;
        }
    }
}

Pipe Pipe::take(std::size_t capacity) {
    std::vector<Pipe>& pipes = pool();
    while (!pipes.empty()) {
        Pipe pipe = std::move(pipes.back());
        pipes.pop_back();
        if (pipe.capacity_ == capacity) {
            return pipe;
        }
    }
    Pipe pipe;
    if (::pipe2(pipe.fds_, O_NONBLOCK | O_CLOEXEC) != 0) {
        throw std::system_error(errno, std::generic_category(), "pipe2");
    }
    // Without the privilege to grow a pipe past fs.pipe-max-size the default (64 KiB) stays.
    ::fcntl(pipe.fds_[0], F_SETPIPE_SZ, static_cast<int>(capacity));
    pipe.capacity_ = capacity;
    return pipe;
}

void Pipe::give_back(Pipe pipe, bool empty) {
    std::vector<Pipe>& pipes = pool();
    if (pipe && empty && pipes.size() < pool_limit_per_thread.load(std::memory_order_relaxed)) {
        pipes.push_back(std::move(pipe));
    }
}

void Pipe::set_pool_limit(std::size_t pipes) {
    pool_limit_per_thread.store(pipes, std::memory_order_relaxed);
}

std::size_t Pipe::pool_limit() {
    return pool_limit_per_thread.load(std::memory_order_relaxed);
}

}  // namespace routerd::ipvs::userspace
