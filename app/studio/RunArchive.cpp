#include "RunArchive.h"

#include "app/engine/RunLock.h"
#include "app/journal/Journal.h"
#include "connectors/http/RequestLog.h"

#include <QDir>
#include <QFile>

namespace Ebb {

namespace {

Result<std::unique_ptr<Journal>> openJournal(const Workspace& workspace)
{
    return Journal::openForReading(QDir(workspace.stateDir()).filePath(QStringLiteral("journal.sqlite")));
}

} // namespace

void RunArchive::markInterrupted(QList<RunReport>& runs, const QString& stateDir)
{
    for (RunReport& r : runs) {
        if (r.status == RunReport::Status::Running && !RunLock::isHeld(stateDir, r.sync))
            r.status = RunReport::Status::Interrupted;
    }
}

Result<QList<RunReport>> RunArchive::runs(const QString& sync, int limit) const
{
    if (!QFile::exists(QDir(m_workspace.stateDir()).filePath(QStringLiteral("journal.sqlite"))))
        return QList<RunReport>(); // nothing has run yet
    auto journal = openJournal(m_workspace);
    if (!journal)
        return journal.error();
    auto runs = (*journal)->runs(sync, limit);
    if (runs)
        markInterrupted(*runs, m_workspace.stateDir());
    return runs;
}

Result<QList<Reject>> RunArchive::problems(const QString& sync, qint64 runId, int limit) const
{
    auto journal = openJournal(m_workspace);
    if (!journal)
        return journal.error();
    auto rejects = (*journal)->rejects(sync, runId, limit);
    if (!rejects)
        return rejects.error();
    if (limit >= 0 && rejects->size() >= limit)
        return *rejects;
    auto failures = (*journal)->failures(sync, runId, limit < 0 ? -1 : limit - int(rejects->size()));
    if (!failures)
        return failures.error();
    return *rejects + *failures; // failures come back under the rule "failed"
}

QString RunArchive::log(qint64 runId) const
{
    QFile file(QDir(m_workspace.logDir()).filePath(QStringLiteral("runs/%1.log").arg(runId)));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.read(8 << 20)); // the run log is redacted as it is written
}

Result<QList<QJsonObject>> RunArchive::requests(qint64 runId) const
{
    const QString path = RequestLog::pathFor(m_workspace.stateDir(), runId);
    if (!QFile::exists(path))
        return QList<QJsonObject>();
    return RequestLog::read(path);
}

} // namespace Ebb
