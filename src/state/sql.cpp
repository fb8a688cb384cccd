#include "state/sql.h"

namespace pictor::state {

Transaction::~Transaction() {
    if (!done_) try {
            db_.exec("ROLLBACK");
        } catch (...) {
        }
}

void Transaction::commit() {
    db_.exec("COMMIT");
    done_ = true;
}

DatabasePool::DatabasePool(std::vector<std::unique_ptr<Database>> connections)
    : idle_(std::move(connections)) {}

DatabasePool::Lease DatabasePool::lease() {
    std::unique_lock lock(mutex_);
    returned_.wait(lock, [&] { return !idle_.empty(); });
    auto db = std::move(idle_.back());
    idle_.pop_back();
    return Lease(*this, std::move(db));
}

void DatabasePool::give_back(std::unique_ptr<Database> db) {
    {
        std::lock_guard lock(mutex_);
        idle_.push_back(std::move(db));
    }
    returned_.notify_one();
}

} // namespace pictor::state
