#include "probe_operation.hpp"

#include <unordered_map>

#include <boost/asio/post.hpp>

#include "deadline_queue.hpp"

namespace routerd::checks {

// The deadlines of a loop's operations (an Asio service of its io_context, so it ends with
// the loop). It keeps each waiting operation alive, as a timer's handler would: an attempt
// that only waits for its deadline (udp, where silence is success) has nothing else holding
// it.
class OperationDeadlines : public boost::asio::io_context::service {
  public:
    static inline boost::asio::io_context::id id;

    explicit OperationDeadlines(boost::asio::io_context& io)
        : service(io), queue_(io, [this](uint64_t key) { expired(key); }) {}

    uint64_t add(std::chrono::nanoseconds timeout, std::shared_ptr<ProbeOperation> operation) {
        const uint64_t key = queue_.add(DeadlineQueue::Clock::now() + timeout);
        waiting_.emplace(key, std::move(operation));
        return key;
    }
    void remove(uint64_t key) {
        queue_.remove(key);
        waiting_.erase(key);
    }

  private:
    // The loop ends: the operations go, each answering "the checker stopped".
    void shutdown() override { waiting_.clear(); }

    void expired(uint64_t key) {
        const auto it = waiting_.find(key);
        if (it == waiting_.end()) return;
        const std::shared_ptr<ProbeOperation> operation = std::move(it->second);
        waiting_.erase(it);
        operation->on_deadline();
    }

    DeadlineQueue queue_;
    std::unordered_map<uint64_t, std::shared_ptr<ProbeOperation>> waiting_;
};

ProbeOperation::ProbeOperation(boost::asio::io_context& io, sdk::ProbeDone done)
    : io_(io), done_(std::move(done)) {}

ProbeOperation::~ProbeOperation() {
    done_({false, -1, "the checker stopped"});  // ignored when finish() already answered
}

void ProbeOperation::start(std::chrono::nanoseconds timeout) {
    timeout_ = timeout;
    boost::asio::post(io_, [self = shared_from_this()] {
        self->deadline_ =
            boost::asio::use_service<OperationDeadlines>(self->io_).add(self->timeout_, self);
        self->begin();
    });
}

void ProbeOperation::on_deadline() {
    if (finished_) return;
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(timeout_);
    timed_out("timed out after " + std::to_string(ms.count()) + " ms " + std::string(phase_) +
              std::string(phase_subject_));
}

void ProbeOperation::finish(bool up, std::string reason, int32_t weight) {
    if (finished_) return;
    finished_ = true;
    boost::asio::use_service<OperationDeadlines>(io_).remove(deadline_);
    release();
    done_({up, weight, std::move(reason)});
}

}  // namespace routerd::checks
