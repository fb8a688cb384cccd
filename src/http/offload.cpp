#include "http/offload.h"

#include "core/log_context.h"

namespace pictor::http {

void offload(CpuPool& pool, Clock::time_point deadline, Reply reply, Work work, ErrorTable refused,
             core::CancelFlag cancel, Lane lane) {
    // The worker's log lines name the same request as this thread's (core/log_context.h).
    bool queued = pool.try_submit(
        [deadline, reply, work = std::move(work), refused, cancel,
         fields = core::LogScope::current()] {
            core::LogScope named(fields);
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
