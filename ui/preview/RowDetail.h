#pragma once

#include "app/engine/PreviewRunner.h"

#include <QString>

namespace Ebb {

// What the Preview says of its selected row: for a reject, each problem with its field,
// rule and value; for a change, each field before and after (where the journal kept what was
// sent); then the payload a run would send.
class RowDetail
{
public:
    static QString text(const PreviewRunner::Item& item);
};

} // namespace Ebb
