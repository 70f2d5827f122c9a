#pragma once

namespace routerd {

// Classic daemon start, done so that errors are not lost: the constructor forks; the parent
// waits until the child calls release() (start-up succeeded: the parent exits 0) or exits
// (start-up failed: the parent exits with the child's code). The child runs in a new session;
// release() points its standard streams at /dev/null.
class Detacher {
  public:
    Detacher();
    void release();

  private:
    int ready_fd_ = -1;
};

}  // namespace routerd
