#pragma once

#include "models/Result.h"

#include <QByteArray>
#include <QFile>
#include <QJsonObject>
#include <QList>
#include <QMutex>
#include <QString>
#include <memory>

namespace Ebb {

// Every request an HTTP destination made in one run, with its answer, one JSON object a line
// in .ebb/problems/run-<id>.requests.jsonl (0600, never through a link), so a user can see
// exactly what was sent and what the destination said about it (`ebb-cli runs --requests`).
// Redacted (Redactor: tokens, secrets, Authorization values; headers are never written) and
// bounded: every exchange has its line (request line, status, timing, what went wrong), with
// its bodies for the first `bodiesOfFirst` and for every one that went wrong, each cut at
// `maxBodyBytes`, until the file holds `maxFileBytes`. Thread-safe: requests finish on the writer's thread.
class RequestLog
{
public:
    static constexpr qint64 maxBodyBytes = 16 * 1024;
    static constexpr qint64 maxFileBytes = 32 << 20;
    static constexpr int bodiesOfFirst = 100; // then only the bodies of exchanges that went wrong

    struct Exchange
    {
        QByteArray method;
        QString url; // without its query
        int records = 0;
        int attempt = 1;
        int status = 0; // 0: no HTTP answer
        qint64 ms = 0;
        QByteArray request;
        QByteArray answer;
        QString error; // what the dispatcher made of it, when not every record was acknowledged
    };

    static QString pathFor(const QString& stateDir, qint64 runId);
    // The file is made by the first add(): a run that makes no request leaves none.
    explicit RequestLog(QString path)
        : m_path(std::move(path))
    {
    }
    // The exchanges of a log, oldest first (a line that does not parse is skipped).
    static Result<QList<QJsonObject>> read(const QString& path);

    void add(const Exchange& exchange);

private:
    QMutex m_mutex;
    QString m_path;
    QFile m_file;
    bool m_failed = false; // the file could not be made: the run goes on without it
    qint64 m_written = 0;
    int m_count = 0;
};

} // namespace Ebb
