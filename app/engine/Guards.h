#pragma once

#include "models/Result.h"
#include "models/RunReport.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <optional>

namespace Ebb {

// A sync's "guards": checks that stop a run before anything is sent.
struct Guards
{
    std::optional<double> maxChangePercent; // of the journal's record count
    std::optional<double> maxDeletePercent;
    std::optional<double> maxRejectPercent; // of the rows the run read: a broken mapping rejects them all
    QString freshnessColumn;
    qint64 freshnessMaxAgeSeconds = 0;

    bool any() const { return maxChangePercent || maxDeletePercent || maxRejectPercent || !freshnessColumn.isEmpty(); }
    // Why the run must stop, or nullopt to go on. `recordCount` is the journal's count before
    // the run (no baseline, no circuit breaker); `freshest` the newest freshness value seen.
    std::optional<QString> violation(const RunCounts& counts, qint64 recordCount, bool mirror,
        const std::optional<QDateTime>& freshest, const QDateTime& now) const;
    static Result<Guards> parse(const QJsonObject& json);
    // A freshness column's value as an instant: dates count from midnight UTC.
    static std::optional<QDateTime> instant(const QVariant& value);
};

} // namespace Ebb
