#include "util/heap.hpp"

#include <malloc.h>

namespace routerd {

void release_free_heap() {
    ::malloc_trim(0);
}

}  // namespace routerd
