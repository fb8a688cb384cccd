#pragma once
// The one way work leaves a network thread: onto the bounded CPU pool, with the request's
// deadline checked when a worker picks it up. A full queue or a missed deadline is answered
// through `refused` (the dialect's 503), so every endpoint sheds load the same way. With a
// `cancel` flag, the work runs under it (core::CancelScope) and is skipped if it is raised
// before a worker picks it up.
#include <functional>

#include "core/cancellation.h"
#include "core/error.h"
#include "http/types.h"
#include "service/cpu_pool.h"

namespace pictor::http {

using service::CpuPool;
using service::Lane;

using Work = std::function<Response()>;
using ErrorTable = std::function<Response(const core::Error&)>;

void offload(CpuPool& pool, Clock::time_point deadline, Reply reply, Work work, ErrorTable refused,
             core::CancelFlag cancel = nullptr, Lane lane = Lane::Request);

} // namespace pictor::http
