#pragma once

#include "Destination.h"
#include "PgCopyBinary.h"
#include "TableRules.h"

#include <QHash>
#include <optional>
#include <variant>

struct pg_conn;

namespace Ebb {

// A group of records of one operation written the way the server writes fastest: loaded with
// COPY into a temporary table shaped like the destination (the stage), then applied to the
// table in one statement — INSERT … SELECT (ON CONFLICT … DO UPDATE for upserts), UPDATE …
// FROM, DELETE … USING. Updates and deletes RETURNING what they touched, so a record whose
// row is missing fails alone with the same words as one sent by itself. A group that fails
// is the caller's to write again record by record (the server names no record in a failed
// statement).
class PgStagedMerge
{
public:
    struct Table
    {
        QString schemaName;
        QString name;
        QString matchField;
        QStringList keepOnNull; // fields whose NULL keeps the row's value
    };
    explicit PgStagedMerge(Table table);

    // The connection was replaced: its temporary stage went with it.
    void forgetStage() { m_staged = false; }
    // Groups copied in COPY's binary format (the others went in text).
    int binaryGroups() const { return m_binaryGroups; }
    // Why the stage cannot be made (no TEMPORARY privilege on the database); "" while it can.
    const QString& refused() const { return m_refused; }
    // Writes `records` (one operation, match values distinct) with `fields` (the payload's
    // fields, may be empty for deletes), inside the caller's transaction; their outcomes, or
    // the server's words for why the group failed.
    std::variant<QList<RecordOutcome>, QString> apply(
        pg_conn* connection, const QList<OutgoingRecord>& records, const QStringList& fields, const TableRules& rules);

private:
    std::optional<QString> exec(pg_conn* connection, const QString& sql);
    std::optional<QString> createStage(pg_conn* connection);
    // The table's columns' kinds for COPY's binary format.
    std::optional<QString> readKinds(pg_conn* connection);
    // What a group's rows are written with: the stage's columns, their kinds and rules.
    struct Encoding;
    // One row into m_buffer; false (the buffer as it was) when a value cannot go in binary.
    bool appendBinaryRow(const OutgoingRecord& record, int ordinal, const Encoding& e);
    void appendTextRow(const OutgoingRecord& record, int ordinal, const Encoding& e);
    struct Sent
    {
    };
    struct Refused // a value the binary format does not take: the COPY was ended
    {
    };
    using Streamed = std::variant<Sent, Refused, QString>; // QString: the server's words
    // COPY of `records` into the stage, sent as it is made.
    Streamed stream(pg_conn* connection, const QList<OutgoingRecord>& records, const Encoding& e, bool binary);
    std::optional<QString> copyIn(
        pg_conn* connection, const QList<OutgoingRecord>& records, const QStringList& columns, const TableRules& rules);
    QString statement(OutgoingRecord::Operation operation, const QStringList& fields) const;

    Table m_table;
    QString m_qualified; // "schema"."table", quoted
    bool m_staged = false;
    QString m_refused;
    QByteArray m_buffer; // COPY's rows, reused from group to group
    QHash<QString, PgCopyBinary::Kind> m_kinds; // by column, read with the stage
    int m_binaryGroups = 0;
    bool m_textOnly = false; // a value went in text once: the run's other groups will too
};

} // namespace Ebb
