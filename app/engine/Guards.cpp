#include "Guards.h"

#include "models/Duration.h"

namespace Ebb {

std::optional<QString> Guards::violation(const RunCounts& c, qint64 recordCount, bool mirror,
    const std::optional<QDateTime>& freshest, const QDateTime& now) const
{
    const QString force = QStringLiteral("nothing was sent. Run with --force to send anyway.");
    // First: a mapping that rejects most rows is what most often makes the other figures odd.
    if (maxRejectPercent && c.queried > 0) {
        const double percent = 100.0 * double(c.rejected) / double(c.queried);
        if (percent > *maxRejectPercent)
            return QStringLiteral("stopped by guard maxRejectPercent: %1 of %2 rows read would be rejected (%3%, "
                                  "limit %4%), %5 would be sent; %6")
                .arg(c.rejected)
                .arg(c.queried)
                .arg(percent, 0, 'f', 1)
                .arg(*maxRejectPercent)
                .arg(c.added + c.changed)
                .arg(force);
    }
    if (maxChangePercent && recordCount > 0) {
        const double percent = 100.0 * double(c.added + c.changed + (mirror ? c.removed : 0)) / double(recordCount);
        if (percent > *maxChangePercent)
            return QStringLiteral("stopped by guard maxChangePercent: %1% of %2 records would change (limit %3%); %4")
                .arg(percent, 0, 'f', 1)
                .arg(recordCount)
                .arg(*maxChangePercent)
                .arg(force);
    }
    if (maxDeletePercent && recordCount > 0 && mirror) {
        const double percent = 100.0 * double(c.removed) / double(recordCount);
        if (percent > *maxDeletePercent)
            return QStringLiteral(
                "stopped by guard maxDeletePercent: %1% of %2 records would be deleted (limit %3%); %4")
                .arg(percent, 0, 'f', 1)
                .arg(recordCount)
                .arg(*maxDeletePercent)
                .arg(force);
    }
    if (!freshnessColumn.isEmpty()) {
        const QDateTime newest = freshest.value_or(QDateTime());
        if (!newest.isValid() || newest.secsTo(now) > freshnessMaxAgeSeconds)
            return QStringLiteral("stopped by guard freshness: the newest %1 is %2, older than %3 s; %4")
                .arg(freshnessColumn, newest.isValid() ? newest.toString(Qt::ISODate) : QStringLiteral("NULL"))
                .arg(freshnessMaxAgeSeconds)
                .arg(force);
    }
    return std::nullopt;
}

Result<Guards> Guards::parse(const QJsonObject& json)
{
    Guards guards;
    QStringList problems; // every one, one per line
    const auto percent = [&](const char* key, std::optional<double>& out) {
        const QJsonValue v = json.value(QLatin1String(key));
        if (v.isUndefined())
            return;
        if (!v.isDouble() || v.toDouble() < 0 || v.toDouble() > 100)
            problems << QStringLiteral("$.guards.%1: a percentage from 0 to 100").arg(QLatin1String(key));
        else
            out = v.toDouble();
    };
    percent("maxChangePercent", guards.maxChangePercent);
    percent("maxDeletePercent", guards.maxDeletePercent);
    percent("maxRejectPercent", guards.maxRejectPercent);
    if (json.contains(QStringLiteral("freshness"))) {
        const QJsonObject freshness = json.value(QStringLiteral("freshness")).toObject();
        guards.freshnessColumn = freshness.value(QStringLiteral("column")).toString();
        const auto age = Duration::parseSeconds(freshness.value(QStringLiteral("maxAge")).toString());
        if (guards.freshnessColumn.isEmpty() || !age)
            problems << QStringLiteral("$.guards.freshness: needs {\"column\": \"updated_at\", \"maxAge\": \"24h\"}");
        else
            guards.freshnessMaxAgeSeconds = *age;
    }
    if (!problems.isEmpty())
        return Error::config(problems.join(QLatin1Char('\n')));
    return guards;
}

std::optional<QDateTime> Guards::instant(const QVariant& value)
{
    const QDateTime t
        = value.typeId() == QMetaType::QDate ? QDateTime(value.toDate(), QTime(0, 0), Qt::UTC) : value.toDateTime();
    return t.isValid() ? std::optional<QDateTime>(t) : std::nullopt;
}

} // namespace Ebb
