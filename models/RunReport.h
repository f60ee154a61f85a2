#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QMetaType>
#include <QString>
#include <optional>

namespace Ebb {

struct RunOptions
{
    // Who started the run, kept with it in the history.
    // Unknown: a run from before Ebb kept it.
    enum class Origin { Unknown, Cli, Window, Schedule };
    static QString originName(Origin origin); // "cli", "window", "schedule"; "" when unknown
    static Origin originFromName(const QString& name);

    bool dryRun = false;
    bool full = false; // ignore the journal: every valid row counts as changed
    bool force = false; // run past the guards
    // A test row: only the row with this key (as its text shows) is read into the run and
    // sent if it changed; no other key counts as removed, and an incremental cursor stays.
    QString onlyKey;
    // Off: rows go out without the destination's rules checked first (mapping, keys and
    // match values still are). Only for measuring the prediction: what the Preview calls a
    // reject must be exactly what the destination refuses when sent anyway.
    bool validate = true;
    // A run of ebb-cli (run, schedule): a sync that goes wrong or recovers is also said on
    // the desktop. The window says it itself (its tray), so its runs leave this off.
    bool desktopNotice = false;
    Origin origin = Origin::Cli;
};

struct RunCounts
{
    qint64 queried = 0;
    qint64 added = 0;
    qint64 changed = 0;
    qint64 removed = 0;
    qint64 unchanged = 0;
    qint64 rejected = 0;
    qint64 failed = 0;
    qint64 sent = 0; // records the destination acknowledged
    // Rows that left the warehouse, when it found the changes itself and sent fewer than the
    // query's (`queried`); those it kept count as unchanged. Not kept in the run history.
    std::optional<qint64> transferred;

    // "queried 5213 · added 5051 · changed 0 · removed 0 · unchanged 0 · rejected 162 · failed 0 · sent 5051":
    // one wording for the terminal, the schedule's lines and the window.
    QString text() const;
};

// What a run did, for the CLI, the GUI and the journal's history.
struct RunReport
{
    // Interrupted: the process died mid-run (kill -9, a crash, power): the journal still said
    // running, yet no process held the sync's lock.
    enum class Status { Running, Succeeded, Partial, Failed, Cancelled, Stopped, Interrupted };

    qint64 runId = 0;
    QString sync;
    RunOptions options;
    Status status = Status::Running;
    RunCounts counts;
    QDateTime startedAt;
    QDateTime endedAt;
    QString error; // why it failed or which guard stopped it
    bool badConfiguration = false; // the failure is the workspace's, not the run's (exit code 2)
    // What the destination said of its API allowance, when it says (Salesforce's
    // Sforce-Limit-Info: {"used": 18, "allowed": 15000}); empty otherwise.
    QJsonObject apiUsage;

    static QString statusName(Status status);
    static Status statusFromName(const QString& name);
    // The status as a run's heading says it: "succeeded, 5071 sent, 142 rejected, 0 failed"
    // when some records did not go (exit code 3), else the status's name.
    QString outcome() const;
    double seconds() const { return startedAt.msecsTo(endedAt) / 1000.0; }
};

} // namespace Ebb

Q_DECLARE_METATYPE(Ebb::RunReport)
