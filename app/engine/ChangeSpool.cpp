#include "ChangeSpool.h"

#include "connectors/files/PrivateState.h"
#include "models/mapping/Decimal.h"
#include "models/mapping/MicroTime.h"
#include "models/mapping/ValueText.h"

#include <QDate>
#include <QDateTime>
#include <QDir>
#include <QJsonDocument>

namespace Ebb {

namespace {

enum Tag : quint8 {
    Null,
    Bool,
    Int,
    Double,
    String,
    DecimalTag,
    Date,
    DateTime,
    StringList,
    Bytes,
    Json,
    MicroTimeTag
};

} // namespace

Result<std::unique_ptr<ChangeSpool>> ChangeSpool::create(const QString& folder)
{
    if (auto made = PrivateState::ensureFolder(folder); !made)
        return made.error();
    auto spool = std::make_unique<ChangeSpool>();
    spool->m_file.setFileTemplate(QDir(folder).filePath(QStringLiteral("spool-XXXXXX")));
    if (!spool->m_file.open())
        return Error::io(QStringLiteral("%1: cannot create a spool file: %2").arg(folder, spool->m_file.errorString()));
    spool->m_stream.setDevice(&spool->m_file);
    spool->m_stream.setVersion(QDataStream::Qt_6_4);
    return spool;
}

void ChangeSpool::writeValue(QDataStream& out, const QVariant& value)
{
    if (isNull(value)) {
        out << quint8(Null);
        return;
    }
    switch (value.typeId()) {
    case QMetaType::Bool:
        out << quint8(Bool) << value.toBool();
        return;
    case QMetaType::Int:
    case QMetaType::LongLong:
        out << quint8(Int) << value.toLongLong();
        return;
    case QMetaType::Double:
        out << quint8(Double) << value.toDouble();
        return;
    case QMetaType::QDate:
        out << quint8(Date) << value.toDate().toJulianDay();
        return;
    case QMetaType::QDateTime:
        out << quint8(DateTime) << value.toDateTime().toMSecsSinceEpoch();
        return;
    case QMetaType::QStringList:
        out << quint8(StringList) << value.toStringList();
        return;
    case QMetaType::QByteArray:
        out << quint8(Bytes) << value.toByteArray();
        return;
    case QMetaType::QVariantMap:
    case QMetaType::QVariantList:
        out << quint8(Json) << QJsonDocument::fromVariant(value).toJson(QJsonDocument::Compact);
        return;
    default:
        break;
    }
    if (value.metaType() == QMetaType::fromType<Decimal>()) {
        out << quint8(DecimalTag) << value.value<Decimal>().text;
        return;
    }
    if (MicroTime::holds(value)) {
        out << quint8(MicroTimeTag) << value.value<MicroTime>().usecs;
        return;
    }
    out << quint8(String) << valueText(value);
}

QVariant ChangeSpool::readValue(QDataStream& in)
{
    quint8 tag = Null;
    in >> tag;
    switch (tag) {
    case Bool: {
        bool b;
        in >> b;
        return b;
    }
    case Int: {
        qint64 n;
        in >> n;
        return n;
    }
    case Double: {
        double d;
        in >> d;
        return d;
    }
    case String: {
        QString s;
        in >> s;
        return s;
    }
    case DecimalTag: {
        QString s;
        in >> s;
        return QVariant::fromValue(Decimal{s});
    }
    case MicroTimeTag: {
        qint64 us;
        in >> us;
        return MicroTime::variant(us);
    }
    case Date: {
        qint64 j;
        in >> j;
        return QDate::fromJulianDay(j);
    }
    case DateTime: {
        qint64 ms;
        in >> ms;
        return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
    }
    case StringList: {
        QStringList l;
        in >> l;
        return l;
    }
    case Bytes: {
        QByteArray b;
        in >> b;
        return b;
    }
    case Json: {
        QByteArray b;
        in >> b;
        return QJsonDocument::fromJson(b).toVariant();
    }
    default:
        return {};
    }
}

Result<void> ChangeSpool::append(const Change& change)
{
    const OutgoingRecord& r = change.record;
    if (!m_fields && r.payload.size() > 0)
        m_fields = std::make_shared<const QStringList>(r.payload.fields());
    m_stream << quint8(change.kind) << quint8(r.operation) << r.key << change.hash << change.sourceHash << r.json
             << r.changed;
    writeValue(m_stream, r.matchValue);
    m_stream << qint32(r.payload.size());
    for (int i = 0; i < r.payload.size(); ++i) {
        writeValue(m_stream, r.payload.value(i));
        m_stream << r.payload.isSkipped(i); // a NULL left out ("nulls": "skip") stays out
    }
    if (m_stream.status() != QDataStream::Ok)
        return Error::io(QStringLiteral("%1: cannot write the spool (disk full?)").arg(m_file.fileName()));
    ++m_count;
    return {};
}

Result<void> ChangeSpool::rewind()
{
    if (!m_file.flush() || !m_file.seek(0))
        return Error::io(QStringLiteral("%1: cannot read the spool back").arg(m_file.fileName()));
    m_stream.resetStatus();
    return {};
}

bool ChangeSpool::next(Change& change)
{
    if (m_stream.atEnd())
        return false;
    quint8 kind = 0, operation = 0;
    OutgoingRecord& r = change.record;
    m_stream >> kind >> operation >> r.key >> change.hash >> change.sourceHash >> r.json >> r.changed;
    change.kind = Change::Kind(kind);
    r.operation = OutgoingRecord::Operation(operation);
    r.matchValue = readValue(m_stream);
    qint32 size = 0;
    m_stream >> size;
    r.payload = size > 0 && m_fields ? Payload(m_fields) : Payload();
    for (int i = 0; i < size; ++i) {
        QVariant v = readValue(m_stream);
        bool skipped = false;
        m_stream >> skipped;
        if (!m_fields)
            continue;
        r.payload.set(i, std::move(v));
        if (skipped)
            r.payload.skip(i);
    }
    return m_stream.status() == QDataStream::Ok;
}

} // namespace Ebb
