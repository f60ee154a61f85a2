#pragma once

#include "SyncMode.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

namespace Ebb {

// One destination field and where its value comes from.
struct FieldMapping
{
    enum class Kind { Column, Constant, Template };

    Kind kind = Kind::Column;
    QString source; // Column: the source column
    QJsonValue value; // Constant
    QString templateText; // Template: "{{first_name}} {{last_name}}"
    QString target;
    QJsonArray transforms; // names ("trim") or objects ({"dateFormat": "yyyy-MM-dd"})
    // What a NULL does ("nulls"): Send clears the destination's value, Skip leaves the field
    // out of the record so the destination keeps what it has; Default: the sync's choice.
    enum class Nulls { Default, Send, Skip };
    Nulls nulls = Nulls::Default;
    QJsonObject json; // the mapping as read, unknown fields included

    QJsonObject toJson() const;
};

// One syncs/<id>.json (ARCHITECTURE.md, "Files a user keeps").
struct SyncSpec
{
    static QStringList modes() { return syncModeNames(allSyncModes()); }

    QString id;
    QString sourceConnection;
    QString query;
    QString primaryKey;
    // An incremental cursor: a column that grows whenever a row changes (updated_at, a
    // version). Runs then read only rows at or past the newest value the last run saw.
    QString cursorColumn;
    // Where added and changed rows are told from the rest: "local", the journal merged with
    // the whole query (the default), or "warehouse", the warehouse comparing the query with
    // the sync's state kept in it, so only added and changed rows leave it.
    enum class ChangeDetection { Local, Warehouse };
    ChangeDetection changeDetection = ChangeDetection::Local;
    // How far before the saved position a date or timestamp cursor reads again, for rows that
    // commit late with an older value (long transactions, clock skew); 0: none.
    qint64 cursorLookbackSeconds = 0;
    QString destinationConnection;
    QString object;
    SyncMode mode = SyncMode::Upsert;
    QString matchField;
    bool skipNulls = false; // "destination": {"nulls": "skip"}: the mappings' default
    QList<FieldMapping> mappings;
    QJsonObject schedule;
    QJsonObject guards;
    QJsonObject alerts; // AlertSettings: over ebb.json's
    QJsonObject json; // as read; toJson() lays the known fields over it
    QString filePath;

    QJsonObject toJson() const;
    // Whether a NULL of `mapping` is left out of the record (its own "nulls", else the sync's).
    bool skipsNulls(const FieldMapping& mapping) const
    {
        return mapping.nulls == FieldMapping::Nulls::Skip
            || (mapping.nulls == FieldMapping::Nulls::Default && skipNulls);
    }
};

} // namespace Ebb
