#pragma once
// Network waits leave the CPU. A thread about to wait on a remote origin (a fetch, a ranged
// read, the shared cache tier) opens a BlockingIo scope; if the thread belongs to a pool that
// lends its CPU place while it waits (service::CpuPool installs itself as the thread's lane),
// another worker renders meanwhile, and the waiting thread takes a CPU place again before it
// goes on with the bytes. The lane is bounded: when every I/O place is taken the scope is not
// admitted and the caller refuses at once (503) instead of queueing behind a hung origin.
// Threads without a lane (network threads, background builders, tests) are always admitted.
// Scopes nest: only the outermost one hands the CPU place over.

namespace pictor::core {

class IoLane {
  public:
    virtual ~IoLane() = default;
    // Hands this thread's CPU place to the pool; false when the I/O places are all taken.
    virtual bool enter_io() = 0;
    // Takes a CPU place back (waiting for one if need be).
    virtual void leave_io() = 0;
};

// The lane of the calling thread (null: none); set by the pool on its own threads.
void set_thread_io_lane(IoLane* lane);

class BlockingIo {
  public:
    BlockingIo();
    ~BlockingIo();
    BlockingIo(const BlockingIo&) = delete;
    BlockingIo& operator=(const BlockingIo&) = delete;
    // False when the lane is full: the caller must not wait on the network.
    bool admitted() const { return admitted_; }

  private:
    bool admitted_ = true;
    bool entered_ = false; // this scope handed the CPU place over
};

} // namespace pictor::core
