#pragma once

#include <sys/prctl.h>
#include <sys/resource.h>

namespace Ebb {

// Called first thing in main(). A core dump of Ebb would hold resolved secrets and warehouse
// rows in plain text, written wherever the system's core pattern says: none is made, and
// other processes of the user cannot read this one's memory through /proc or ptrace.
inline void disableCoreDumps()
{
    const rlimit none{0, 0};
    (void)setrlimit(RLIMIT_CORE, &none);
    (void)prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

} // namespace Ebb
