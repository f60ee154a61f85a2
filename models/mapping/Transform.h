#pragma once

#include "models/Result.h"

#include <QJsonValue>
#include <QString>
#include <QTimeZone>
#include <QVariant>

namespace Ebb {

// One step of a mapping's transform chain. Written in a sync file as a name ("trim") or a
// one-key object ({"dateFormat": "dd/MM/yyyy"}, {"default": "n/a"}, {"split": ";"},
// {"datetime": {"timeZone": "Europe/Paris"}}). A transform that cannot apply to a value
// returns an error whose message becomes the row's reject reason.
class Transform
{
public:
    enum class Kind { Trim, Lower, Upper, Number, Integer, Bool, Date, DateTime, DateFormat, Default, Split, Join };

    static QStringList names();
    static Result<Transform> parse(const QJsonValue& spec);

    Kind kind() const { return m_kind; }
    QString name() const;
    // NULL passes through every transform but "default".
    Result<QVariant> apply(const QVariant& value) const;

private:
    Kind m_kind = Kind::Trim;
    QString m_text; // dateFormat pattern, split/join separator
    QVariant m_default; // default
    QTimeZone m_zone = QTimeZone::utc(); // date, datetime: the zone of timestamps that carry none
};

} // namespace Ebb
