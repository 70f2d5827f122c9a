#include "probe_operation.hpp"

#include <mutex>
#include <unordered_map>
#include <vector>

#include <boost/asio/post.hpp>

#include "deadline_queue.hpp"
#include "local_error.hpp"

namespace routerd::checks {

// A loop's operations (an Asio service of its io_context, so it ends with the loop): it
// starts those handed over from other threads in batches (the host starts its attempts in
// batches; the first of a batch posts to the loop and the others join it), and it keeps the
// deadlines of those running. It holds each waiting operation, as a timer's handler would:
// an attempt that only waits for its deadline (udp, where silence is success) has nothing
// else holding it.
class LoopOperations : public boost::asio::io_context::service {
  public:
    static inline boost::asio::io_context::id id;

    explicit LoopOperations(boost::asio::io_context& io)
        : service(io), io_(io), deadlines_(io, [this](uint64_t key) { expired(key); }) {}

    // Any thread.
    void submit(std::shared_ptr<ProbeOperation> operation) {
        bool first = false;
        {
            std::lock_guard lock(queue_mutex_);
            first = queued_.empty();
            queued_.push_back(std::move(operation));
        }
        if (first) boost::asio::post(io_, [this] { start_queued(); });
    }
    void remove(uint64_t key) {
        deadlines_.remove(key);
        waiting_.erase(key);
    }

  private:
    // The loop ends: the operations go, each answering "the checker stopped".
    void shutdown() override {
        waiting_.clear();
        std::vector<std::shared_ptr<ProbeOperation>> queued;  // they answer outside the lock
        {
            std::lock_guard lock(queue_mutex_);
            queued.swap(queued_);
        }
    }

    void start_queued() {
        {
            std::lock_guard lock(queue_mutex_);
            std::swap(queued_, starting_);
        }
        for (std::shared_ptr<ProbeOperation>& operation : starting_) {
            operation->deadline_ =
                deadlines_.add(DeadlineQueue::Clock::now() + operation->timeout_);
            // Held here too: begin() may finish at once, which forgets the waiting one.
            const std::shared_ptr<ProbeOperation> started = operation;
            waiting_.emplace(operation->deadline_, std::move(operation));
            started->begin();
        }
        starting_.clear();
    }

    void expired(uint64_t key) {
        const auto it = waiting_.find(key);
        if (it == waiting_.end()) return;
        const std::shared_ptr<ProbeOperation> operation = std::move(it->second);
        waiting_.erase(it);
        operation->on_deadline();
    }

    boost::asio::io_context& io_;
    std::mutex queue_mutex_;
    std::vector<std::shared_ptr<ProbeOperation>> queued_;    // guarded by queue_mutex_
    std::vector<std::shared_ptr<ProbeOperation>> starting_;  // on the loop
    DeadlineQueue deadlines_;
    std::unordered_map<uint64_t, std::shared_ptr<ProbeOperation>> waiting_;
};

ProbeOperation::ProbeOperation(boost::asio::io_context& io, sdk::ProbeDone done)
    : io_(io), done_(std::move(done)) {}

ProbeOperation::~ProbeOperation() {
    done_({false, -1, "the checker stopped"});  // ignored when finish() already answered
}

void ProbeOperation::start(std::chrono::nanoseconds timeout) {
    timeout_ = timeout;
    boost::asio::use_service<LoopOperations>(io_).submit(shared_from_this());
}

void ProbeOperation::on_deadline() {
    if (finished_) return;
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(timeout_);
    timed_out("timed out after " + std::to_string(ms.count()) + " ms " + std::string(phase_) +
              std::string(phase_subject_));
}

void ProbeOperation::finish(bool up, std::string reason, int32_t weight) {
    answer({up, weight, std::move(reason)});
}

void ProbeOperation::fail(std::string_view call, const boost::system::error_code& ec) {
    answer({false, -1, std::string(call) + ": " + ec.message(), is_local_error(ec)});
}

void ProbeOperation::answer(sdk::ProbeResult result) {
    if (finished_) return;
    finished_ = true;
    boost::asio::use_service<LoopOperations>(io_).remove(deadline_);
    release();
    done_(result);
}

}  // namespace routerd::checks
