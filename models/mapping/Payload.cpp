#include "Payload.h"

#include "Decimal.h"
#include "MicroTime.h"
#include "StoredHash.h"
#include "ValueText.h"
#include "models/AppendBytes.h"
#include "models/IsoTime.h"

#include <QDate>
#include <QDateTime>
#include <QJsonDocument>
#include <QLocale>
#include <QStringEncoder>
#include <charconv>
#include <cmath>
#include <cstring>
#include <optional>
#include <xxhash.h>

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
        appendBytes(out, keys[size_t(i)]);
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

// "2024-03-05T14:22:10.123Z" (or with microseconds), quoted.
void appendTimestamp(QByteArray& out, qint64 ms, std::optional<int> micros = std::nullopt)
{
    out += '"';
    IsoTime::appendTimestamp(out, ms, micros);
    out += '"';
}

void appendDate(QByteArray& out, const QDate& d)
{
    out += '"';
    IsoTime::appendDate(out, d);
    out += '"';
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
        appendBytes(out, buf, end - buf);
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
    return StoredHash::mark(XXH3_64bits(bytes.constData(), size_t(bytes.size())));
}

quint64 legacyHash(const QByteArray& bytes)
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
