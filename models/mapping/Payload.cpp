#include "Payload.h"

#include "Decimal.h"
#include "MicroTime.h"
#include "ValueText.h"

#include <QDate>
#include <QDateTime>
#include <QJsonDocument>
#include <QLocale>
#include <QStringEncoder>
#include <charconv>
#include <cmath>
#include <cstring>
#include <optional>

namespace Ebb {

QVariant Payload::value(const QString& field) const
{
    const qsizetype index = m_fields ? m_fields->indexOf(field) : -1;
    return index < 0 ? QVariant() : m_values[size_t(index)];
}

QByteArray Payload::toJson() const
{
    // The field names are the same for every payload of a run: encode them once per thread.
    thread_local std::weak_ptr<const QStringList> encodedFor;
    thread_local std::vector<QByteArray> keys; // "\"name\":"
    if (encodedFor.lock() != m_fields) {
        keys.clear();
        for (const QString& field : *m_fields) {
            QByteArray key;
            PayloadJson::appendString(key, field);
            keys.push_back(key + ':');
        }
        encodedFor = m_fields;
    }
    // Built in a buffer that keeps its capacity, then copied to a block of its exact size: a
    // run holds thousands of these at once, and every spare byte is memory to fault in.
    thread_local QByteArray out;
    out.resize(0);
    out += '{';
    bool first = true;
    for (int i = 0; i < size(); ++i) {
        if (isSkipped(i))
            continue;
        if (!first)
            out += ',';
        first = false;
        out += keys[size_t(i)];
        PayloadJson::appendValue(out, m_values[size_t(i)]);
    }
    out += '}';
    return QByteArray(out.constData(), out.size());
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

// Proleptic Gregorian year, month and day of a day count from 1970-01-01 (Howard Hinnant's
// civil_from_days): QDate's year(), month() and day() each convert on their own, which showed
// in profiles at a million timestamps a run.
void civilFromDays(qint64 days, int& year, int& month, int& day)
{
    days += 719468;
    const qint64 era = (days >= 0 ? days : days - 146096) / 146097;
    const qint64 dayOfEra = days - era * 146097;
    const qint64 yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
    const qint64 dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    const qint64 mp = (5 * dayOfYear + 2) / 153;
    day = int(dayOfYear - (153 * mp + 2) / 5 + 1);
    month = int(mp < 10 ? mp + 3 : mp - 9);
    year = int(yearOfEra + era * 400 + (month <= 2 ? 1 : 0));
}

void putDigits(char* at, int value, int width)
{
    for (int i = width - 1; i >= 0; --i, value /= 10)
        at[i] = char('0' + value % 10);
}

// "2024-03-05T14:22:10.123Z"; with `micros` (0 to 999 past the millisecond) "…10.123456Z".
void appendTimestamp(QByteArray& out, qint64 ms, std::optional<int> micros = std::nullopt)
{
    constexpr qint64 msPerDay = 86400000;
    qint64 days = ms / msPerDay; // floor division, for instants before 1970 too
    if (ms % msPerDay < 0)
        --days;
    int msOfDay = int(ms - days * msPerDay);
    int year, month, day;
    civilFromDays(days, year, month, day);
    if (year < 1 || year > 9999) { // outside what four digits say: Qt's own text (it has no year 0)
        appendString(out,
            micros ? MicroTime{ms * 1000 + *micros}.text()
                   : QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs));
        return;
    }
    char buf[30] = "\"0000-00-00T00:00:00.000Z\"";
    putDigits(buf + 1, year, 4);
    putDigits(buf + 6, month, 2);
    putDigits(buf + 9, day, 2);
    putDigits(buf + 12, msOfDay / 3600000, 2);
    msOfDay %= 3600000;
    putDigits(buf + 15, msOfDay / 60000, 2);
    msOfDay %= 60000;
    putDigits(buf + 18, msOfDay / 1000, 2);
    putDigits(buf + 21, msOfDay % 1000, 3);
    if (micros) {
        putDigits(buf + 24, *micros, 3);
        buf[27] = 'Z';
        buf[28] = '"';
        out.append(buf, 29);
        return;
    }
    out.append(buf, 26);
}

void appendDate(QByteArray& out, const QDate& d)
{
    int year, month, day;
    d.getDate(&year, &month, &day);
    if (year < 1 || year > 9999) {
        appendString(out, d.toString(Qt::ISODate));
        return;
    }
    char buf[13] = "\"0000-00-00\"";
    putDigits(buf + 1, year, 4);
    putDigits(buf + 6, month, 2);
    putDigits(buf + 9, day, 2);
    out.append(buf, 12);
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
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
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
    case QMetaType::Bool:
        out += value.toBool() ? "true" : "false";
        return;
    case QMetaType::Int:
    case QMetaType::LongLong: {
        char buf[24];
        const auto end = std::to_chars(buf, buf + sizeof buf, value.toLongLong()).ptr;
        out.append(buf, end - buf);
        return;
    }
    case QMetaType::Double: {
        // JSON has no NaN or Infinity: they go as the strings "NaN", "Infinity" and "-Infinity"
        // (README, "Values"), so they differ from null and from each other in the hash too.
        const double d = value.toDouble();
        if (std::isfinite(d))
            out += QByteArray::number(d, 'g', QLocale::FloatingPointShortest);
        else
            appendString(out, valueText(value));
        return;
    }
    case QMetaType::QDateTime:
        appendTimestamp(out, value.toDateTime().toMSecsSinceEpoch());
        return;
    case QMetaType::QDate:
        appendDate(out, value.toDate());
        return;
    case QMetaType::QString:
        appendString(out, value.toString());
        return;
    case QMetaType::QByteArray:
        appendString(out, valueText(value));
        return; // "\x00ff10"
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
    default:
        break;
    }
    if (MicroTime::holds(value)) {
        const MicroTime time = value.value<MicroTime>();
        appendTimestamp(out, time.floorMSecs(), time.subMillisecond());
        return;
    }
    if (value.metaType() == QMetaType::fromType<Decimal>()) {
        // Digits, a sign and a point: ASCII, copied straight in.
        const QString& text = static_cast<const Decimal*>(value.constData())->text;
        const qsizetype start = out.size();
        out.resize(start + text.size());
        char* data = out.data() + start;
        for (const QChar c : text)
            *data++ = char(c.unicode());
        return;
    }
    appendString(out, valueText(value));
}

quint64 hash(const QByteArray& bytes)
{
    // Eight bytes a step, multiply-xorshift mixing, MurmurHash3's finaliser at the end: stable
    // across runs and machines (qHash is seeded, and AES-based on some CPUs), and about eight
    // times faster than byte-wise FNV-1a, which showed in rerun profiles.
    constexpr quint64 k = 0x9E3779B97F4A7C15ULL;
    quint64 h = 0x243F6A8885A308D3ULL ^ (quint64(bytes.size()) * k);
    const char* p = bytes.constData();
    qsizetype n = bytes.size();
    for (; n >= 8; p += 8, n -= 8) {
        quint64 w;
        std::memcpy(&w, p, 8);
        h = (h ^ w) * k;
        h ^= h >> 29;
    }
    quint64 tail = 0;
    std::memcpy(&tail, p, size_t(n));
    h = (h ^ tail) * k;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
}

} // namespace PayloadJson

} // namespace Ebb
