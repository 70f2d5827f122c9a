#include "worker_pool.h"

#include <pthread.h>
#include <signal.h>

#include <exception>
#include <future>

namespace routerd::ipvs::userspace {

WorkerPool::WorkerPool(unsigned threads) {
    for (unsigned i = 0; i < threads; ++i) {
        workers_.push_back(std::make_unique<Worker>());
    }
    for (auto& w : workers_) {
        std::vector<TcpRelay*> peers;
        for (auto& other : workers_) {
            if (other != w) peers.push_back(&other->relay);
        }
        w->relay.set_peers(std::move(peers));
    }
    try {
        for (auto& w : workers_) {
            w->thread = std::thread([w = w.get()] {
                // splice(2) into a socket the peer has reset raises SIGPIPE (it has no
                // MSG_NOSIGNAL), which would kill routerd. Blocked on our threads, the write
                // just fails with EPIPE; the signal is thread-directed, so no other thread
                // takes it.
                sigset_t pipe;
                sigemptyset(&pipe);
                sigaddset(&pipe, SIGPIPE);
                pthread_sigmask(SIG_BLOCK, &pipe, nullptr);
                pthread_setname_np(pthread_self(), "fwd-io");
                w->loop.run();
                w->relay.close_all();  // here, so that their pipes go back to this thread's pool
            });
        }
    } catch (...) {
        stop_and_join();
        throw;
    }
}

WorkerPool::~WorkerPool() {
    stop_and_join();
}

void WorkerPool::stop_and_join() {
    for (auto& w : workers_) {
        w->loop.stop();
    }
    for (auto& w : workers_) {
        if (w->thread.joinable()) w->thread.join();
    }
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
