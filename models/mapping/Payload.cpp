#include "Payload.h"

#include "Decimal.h"
#include "ValueText.h"

#include <QDate>
#include <QDateTime>
#include <QJsonDocument>
#include <QLocale>
#include <QStringEncoder>

#include <cmath>

namespace Ebb {

QVariant Payload::value(const QString& field) const
{
    const qsizetype index = m_fields ? m_fields->indexOf(field) : -1;
    return index < 0 ? QVariant() : m_values[size_t(index)];
}

QByteArray Payload::toJson() const
{
    QByteArray out;
    out.reserve(64 * size());
    out += '{';
    for (int i = 0; i < size(); ++i) {
        if (i)
            out += ',';
        PayloadJson::appendString(out, m_fields->at(i));
        out += ':';
        PayloadJson::appendValue(out, m_values[size_t(i)]);
    }
    out += '}';
    return out;
}

quint64 Payload::hash() const
{
    return PayloadJson::hash(toJson());
}

namespace PayloadJson {

namespace {

bool needsEscape(QStringView text)
{
    for (const QChar c : text) {
        if (c.unicode() < 0x20 || c == QLatin1Char('"') || c == QLatin1Char('\\'))
            return true;
    }
    return false;
}

// "2024-03-05T14:22:10.123Z" without QString::asprintf, which showed in profiles.
void appendTimestamp(QByteArray& out, const QDateTime& value)
{
    const QDateTime utc = value.toUTC();
    const QDate d = utc.date();
    const QTime t = utc.time();
    char buf[40];
    const int n = std::snprintf(buf, sizeof buf, "\"%04d-%02d-%02dT%02d:%02d:%02d.%03dZ\"", d.year(), d.month(), d.day(),
                                t.hour(), t.minute(), t.second(), t.msec());
    out.append(buf, n);
}

void appendDate(QByteArray& out, const QDate& d)
{
    char buf[24];
    const int n = std::snprintf(buf, sizeof buf, "\"%04d-%02d-%02d\"", d.year(), d.month(), d.day());
    out.append(buf, n);
}

} // namespace

void appendString(QByteArray& out, const QString& text)
{
    if (!needsEscape(text)) {
        // The common case: encode straight into the output, no temporary.
        static thread_local QStringEncoder encoder(QStringEncoder::Utf8);
        const qsizetype start = out.size();
        out.resize(start + 2 + encoder.requiredSpace(text.size()));
        char* data = out.data() + start;
        *data++ = '"';
        data = encoder.appendToBuffer(data, text);
        *data++ = '"';
        out.resize(data - out.constData());
        return;
    }
    const QByteArray utf8 = text.toUtf8();
    out += '"';
    for (const char c : utf8) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", c);
                out += buf;
            } else {
                out += c;
            }
        }
    }
    out += '"';
}

void appendValue(QByteArray& out, const QVariant& value)
{
    if (isNull(value)) {
        out += "null";
        return;
    }
    switch (value.typeId()) {
    case QMetaType::Bool: out += value.toBool() ? "true" : "false"; return;
    case QMetaType::Int:
    case QMetaType::LongLong: out += QByteArray::number(value.toLongLong()); return;
    case QMetaType::Double: {
        const double d = value.toDouble();
        if (std::isfinite(d))
            out += QByteArray::number(d, 'g', QLocale::FloatingPointShortest);
        else
            out += "null";
        return;
    }
    case QMetaType::QDateTime: appendTimestamp(out, value.toDateTime()); return;
    case QMetaType::QDate: appendDate(out, value.toDate()); return;
    case QMetaType::QString: appendString(out, value.toString()); return;
    case QMetaType::QStringList: {
        out += '[';
        const QStringList list = value.toStringList();
        for (int i = 0; i < list.size(); ++i) {
            if (i)
                out += ',';
            appendString(out, list[i]);
        }
        out += ']';
        return;
    }
    case QMetaType::QVariantMap:
    case QMetaType::QVariantList:
        out += QJsonDocument::fromVariant(value).toJson(QJsonDocument::Compact);
        return;
    default: break;
    }
    if (value.metaType() == QMetaType::fromType<Decimal>()) {
        out += value.value<Decimal>().text.toLatin1();
        return;
    }
    appendString(out, valueText(value));
}

quint64 hash(const QByteArray& bytes)
{
    // FNV-1a, 64 bit: fast, stable across runs and machines (unlike qHash's seed).
    quint64 h = 14695981039346656037ULL;
    for (const char c : bytes) {
        h ^= static_cast<unsigned char>(c);
        h *= 1099511628211ULL;
    }
    return h;
}

} // namespace PayloadJson

} // namespace Ebb
