#include "connectors/warehouse/postgres/CopyDecoder.h"
#include "connectors/warehouse/postgres/PgTypes.h"

#include <QTest>

using namespace Ebb;

// The binary COPY decoder against streams a hostile server (or anyone on the path) could send:
// every one ends in a clean error or in rows, never in a read out of bounds.
class TestCopyDecoder : public QObject
{
    Q_OBJECT

    static QByteArray be32(qint64 v)
    {
        const auto u = quint32(v);
        const char bytes[4] = {char(u >> 24), char(u >> 16), char(u >> 8), char(u)};
        return QByteArray(bytes, 4);
    }
    static QByteArray be16(int v)
    {
        const char bytes[2] = {char(quint16(v) >> 8), char(quint16(v))};
        return QByteArray(bytes, 2);
    }
    static QByteArray header() { return QByteArray("PGCOPY\n\377\r\n\0", 11) + be32(0) + be32(0); }
    static QByteArray tuple(const QList<QByteArray>& fields)
    {
        QByteArray t = be16(int(fields.size()));
        for (const QByteArray& f : fields)
            t += f.isNull() ? be32(-1) : be32(f.size()) + f;
        return t;
    }
    static QByteArray trailer() { return be16(-1); }

    static Result<int> decode(const QByteArray& stream, RowBatch& batch, qsizetype chunk = 0)
    {
        CopyDecoder decoder({PgTypes::Int4, PgTypes::Text}, {QStringLiteral("id"), QStringLiteral("name")});
        int rows = 0;
        const qsizetype step = chunk > 0 ? chunk : stream.size();
        for (qsizetype at = 0; at < stream.size(); at += step) {
            auto decoded = decoder.feed(stream.constData() + at, std::min(step, stream.size() - at), batch);
            if (!decoded)
                return decoded;
            rows += *decoded;
        }
        if (decoder.hasPartial() || !decoder.trailerRead())
            return Error::database(QStringLiteral("truncated"));
        return rows;
    }

private Q_SLOTS:
    void decodesInAnyChunking()
    {
        const QByteArray stream
            = header() + tuple({be32(7), QByteArray("Zoë")}) + tuple({be32(-3), QByteArray()}) + trailer();
        for (qsizetype chunk : {qsizetype(0), qsizetype(1), qsizetype(3), qsizetype(13)}) {
            RowBatch batch({Column{QStringLiteral("id"), ValueType::Integer, {}},
                Column{QStringLiteral("name"), ValueType::Text, {}}});
            auto rows = decode(stream, batch, chunk);
            QVERIFY2(rows.ok(), qPrintable(rows.ok() ? QString() : rows.error().message));
            QCOMPARE(*rows, 2);
            QCOMPARE(batch.at(0, 0).toLongLong(), 7);
            QCOMPARE(batch.at(0, 1).toString(), QStringLiteral("Zoë"));
            QCOMPARE(batch.at(1, 0).toLongLong(), -3);
            QVERIFY(!batch.at(1, 1).isValid());
        }
    }

