#pragma once

#include "models/RunReport.h"
#include "models/Workspace.h"

#include <QString>

namespace Ebb {

// What became of a test row (a run with RunOptions::onlyKey), for a person: taken by the
// destination, refused with the destination's own words (the run's failure, as journaled),
// rejected before sending with the rule, or not in the query at all.
class TestRowAnswer
{
public:
    static QString html(const Workspace& workspace, const RunReport& report);
};

} // namespace Ebb
