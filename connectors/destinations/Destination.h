#pragma once

#include "models/Result.h"
#include "models/destination/DestinationSchema.h"
#include "models/mapping/Payload.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <atomic>

namespace Ebb {

class RequestLog;

// One record on its way out.
struct OutgoingRecord
{
    enum class Operation { Upsert, Insert, Update, Delete };
    // "upsert", "insert", "update", "delete": as webhooks' event types and Bulk API jobs name them.
    static const char* operationName(Operation operation);

    Operation operation = Operation::Upsert;
    QByteArray key; // the source primary key as journaled (KeyCodec; KeyCodec::text() shows it)
    QVariant matchValue; // the value of the destination's match field; unset when the sync names none (the key
                         // identifies the record)
    Payload payload; // every mapped field (empty for Delete)
    QByteArray json; // the payload's canonical JSON (Payload::toJson), computed once
    QStringList changed; // for a partial update, the fields that changed; empty: all
};

// What the destination said about one record of a batch.
struct RecordOutcome
{
    bool ok = false;
    QString error; // the destination's words when !ok
    // !ok and not refused either: no answer (timeouts, retries used up, the run cancelled),
    // so the record may or may not have arrived. Either way it is sent again next run.
    bool pending = false;
};

// Where a sync writes. The engine owns batching, journal and retries; a destination turns
// a batch into its own writes and reports per record.
//
// Threads: a destination is made, asked for its schema and begun on the run's thread; a
// streaming run then calls write() and finish() on its writer thread, and abort() on either
// once the writer has stopped: never two calls at once. Objects bound to a thread (QNetworkAccessManager, timers)
// belong in write(), created on first use, never in the constructor.
class Destination
{
public:
    virtual ~Destination() = default;

    // The objects this connection can write to ("schema.table", a table's name), for a user
    // choosing one; empty when the connection is one object (a file).
    virtual Result<QStringList> objects() { return QStringList(); }
    // The object's fields and rules, read from the destination itself where it can say.
    virtual Result<DestinationSchema> schema() = 0;
    virtual Result<void> begin() = 0;
    // One outcome per record, in order. An Error means the whole batch failed and nothing
    // of it was written (a lost connection, a timeout).
    virtual Result<QList<RecordOutcome>> write(const QList<OutgoingRecord>& batch) = 0;
    // True when a write's acknowledged records are durable at once; false when they only
    // become durable with finish() (a file renamed into place at the end of the run).
    virtual bool durableOnWrite() const = 0;
    // True when a write is mostly waiting (on a server, an API), so the thread that writes
    // should do little else; false for one written in process (a file), which can take on
    // work from the thread that reads.
    virtual bool waitsOnWrites() const { return true; }
    // Asks write() to leave each batch it wrote uncommitted, for commit() to make durable or
    // rollback() to drop; true when this destination will. The writer then journals one batch
    // while the destination writes the next, and commits that one only after the journal has
    // the one before: still at most one acknowledged batch the journal lacks. False (the
    // default): each write() is as durable as durableOnWrite() says.
    virtual bool deferCommits() { return false; }
    // With deferCommits(): makes the batch the last write() left open durable. An Error: none of it was written.
    virtual Result<void> commit() { return {}; }
    virtual void rollback() { }
    virtual Result<void> finish() = 0;
    // Drops what is not yet durable.
    virtual void abort() { }
    // An HTTP destination writes each request and answer of the run to `log` (kept by the
    // caller for the whole run); the others have none to write.
    virtual void setRequestLog(RequestLog* log) { Q_UNUSED(log); }
    // The run's cancel flag, for a destination that waits long inside one write (an HTTP
    // destination's requests, a Salesforce bulk job): what it has not finished stays pending.
    virtual void setCancel(const std::atomic_bool* cancel) { Q_UNUSED(cancel); }
    // The engine held every record to this destination's schema before handing it over (the
    // run validates): a destination that would check the same rules again need not.
    virtual void setRecordsChecked(bool checked) { Q_UNUSED(checked); }
    // A line for the run's log once it has written, or "" (Salesforce: the org's API usage).
    virtual QString summary() const { return {}; }
    // The same as figures for the run's report ({"used": 18, "allowed": 15000}), or empty.
    virtual QJsonObject apiUsage() const { return {}; }
};

// A table destination can match records only on a column with a unique index (an insert
// needs none), and only if a mapping writes it (`targets`: the mappings' targets; null to
// skip that check). A destination that takes any field (a file) matches nothing.
Result<void> checkMatchField(
    const DestinationSchema& schema, const QString& matchField, SyncMode mode, const QStringList* targets = nullptr);

} // namespace Ebb
