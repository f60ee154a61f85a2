#include "RunReport.h"

namespace Ebb {

QString RunCounts::text() const
{
    return QStringLiteral(
        "queried %1%9 · added %2 · changed %3 · removed %4 · unchanged %5 · rejected %6 · failed %7 · sent %8")
        .arg(queried)
        .arg(added)
        .arg(changed)
        .arg(removed)
        .arg(unchanged)
        .arg(rejected)
        .arg(failed)
        .arg(sent)
        .arg(transferred ? QStringLiteral(" (%1 left the warehouse)").arg(*transferred) : QString());
}

QString RunOptions::originName(Origin origin)
{
    switch (origin) {
    case Origin::Unknown:
        return {};
    case Origin::Cli:
        return QStringLiteral("cli");
    case Origin::Window:
        return QStringLiteral("window");
    case Origin::Schedule:
        return QStringLiteral("schedule");
    }
    return {};
}

RunOptions::Origin RunOptions::originFromName(const QString& name)
{
    for (const Origin o : {Origin::Cli, Origin::Window, Origin::Schedule}) {
        if (originName(o) == name)
            return o;
    }
    return Origin::Unknown; // a run from before Ebb kept it
}

QString RunReport::outcome() const
{
    if (status != Status::Succeeded || counts.rejected + counts.failed == 0)
        return statusName(status);
    return QStringLiteral("succeeded, %1 sent, %2 rejected, %3 failed")
        .arg(counts.sent)
        .arg(counts.rejected)
        .arg(counts.failed);
}

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
