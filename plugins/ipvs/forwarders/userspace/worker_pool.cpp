#include "worker_pool.h"

#include <pthread.h>
#include <signal.h>

#include <exception>
#include <future>

namespace routerd::ipvs::userspace {

WorkerPool::WorkerPool(unsigned threads) {
    for (unsigned i = 0; i < threads; ++i) {
        auto worker = std::make_unique<Worker>();
        worker->thread = std::thread([w = worker.get()] {
            // splice(2) into a socket the peer has reset raises SIGPIPE (it has no
            // MSG_NOSIGNAL), which would kill routerd. Blocked on our threads, the write just
            // fails with EPIPE; the signal is thread-directed, so no other thread takes it.
            sigset_t pipe;
            sigemptyset(&pipe);
            sigaddset(&pipe, SIGPIPE);
            pthread_sigmask(SIG_BLOCK, &pipe, nullptr);
            w->loop.run();
            w->relay.close_all();  // here, so that their pipes go back to this thread's pool
        });
        workers_.push_back(std::move(worker));
    }
}

WorkerPool::~WorkerPool() {
    for (auto& w : workers_) {
        w->loop.stop();
    }
    for (auto& w : workers_) {
        w->thread.join();
    }
}

TcpRelay& WorkerPool::relay_for(TcpRelay& accepting) {
    TcpRelay* lightest = &accepting;
    for (auto& w : workers_) {
        if (w->relay.load() < lightest->load()) lightest = &w->relay;
    }
    const std::size_t least = lightest->load();
    TcpRelay& chosen = accepting.load() > least + 4 + least / 8 ? *lightest : accepting;
    chosen.reserve();
    return chosen;
}

void WorkerPool::run_on(std::size_t i, const std::function<void()>& fn) {
    std::promise<void> done;
    workers_[i]->loop.post([&] {
        try {
            fn();
            done.set_value();
        } catch (...) {
            done.set_exception(std::current_exception());
        }
    });
    done.get_future().get();
}

}  // namespace routerd::ipvs::userspace
