#include "TestRowAnswer.h"

#include "app/journal/Journal.h"
#include "connectors/secrets/Redactor.h"

#include <QDir>

namespace Ebb {

namespace {

QString shown(const QString& text)
{
    return Redactor::escapeControls(Redactor::redact(text), true).toHtmlEscaped();
}

} // namespace

QString TestRowAnswer::html(const Workspace& workspace, const RunReport& report)
{
    const QString key = report.options.onlyKey.toHtmlEscaped();
    const RunCounts& c = report.counts;
    if (report.status == RunReport::Status::Failed || report.status == RunReport::Status::Stopped)
        return QObject::tr("<b>Test row %1 not sent</b> (run %2): %3")
            .arg(key)
            .arg(report.runId)
            .arg(shown(report.error));
    if (report.status == RunReport::Status::Cancelled)
        return QObject::tr("<b>Test row %1:</b> cancelled before the destination answered (run %2).")
            .arg(key)
            .arg(report.runId);
    if (c.queried == 0)
        return QObject::tr("<b>Test row %1:</b> the query has no row with this key now; nothing was sent (run %2).")
            .arg(key)
            .arg(report.runId);
    // The reasons, as the run journaled them (what `ebb-cli rejects --run` shows).
    QString reason;
    if (c.failed + c.rejected > 0) {
        auto journal = Journal::openForReading(QDir(workspace.stateDir()).filePath(QStringLiteral("journal.sqlite")));
        if (journal) {
            auto problems = c.failed > 0 ? (*journal)->failures(report.sync, report.runId)
                                         : (*journal)->rejects(report.sync, report.runId);
            if (problems && !problems->isEmpty())
                reason = problems->first().field.isEmpty()
                    ? shown(problems->first().message)
                    : QStringLiteral("%1: %2").arg(shown(problems->first().field), shown(problems->first().message));
        }
    }
    if (c.failed > 0)
        return QObject::tr(
            "<b>Test row %1 refused by the destination</b> (run %2): %3. It is sent again by the next run.")
            .arg(key)
            .arg(report.runId)
            .arg(reason);
    if (c.rejected > 0)
        return QObject::tr("<b>Test row %1 rejected before sending</b> (run %2): %3.")
            .arg(key)
            .arg(report.runId)
            .arg(reason);
    return QObject::tr("<b>Test row %1 sent:</b> the destination took it (run %2, %3 s). It is journaled like any sent "
                       "record: the next run sends it again only if it changes.")
        .arg(key)
        .arg(report.runId)
        .arg(report.seconds(), 0, 'f', 2);
}

} // namespace Ebb
