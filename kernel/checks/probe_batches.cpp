#include "checks/probe_batches.hpp"

namespace routerd {
namespace {

ProbeBatches::time_point batch_end(ProbeBatches::time_point due) {
    const auto into_batch = due.time_since_epoch() % ProbeBatches::kBatch;
    return into_batch == into_batch.zero() ? due : due + (ProbeBatches::kBatch - into_batch);
}

}  // namespace

ProbeBatches::time_point ProbeBatches::add(Entry entry) {
    const time_point batch = batch_end(entry.due);
    batches_[batch].push_back(std::move(entry));
    return batch;
}

std::optional<ProbeBatches::time_point> ProbeBatches::next() const {
    if (batches_.empty()) return std::nullopt;
    return batches_.begin()->first;
}

std::optional<std::vector<ProbeBatches::Entry>> ProbeBatches::take_due(time_point now) {
    if (batches_.empty() || batches_.begin()->first > now) return std::nullopt;
    return std::move(batches_.extract(batches_.begin()).mapped());
}

}  // namespace routerd
