#pragma once

#include <QDateTime>
#include <QMetaType>
#include <QString>
#include <QVariant>

namespace Ebb {

// An instant with microseconds, PostgreSQL's precision, where a QDateTime would cut it to
// milliseconds. Only values with microseconds beyond the millisecond are MicroTimes
// (MicroTime::variant): everything else stays a QDateTime, so most code never meets one.
// Code that needs no more than milliseconds may call QVariant::toDateTime() or toString()
// on it (converters are registered); the writers (payload JSON, table destinations, value
// text) keep every digit.
struct MicroTime
{
    qint64 usecs = 0; // since 1970-01-01T00:00:00Z

    // A QDateTime when `usecs` is a whole number of milliseconds, else a MicroTime.
    static QVariant variant(qint64 usecs);
    static bool holds(const QVariant& value);

    qint64 floorMSecs() const { return usecs >= 0 ? usecs / 1000 : -((-usecs + 999) / 1000); }
    int subMillisecond() const { return int(usecs - floorMSecs() * 1000); } // 0 to 999
    QDateTime toDateTime() const { return QDateTime::fromMSecsSinceEpoch(floorMSecs(), Qt::UTC); }
    // "2024-03-05T14:22:10.123456Z"
    QString text() const;

    friend bool operator==(const MicroTime& a, const MicroTime& b) { return a.usecs == b.usecs; }
};

} // namespace Ebb

Q_DECLARE_METATYPE(Ebb::MicroTime)

inline bool Ebb::MicroTime::holds(const QVariant& value)
{
    return value.metaType() == QMetaType::fromType<MicroTime>();
}
