#include "Transform.h"

#include "Decimal.h"
#include "MicroTime.h"
#include "ValueText.h"

#include <QDate>
#include <QDateTime>
#include <QJsonObject>
#include <QRegularExpression>
#include <cmath>

namespace Ebb {

namespace {

struct KindName
{
    Transform::Kind kind;
    const char* name;
};

constexpr KindName kindNames[] = {
    {Transform::Kind::Trim, "trim"},
    {Transform::Kind::Lower, "lower"},
    {Transform::Kind::Upper, "upper"},
    {Transform::Kind::Number, "number"},
    {Transform::Kind::Integer, "integer"},
    {Transform::Kind::Bool, "bool"},
    {Transform::Kind::Date, "date"},
    {Transform::Kind::DateTime, "datetime"},
    {Transform::Kind::DateFormat, "dateFormat"},
    {Transform::Kind::Default, "default"},
    {Transform::Kind::Split, "split"},
    {Transform::Kind::Join, "join"},
};

// Built in one allocation: a broken mapping says this for every row of a big query.
Error cannot(QStringView what, const QVariant& value)
{
    const QString text = valueText(value);
    QString message;
    message.reserve(text.size() + what.size() + 9);
    message.append(QLatin1Char('"')).append(text).append(QLatin1String("\" is not ")).append(what);
    return Error::config(std::move(message));
}

// A wall-clock time in `zone`, as an instant. A time that the zone skips (the spring-forward
// gap) moves forward by the gap, as java.time and pandas' "shift_forward" do: it is read
// with the offset in force just before the gap.
QDateTime inZone(QDate date, QTime time, const QTimeZone& zone)
{
    const QDateTime local(date, time, zone);
    const QDateTime back = local.toTimeZone(zone);
    if (local.isValid() && back.date() == date && back.time() == time)
        return local.toUTC();
    const QDateTime wall(date, time, Qt::UTC);
    const int before = zone.offsetFromUtc(wall.addSecs(-86400));
    return wall.addSecs(-before);
}

// `object` without the keys that are the user's own ("x-note", "$comment"), as everywhere in
// workspace files.
QJsonObject withoutUserKeys(QJsonObject object)
{
    for (auto it = object.begin(); it != object.end();) {
        if (it.key().startsWith(QLatin1String("x-")) || it.key().startsWith(QLatin1Char('$')))
            it = object.erase(it);
        else
            ++it;
    }
    return object;
}

// Dates and timestamps as text: ISO 8601, with 'T' or a space, with or without a zone.
std::optional<QDateTime> parseTimestamp(const QString& text, const QTimeZone& zone)
{
    static const QRegularExpression shape(QStringLiteral(
        R"(^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)\s*(Z|[+-]\d{2}(?::?\d{2})?)?$)"));
    const auto match = shape.match(text.trimmed());
    if (!match.hasMatch())
        return std::nullopt;
    const QDate date = QDate::fromString(match.captured(1), Qt::ISODate);
    QString timeText = match.captured(2);
    if (timeText.size() > 12)
        timeText.truncate(12); // milliseconds are as far as QTime goes
    const QTime time = timeText.size() == 5 ? QTime::fromString(timeText, QStringLiteral("HH:mm"))
                                            : QTime::fromString(timeText, Qt::ISODateWithMs);
    if (!date.isValid() || !time.isValid())
        return std::nullopt;
    const QString zoneText = match.captured(3);
    if (zoneText.isEmpty())
        return inZone(date, time, zone);
    if (zoneText == QLatin1String("Z"))
        return QDateTime(date, time, Qt::UTC);
    QString digits = zoneText.mid(1).remove(QLatin1Char(':'));
    const int hours = digits.left(2).toInt();
    const int minutes = digits.size() > 2 ? digits.mid(2).toInt() : 0;
    if (hours > 14 || minutes > 59) // "+99:00" is no offset; QDateTime would shift the date by days
        return std::nullopt;
    const int offset = (hours * 3600 + minutes * 60) * (zoneText.startsWith(QLatin1Char('-')) ? -1 : 1);
    return QDateTime(date, time, Qt::OffsetFromUTC, offset).toUTC();
}

Result<QVariant> toNumber(const QVariant& value, bool integerOnly)
{
    const int type = value.typeId();
    if (type == QMetaType::LongLong || type == QMetaType::Int)
        return QVariant(value.toLongLong());
    if (type == QMetaType::Bool)
        return cannot(integerOnly ? u"a whole number" : u"a number", value);
    if (type == QMetaType::Double) {
        const double d = value.toDouble();
        if (!std::isfinite(d)) // as for "inf" text: NaN and infinities have no JSON or SQL numeric form
            return cannot(integerOnly ? u"a whole number" : u"a number", value);
        if (!integerOnly)
            return value;
        // Casting a double outside qint64's range is undefined behaviour: check the range first.
        if (d >= -9223372036854775808.0 && d < 9223372036854775808.0 && d == std::trunc(d))
            return QVariant(qint64(d));
        return cannot(u"a whole number", value);
    }
    const QString text = valueText(value).trimmed();
    if (auto decimal = Decimal::parse(text)) {
        if (decimal->isIntegral() || integerOnly) {
            // "12.00" is a whole number; "12.5" is not.
            QString digits = decimal->text;
            if (!decimal->isIntegral()) {
                const QString fraction = digits.section(QLatin1Char('.'), 1);
                if (fraction.count(QLatin1Char('0')) != fraction.size())
                    return cannot(u"a whole number", value);
                digits = digits.section(QLatin1Char('.'), 0, 0);
            }
            bool ok = false;
            const qint64 n = digits.toLongLong(&ok);
            if (ok)
                return QVariant(n);
            if (integerOnly)
                return cannot(u"a whole number that fits in 64 bits", value);
        }
        return QVariant::fromValue(*decimal);
    }
    if (!integerOnly) {
        bool ok = false;
        const double d = text.toDouble(&ok); // exponent forms: "1e6"
        if (ok && std::isfinite(d))
            return QVariant(d);
    }
    return cannot(integerOnly ? u"a whole number" : u"a number", value);
}

Result<QVariant> toBool(const QVariant& value)
{
    const int type = value.typeId();
    if (type == QMetaType::Bool)
        return value;
    if ((type == QMetaType::LongLong || type == QMetaType::Int) && (value.toLongLong() == 0 || value.toLongLong() == 1))
        return QVariant(value.toLongLong() == 1);
    const QString text = valueText(value).trimmed().toLower();
    static const QStringList yes{QStringLiteral("true"), QStringLiteral("t"), QStringLiteral("yes"),
        QStringLiteral("y"), QStringLiteral("1"), QStringLiteral("on")};
    static const QStringList no{QStringLiteral("false"), QStringLiteral("f"), QStringLiteral("no"), QStringLiteral("n"),
        QStringLiteral("0"), QStringLiteral("off")};
    if (yes.contains(text))
        return QVariant(true);
    if (no.contains(text))
        return QVariant(false);
    return cannot(u"a boolean (true/false, yes/no, 1/0)", value);
}

// The calendar date of a date, or of a timestamp in `zone` (UTC unless the transform names
// one): adding `date` asks for that conversion. A timestamp without an offset is a wall-clock
// time in `zone`, so its own date. (A date *field* given a timestamp without the transform is
// still refused, by the validator.)
Result<QVariant> toDate(const QVariant& value, const QTimeZone& zone)
{
    if (value.typeId() == QMetaType::QDate)
        return value;
    if (value.typeId() == QMetaType::QDateTime)
        return QVariant(value.toDateTime().toTimeZone(zone).date());
    const QString text = valueText(value).trimmed();
    const QDate date = QDate::fromString(text, Qt::ISODate);
    if (date.isValid() && text.size() == 10)
        return QVariant(date);
    if (auto ts = parseTimestamp(text, zone))
        return QVariant(ts->toTimeZone(zone).date());
    return cannot(u"a date (YYYY-MM-DD) or a timestamp", value);
}

Result<QVariant> toDateTime(const QVariant& value, const QTimeZone& zone)
{
    if (value.typeId() == QMetaType::QDateTime)
        return QVariant(value.toDateTime().toUTC());
    if (MicroTime::holds(value))
        return value; // an instant already, in UTC, microseconds and all
    if (value.typeId() == QMetaType::QDate)
        return QVariant(inZone(value.toDate(), QTime(0, 0), zone));
    const QString text = valueText(value).trimmed();
    if (auto ts = parseTimestamp(text, zone))
        return QVariant(*ts);
    const QDate date = QDate::fromString(text, Qt::ISODate);
    if (date.isValid() && text.size() == 10)
        return QVariant(inZone(date, QTime(0, 0), zone));
    return cannot(u"a timestamp (YYYY-MM-DD HH:MM:SS[Z|±HH:MM])", value);
}

} // namespace

QStringList Transform::names()
{
    QStringList result;
    for (const auto& k : kindNames)
        result << QLatin1String(k.name);
    return result;
}

QString Transform::name() const
{
    for (const auto& k : kindNames) {
        if (k.kind == m_kind)
            return QLatin1String(k.name);
    }
    return {};
}

Result<Transform> Transform::parse(const QJsonValue& spec)
{
    QString name;
    QJsonValue argument(QJsonValue::Undefined); // a default QJsonValue is null, which reads as a given value
    const QJsonObject object = withoutUserKeys(spec.toObject());
    if (spec.isString()) {
        name = spec.toString();
    } else if (spec.isObject() && object.size() == 1) {
        name = object.begin().key();
        argument = object.begin().value();
    } else {
        return Error::config(
            QStringLiteral("a transform is a name such as \"trim\" or a one-key object such as {\"split\": \";\"}"));
    }
    Transform t;
    bool known = false;
    for (const auto& k : kindNames) {
        if (name == QLatin1String(k.name)) {
            t.m_kind = k.kind;
            known = true;
        }
    }
    if (!known)
        return Error::config(QStringLiteral("unknown transform \"%1\"; known transforms: %2")
                                 .arg(name, names().join(QLatin1String(", "))));
    const bool needsArgument = t.m_kind == Kind::DateFormat || t.m_kind == Kind::Default || t.m_kind == Kind::Split
        || t.m_kind == Kind::Join;
    if (needsArgument && argument.isUndefined())
        return Error::config(QStringLiteral("transform \"%1\" needs a value, as in {\"%1\": …}").arg(name));
    switch (t.m_kind) {
    case Kind::DateFormat:
    case Kind::Split:
    case Kind::Join:
        if (!argument.isString() || argument.toString().isEmpty())
            return Error::config(QStringLiteral("transform \"%1\" takes a non-empty string").arg(name));
        t.m_text = argument.toString();
        break;
    case Kind::Default:
        t.m_default = argument.toVariant();
        break;
    case Kind::Date:
    case Kind::DateTime: {
        t.m_zone = QTimeZone::utc();
        if (argument.isUndefined())
            break;
        // Anything else read as "no zone" would shift every naive timestamp without a word.
        const QJsonObject options = withoutUserKeys(argument.toObject());
        if (options.size() != 1 || !options.value(QStringLiteral("timeZone")).isString())
            return Error::config(
                QStringLiteral("transform \"%1\" takes no value or {\"timeZone\": \"Europe/Paris\"}").arg(name));
        const QString zone = options.value(QStringLiteral("timeZone")).toString();
        t.m_zone = QTimeZone(zone.toUtf8());
        if (zone.isEmpty() || !t.m_zone.isValid()) // an empty id is the system's zone
            return Error::config(
                QStringLiteral("unknown time zone \"%1\" (use an IANA name such as \"Europe/Paris\")").arg(zone));
        break;
    }
    default:
        if (!argument.isUndefined())
            return Error::config(QStringLiteral("transform \"%1\" takes no value").arg(name));
    }
    return t;
}

Result<QVariant> Transform::apply(const QVariant& value) const
{
    if (isNull(value))
        return m_kind == Kind::Default ? m_default : value;
    const auto eachText = [&](auto&& f) -> QVariant {
        if (value.typeId() == QMetaType::QStringList) {
            QStringList list = value.toStringList();
            for (auto& item : list)
                item = f(item);
            return list;
        }
        return f(valueText(value));
    };
    switch (m_kind) {
    case Kind::Trim:
        return eachText([](const QString& s) { return s.trimmed(); });
    case Kind::Lower:
        return eachText([](const QString& s) { return s.toLower(); });
    case Kind::Upper:
        return eachText([](const QString& s) { return s.toUpper(); });
    case Kind::Number:
        return toNumber(value, false);
    case Kind::Integer:
        return toNumber(value, true);
    case Kind::Bool:
        return toBool(value);
    case Kind::Date:
        return toDate(value, m_zone);
    case Kind::DateTime:
        return toDateTime(value, m_zone);
    case Kind::DateFormat: {
        if (value.typeId() == QMetaType::QDate)
            return QVariant(value.toDate().toString(m_text));
        auto ts = toDateTime(value, QTimeZone::utc());
        if (!ts)
            return ts.error();
        return QVariant(ts->toDateTime().toString(m_text));
    }
    case Kind::Default:
        return value;
    case Kind::Split: {
        if (value.typeId() == QMetaType::QStringList)
            return value;
        QStringList parts = valueText(value).split(m_text);
        for (auto& p : parts)
            p = p.trimmed();
        parts.removeAll(QString());
        return QVariant(parts);
    }
    case Kind::Join:
        if (value.typeId() == QMetaType::QStringList)
            return QVariant(value.toStringList().join(m_text));
        return QVariant(valueText(value));
    }
    return value;
}

} // namespace Ebb
