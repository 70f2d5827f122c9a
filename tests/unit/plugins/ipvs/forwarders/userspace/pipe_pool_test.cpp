// Each I/O thread's pool of idle pipes keeps no more than its limit: the rest are closed.
#include "pipe_pool.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <vector>

namespace routerd::ipvs::userspace {
namespace {

std::size_t open_descriptors() {
    return static_cast<std::size_t>(
        std::distance(std::filesystem::directory_iterator("/proc/self/fd"),
                      std::filesystem::directory_iterator()));
}

TEST(PipePool, KeepsNoMoreIdlePipesThanItsLimit) {
    Pipe::set_pool_limit(2);
    const std::size_t before = open_descriptors();
    {
        std::vector<Pipe> pipes;
        for (int i = 0; i < 5; ++i)
            pipes.push_back(Pipe::take(65536));
        EXPECT_EQ(open_descriptors(), before + 10);
        for (Pipe& pipe : pipes)
            Pipe::give_back(std::move(pipe), true);
    }
    EXPECT_EQ(open_descriptors(), before + 4);  // two pipes kept, three closed
    Pipe reused = Pipe::take(65536);
    EXPECT_EQ(open_descriptors(), before + 4);  // from the pool
    Pipe::set_pool_limit(0);
    Pipe::give_back(std::move(reused), true);
    EXPECT_EQ(open_descriptors(), before + 2);
}

}  // namespace
}  // namespace routerd::ipvs::userspace
