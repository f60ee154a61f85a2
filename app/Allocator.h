#pragma once

#include <QString>

namespace Ebb {

// Ebb's programs allocate through mimalloc. It is linked ahead of the C library, so malloc
// and free in Qt, SQLite and libpq are its too. A run allocates each row's cells on the
// reading thread and frees them on the writing one; glibc's arenas spent a tenth of a full
// run's CPU on that, and mimalloc made the run 0.81 of the time (docs/SCALE.md).

// True when malloc() is mimalloc's (false if a linker dropped the library as unused).
bool allocatorIsMimalloc();

// "mimalloc 2.0.9", or "the C library's malloc" when it is not in use: for --version.
QString allocatorName();

} // namespace Ebb
