#include "RunReport.h"

namespace Ebb {

QString RunReport::statusName(Status status)
{
    switch (status) {
    case Status::Running:
        return QStringLiteral("running");
    case Status::Succeeded:
        return QStringLiteral("succeeded");
    case Status::Partial:
        return QStringLiteral("partial");
    case Status::Failed:
        return QStringLiteral("failed");
    case Status::Cancelled:
        return QStringLiteral("cancelled");
    case Status::Stopped:
        return QStringLiteral("stopped");
    case Status::Interrupted:
        return QStringLiteral("interrupted");
    }
    return QStringLiteral("failed");
}

RunReport::Status RunReport::statusFromName(const QString& name)
{
    for (const Status s : {Status::Running, Status::Succeeded, Status::Partial, Status::Failed, Status::Cancelled,
             Status::Stopped, Status::Interrupted}) {
        if (statusName(s) == name)
            return s;
    }
    return Status::Failed;
}

} // namespace Ebb
