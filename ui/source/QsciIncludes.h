#pragma once

// QScintilla's headers use the `signals` and `slots` keywords, which Ebb turns off
// (QT_NO_KEYWORDS, so no library's macros collide with ours): they are defined for these
// headers only.
#define signals Q_SIGNALS
#define slots Q_SLOTS
#include <Qsci/qsciapis.h>
#include <Qsci/qscilexersql.h>
#include <Qsci/qsciscintilla.h>
#undef signals
#undef slots
