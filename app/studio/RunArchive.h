#pragma once

#include "models/Result.h"
#include "models/RunReport.h"
#include "models/Workspace.h"
#include "models/mapping/Reject.h"

#include <QJsonObject>
#include <QList>

namespace Ebb {

// What a workspace keeps of its runs, for the window's history (and `ebb-cli runs`): the runs
// from the journal — one still "running" that no live process holds is interrupted (it died
// mid-run) — a run's rejects and failures, its log and its HTTP requests. Reads only; each
// call opens what it needs and closes it again.
class RunArchive
{
public:
    explicit RunArchive(Workspace workspace)
        : m_workspace(std::move(workspace))
    {
    }

    Result<QList<RunReport>> runs(const QString& sync, int limit) const; // newest first; "" for all
    // A run's rejects, then its failures (rule "failed"), as the journal keeps them; the
    // first `limit` of them (-1: all).
    Result<QList<Reject>> problems(const QString& sync, qint64 runId, int limit = -1) const;
    QString log(qint64 runId) const; // "" when the run left none
    Result<QList<QJsonObject>> requests(qint64 runId) const; // oldest first; empty for a table or file run

    static void markInterrupted(QList<RunReport>& runs, const QString& stateDir);

private:
    Workspace m_workspace;
};

} // namespace Ebb
