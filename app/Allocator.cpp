#include "Allocator.h"

#include <cstdlib>
#include <mimalloc.h>

namespace Ebb {

bool allocatorIsMimalloc()
{
    void* probe = std::calloc(1, 16); // zeroed: the check is by address, not contents
    const bool ours = mi_is_in_heap_region(probe);
    std::free(probe);
    return ours;
}

QString allocatorName()
{
    if (!allocatorIsMimalloc())
        return QStringLiteral("the C library's malloc");
    const int version = mi_version(); // 209 for 2.0.9
    return QStringLiteral("mimalloc %1.%2.%3").arg(version / 100).arg(version / 10 % 10).arg(version % 10);
}

} // namespace Ebb
