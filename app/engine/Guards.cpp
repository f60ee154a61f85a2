#include "Guards.h"

#include <QRegularExpression>

namespace Ebb {

std::optional<qint64> Guards::parseDuration(const QString& text)
{
    static const QRegularExpression shape(QStringLiteral("^([1-9][0-9]*)([smhd])$"));
    const auto m = shape.match(text.trimmed());
    if (!m.hasMatch())
        return std::nullopt;
    const qint64 n = m.captured(1).toLongLong();
    switch (m.captured(2).at(0).toLatin1()) {
    case 's': return n;
    case 'm': return n * 60;
    case 'h': return n * 3600;
    default: return n * 86400;
    }
}

Result<Guards> Guards::parse(const QJsonObject& json)
{
    Guards guards;
    const auto percent = [&](const char* key, std::optional<double>& out) -> Result<void> {
        const QJsonValue v = json.value(QLatin1String(key));
        if (v.isUndefined())
            return {};
        if (!v.isDouble() || v.toDouble() < 0 || v.toDouble() > 100)
            return Error::config(QStringLiteral("$.guards.%1: a percentage from 0 to 100").arg(QLatin1String(key)));
        out = v.toDouble();
        return {};
    };
    if (auto r = percent("maxChangePercent", guards.maxChangePercent); !r)
        return r.error();
    if (auto r = percent("maxDeletePercent", guards.maxDeletePercent); !r)
        return r.error();
    if (json.contains(QStringLiteral("freshness"))) {
        const QJsonObject freshness = json.value(QStringLiteral("freshness")).toObject();
        guards.freshnessColumn = freshness.value(QStringLiteral("column")).toString();
        const auto age = parseDuration(freshness.value(QStringLiteral("maxAge")).toString());
        if (guards.freshnessColumn.isEmpty() || !age)
            return Error::config(QStringLiteral("$.guards.freshness: needs {\"column\": \"updated_at\", \"maxAge\": \"24h\"}"));
        guards.freshnessMaxAgeSeconds = *age;
    }
    return guards;
}

} // namespace Ebb
