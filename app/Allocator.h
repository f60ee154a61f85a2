#pragma once

#ifdef __GLIBC__
#include <malloc.h>
#endif

namespace Ebb {

// Called first thing in main(). Rows come in batches that are allocated and freed on every
// next(); without a top pad glibc hands that memory back to the kernel each time and the
// next batch faults it in again, which took 60% of the extract time in bench/extract.
inline void tuneAllocator()
{
#ifdef __GLIBC__
    mallopt(M_TOP_PAD, 4 * 1024 * 1024);
#endif
}

} // namespace Ebb
