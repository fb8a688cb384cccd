#include "http/offload.h"

namespace pictor::http {

void offload(CpuPool& pool, Clock::time_point deadline, Reply reply, Work work,
             ErrorTable refused) {
    bool queued = pool.try_submit([deadline, reply, work = std::move(work), refused] {
        if (Clock::now() > deadline)
            return reply(refused({core::ErrorCode::Busy, "the request waited too long", {}}));
        reply(work());
    });
    if (!queued) reply(refused({core::ErrorCode::Busy, "server busy, try again shortly", {}}));
}

} // namespace pictor::http
