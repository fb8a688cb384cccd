#include "http/offload.h"

namespace pictor::http {

void offload(CpuPool& pool, Clock::time_point deadline, Reply reply, Work work, ErrorTable refused,
             core::CancelFlag cancel, Lane lane) {
    bool queued = pool.try_submit(
        [deadline, reply, work = std::move(work), refused, cancel] {
            if (core::raised(cancel))
                return reply(refused({core::ErrorCode::Timeout, "the client went away", {}}));
            if (Clock::now() > deadline)
                return reply(refused({core::ErrorCode::Busy, "the request waited too long", {}}));
            core::CancelScope scope(cancel);
            reply(work());
        },
        lane);
    if (!queued) reply(refused({core::ErrorCode::Busy, "server busy, try again shortly", {}}));
}

} // namespace pictor::http
