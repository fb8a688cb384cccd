#include "http/offload.h"

#include <cerrno>
#include <new>
#include <optional>

#include "core/log_context.h"
#include "core/system_error.h"

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
            // Memory that runs out mid-request (an allocation in pictor's own code) costs this
            // request a 503, not the process; libvips' own failures arrive as its errors.
            std::optional<Response> answer;
            try {
                answer = work();
            } catch (const std::bad_alloc&) {
                answer = refused(core::system_error(ENOMEM, "a request's allocation"));
            }
            reply(std::move(*answer));
        },
        lane);
    if (!queued) reply(refused({core::ErrorCode::Busy, "server busy, try again shortly", {}}));
}

} // namespace pictor::http