    void hostileStreams_data()
    {
        QTest::addColumn<QByteArray>("stream");
        QTest::addColumn<QString>("error");
        // 0x7FFFFFFC + 4 overflowed an int: the bounds check passed and the read went wild.
        QTest::newRow("length near INT_MAX") << header() + be16(2) + be32(4) + be32(1) + be32(0x7FFFFFFC)
                + QByteArray("abc") << QStringLiteral("a field length of 2147483644 bytes");
        QTest::newRow("length INT_MAX") << header() + be16(2) + be32(0x7FFFFFFF)
                                        << QStringLiteral("a field length of 2147483647 bytes");
        QTest::newRow("length past 1 GiB")
            << header() + be16(2) + be32((1 << 30) + 1) << QStringLiteral("a field length of 1073741825 bytes");
        QTest::newRow("length -2") << header() + be16(2) + be32(-2) << QStringLiteral("a field length of -2 bytes");
        QTest::newRow("length INT_MIN") << header() + be16(2) + be32(qint64(INT32_MIN))
                                        << QStringLiteral("a field length of -2147483648 bytes");
        QTest::newRow("header extension huge") << QByteArray("PGCOPY\n\377\r\n\0", 11) + be32(0) + be32(0x7FFFFFFF)
                                               << QStringLiteral("a header extension of 2147483647 bytes");
        QTest::newRow("header extension negative") << QByteArray("PGCOPY\n\377\r\n\0", 11) + be32(0) + be32(-5)
                                                   << QStringLiteral("a header extension of -5 bytes");
        QTest::newRow("bad signature") << QByteArray("PGCOPX\n\377\r\n\0", 11) + be32(0) + be32(0)
                                       << QStringLiteral("binary signature");
        QTest::newRow("wrong field count")
            << header() + tuple({be32(1)}) << QStringLiteral("a row of 1 fields, expected 2");
        QTest::newRow("int4 of 3 bytes") << header() + tuple({QByteArray("abc"), QByteArray("x")})
                                         << QStringLiteral("a integer value of 3 bytes");
        QTest::newRow("data after trailer")
            << header() + trailer() + QByteArray("zz") << QStringLiteral("after the end of the stream");
        QTest::newRow("truncated row") << header() + be16(2) + be32(4) + be32(1) << QStringLiteral("truncated");
    }

    void hostileStreams()
    {
        QFETCH(QByteArray, stream);
        QFETCH(QString, error);
        for (qsizetype chunk : {qsizetype(0), qsizetype(1), qsizetype(5)}) {
            RowBatch batch({Column{QStringLiteral("id"), ValueType::Integer, {}},
                Column{QStringLiteral("name"), ValueType::Text, {}}});
            auto rows = decode(stream, batch, chunk);
            QVERIFY(!rows.ok());
            QVERIFY2(rows.error().message.contains(error), qPrintable(rows.error().message));
        }
    }

    // Timestamps are decoded with checked arithmetic at both ends of the 64-bit range.
    void extremeTimestamps()
    {
        QString error;
        for (qint64 micros :
            {std::numeric_limits<qint64>::max() - 1, std::numeric_limits<qint64>::min() + 1, qint64(0)}) {
            const QByteArray bytes = be32(micros >> 32) + be32(micros & 0xffffffff);
            const QVariant value = PgTypes::decodeBinary(PgTypes::TimestampTz, bytes.constData(), 8, error);
            QVERIFY(error.isEmpty());
            QVERIFY(value.isValid());
        }
        const qint64 max = std::numeric_limits<qint64>::max() - 1;
        const QByteArray bytes = be32(max >> 32) + be32(max & 0xffffffff);
        const QString text = PgTypes::decodeBinary(PgTypes::TimestampTz, bytes.constData(), 8, error).toString();
        QVERIFY2(
            text.startsWith(QStringLiteral("294277-01-09 04:00:54.775806")) && !text.endsWith(QStringLiteral("BC")),
            qPrintable(text));
        // The earliest day: days * microseconds-per-day overflowed there (found by fuzz_copy).
        const qint64 min = std::numeric_limits<qint64>::min() + 1;
        const QByteArray early = be32(min >> 32) + be32(min & 0xffffffff);
        const QString earlyText = PgTypes::decodeBinary(PgTypes::TimestampTz, early.constData(), 8, error).toString();
        QVERIFY2(earlyText.endsWith(QStringLiteral(" 19:59:05.224193+00 BC")), qPrintable(earlyText));
    }

    // A numeric's base-10000 digits above 9999 are refused, not printed as ':' and the like.
    void numericDigitOutOfRange()
    {
        QString error;
        const QByteArray good = be16(1) + be16(0) + be16(0) + be16(0) + be16(9999);
        QCOMPARE(PgTypes::decodeBinary(PgTypes::Numeric, good.constData(), int(good.size()), error).toString(),
            QStringLiteral("9999"));
        QVERIFY(error.isEmpty());
        const QByteArray bad = be16(1) + be16(0) + be16(0) + be16(0) + be16(10000);
        PgTypes::decodeBinary(PgTypes::Numeric, bad.constData(), int(bad.size()), error);
        QVERIFY(!error.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestCopyDecoder)
#include "tst_copydecoder.moc"
