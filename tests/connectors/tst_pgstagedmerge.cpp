#include "connectors/destinations/PostgresTableDestination.h"
#include "models/mapping/Decimal.h"
#include "models/mapping/MicroTime.h"
#include "support/TestSupport.h"

#include <QCoreApplication>
#include <QTest>
#include <cmath>
#include <limits>

using namespace Ebb;

// A PostgreSQL table destination writes each group of records of one kind with COPY into a
// temporary table and one merge statement (PgStagedMerge). What a record looks like at the
// table, and what each record is told, must be exactly what the same record sent alone gets:
// cells that COPY's text format escapes, NULLs, partial updates, missing rows, a bad record
// among good ones, a key repeated in a batch.
class TestPgStagedMerge : public QObject
{
    Q_OBJECT

    QString m_schema = QStringLiteral("ebb_merge_%1").arg(QCoreApplication::applicationPid());
    std::shared_ptr<const QStringList> m_fields
        = std::make_shared<const QStringList>(QStringList{"id", "name", "score", "amount", "seen", "tags"});

    OutgoingRecord record(OutgoingRecord::Operation operation, qint64 id, const QVariantList& values = {})
    {
        OutgoingRecord r;
        r.operation = operation;
        r.key = QByteArray::number(id);
        r.matchValue = id;
        if (operation != OutgoingRecord::Operation::Delete) {
            r.payload = Payload(m_fields);
            r.payload.set(0, id);
            for (int i = 0; i < values.size(); ++i)
                r.payload.set(i + 1, values[i]);
        }
        return r;
    }

    std::unique_ptr<PostgresTableDestination> destination(SyncMode mode, const QStringList& keepOnNull = {})
    {
        auto d = std::make_unique<PostgresTableDestination>(TestSupport::postgresSettings(),
            m_schema + QStringLiteral(".t"), mode == SyncMode::Insert ? QString() : QStringLiteral("id"), mode,
            keepOnNull);
        const auto began = d->begin();
        if (!began)
            qWarning("%s", qPrintable(began.error().message));
        return began ? std::move(d) : nullptr;
    }

    QString row(qint64 id)
    {
        return TestSupport::postgresText(
            QStringLiteral("SELECT coalesce(to_json(t)::text, 'none') FROM (SELECT 1) one LEFT JOIN"
                           " (SELECT name, score, amount, seen, tags FROM %1.t WHERE id = %2) t ON true")
                .arg(m_schema)
                .arg(id));
    }

private Q_SLOTS:
    void initTestCase() { EBB_REQUIRE_POSTGRES(); }

    void init()
    {
        QVERIFY(TestSupport::execPostgres(
            QStringLiteral("SET client_min_messages = warning; DROP SCHEMA IF EXISTS %1 CASCADE; CREATE SCHEMA %1;"
                           "CREATE TABLE %1.t (id bigint PRIMARY KEY, name text, score int, amount numeric(12,2),"
                           " seen timestamptz, tags text, CONSTRAINT no_bad_tag CHECK (tags IS DISTINCT FROM 'bad'))")
                .arg(m_schema)));
    }

    void cleanupTestCase()
    {
        if (TestSupport::hasPostgres())
            TestSupport::execPostgres(
                QStringLiteral("SET client_min_messages = warning; DROP SCHEMA IF EXISTS %1 CASCADE").arg(m_schema));
    }

    // Every byte COPY's text format gives a meaning to arrives as it was; NULL and "" stay apart.
    void cellsArriveExactly()
    {
        auto d = destination(SyncMode::Upsert);
        QVERIFY(d);
        const QDateTime seen = QDateTime::fromMSecsSinceEpoch(1709648530123, Qt::UTC);
        const Decimal amount = *Decimal::parse(QStringLiteral("-1234567890.05"));
        const QList<OutgoingRecord> batch{
            record(OutgoingRecord::Operation::Upsert, 1,
                {QStringLiteral("tab\there, newline\nthere, return\r, backslash \\N \\\\ and \\t"), 7,
                    QVariant::fromValue(amount), seen, QStringLiteral("é 😀 \"quoted\"")}),
            record(OutgoingRecord::Operation::Upsert, 2, {QString(""), QVariant(), QVariant(), QVariant(), QString()}),
            record(OutgoingRecord::Operation::Upsert, 3, {QStringLiteral("\\."), -2147483648LL, 0.5, seen, {}}),
        };
        const auto outcomes = d->write(batch);
        QVERIFY(outcomes);
        for (const RecordOutcome& o : *outcomes)
            QVERIFY2(o.ok, qPrintable(o.error));
        // In one COPY and one statement, not record by record after a failed one.
        QCOMPARE(d->summary(),
            QStringLiteral("table %1.t: 1 group(s) copied and merged in one statement each").arg(m_schema));
        QCOMPARE(row(1),
            QStringLiteral(
                "{\"name\":\"tab\\there, newline\\nthere, return\\r, backslash \\\\N \\\\\\\\ and \\\\t\",\"score\":7,"
                "\"amount\":-1234567890.05,\"seen\":\"2024-03-05T14:22:10.123+00:00\",\"tags\":\"é 😀 "
                "\\\"quoted\\\"\"}"));
        QCOMPARE(row(2), QStringLiteral("{\"name\":\"\",\"score\":null,\"amount\":null,\"seen\":null,\"tags\":\"\"}"));
        QCOMPARE(row(3),
            QStringLiteral("{\"name\":\"\\\\.\",\"score\":-2147483648,\"amount\":0.50,\"seen\":\"2024-03-05T14:22:10."
                           "123+00:00\",\"tags\":null}"));
    }

    // COPY's binary format, for the column types it takes, writes what the text format would:
    // the same records into two tables alike, one of them with a column the binary format does
    // not take (an interval, always NULL), which sends its groups in text.
    void binaryCopyWritesWhatTextWould()
    {
        const QString columns = QStringLiteral(
            "id bigint PRIMARY KEY, flag boolean, small smallint, mid integer, big bigint, ratio double precision,"
            " money numeric(14,4), free numeric, label varchar(20), code char(5), day date, at timestamp,"
            " atz timestamptz, doc jsonb, raw json, mood %1.mood, mail %1.mail");
        QVERIFY(TestSupport::execPostgres(
            QStringLiteral("CREATE TYPE %1.mood AS ENUM ('sad', 'happy'); CREATE DOMAIN %1.mail AS text"
                           " CHECK (VALUE LIKE '%@%'); CREATE TABLE %1.b (%2); CREATE TABLE %1.x (%2, pad interval)")
                .arg(m_schema, columns.arg(m_schema))));
        const QStringList names{"id", "flag", "small", "mid", "big", "ratio", "money", "free", "label", "code", "day",
            "at", "atz", "doc", "raw", "mood", "mail"};
        const auto decimal
            = [](const char* text) { return QVariant::fromValue(*Decimal::parse(QString::fromLatin1(text))); };
        const QDateTime instant = QDateTime::fromMSecsSinceEpoch(1709648530123, Qt::UTC);
        const QList<QVariantList> rows{
            {1, true, -32768, 7, std::numeric_limits<qint64>::max(), 0.1, decimal("-0.00001"),
                decimal("123456789012345678901234567890.000000000000001"), "hello", "ab", QDate(2024, 2, 29), instant,
                QDateTime(QDate(2024, 3, 5), QTime(16, 22, 10, 5), Qt::OffsetFromUTC, 7200), "{\"a\": [1, 2.50]}",
                " {\"b\": 1} ", "happy", "a@b.c"},
            {2, false, 32767, 3.0, std::numeric_limits<qint64>::min(), -1e300, decimal("12345.67895"), decimal("-0.5"),
                2.5, "abcde", QDate(1, 1, 1), QVariant::fromValue(MicroTime{1709648530123456}),
                QVariant::fromValue(MicroTime{-1}), "null", "[]", "sad", "x@y"},
            {3, QVariant(), 5.0, QString(""), 4294967295U, std::nan(""), decimal("0"), -42LL, 9LL, "",
                QDate(9999, 12, 31), QDateTime::fromMSecsSinceEpoch(-62135596800000, Qt::UTC), QVariant(), "{}", "{}",
                QVariant(), QVariant()},
            {4, true, QVariant(), -2147483648LL, 0, std::numeric_limits<double>::infinity(), decimal("-0"),
                decimal("10000"), "é 😀", "  ", QVariant(), QVariant(), instant, "\"é\"", "\"\\u0000?\"", "happy", "@"},
            {5, false, 0, 0, 0, -0.0, 0.1, decimal("0.0001"), "tab\there", "x", QDate(2000, 1, 1),
                QDateTime::fromMSecsSinceEpoch(253402300799999, Qt::UTC), QDateTime::fromMSecsSinceEpoch(0, Qt::UTC),
                "{\"k\": {\"n\": null}}", "1", "sad", "q@r"},
        };
        for (const QString& table : {QStringLiteral("b"), QStringLiteral("x")}) {
            auto fields = std::make_shared<const QStringList>(
                table == QLatin1String("x") ? names + QStringList{QStringLiteral("pad")} : names);
            QList<OutgoingRecord> batch;
            for (const QVariantList& values : rows) {
                OutgoingRecord r;
                r.operation = OutgoingRecord::Operation::Upsert;
                r.key = values[0].toByteArray();
                r.matchValue = values[0];
                r.payload = Payload(fields);
                for (int i = 0; i < values.size(); ++i)
                    r.payload.set(i, values[i]);
                batch << r;
            }
            PostgresTableDestination d(TestSupport::postgresSettings(), m_schema + QLatin1Char('.') + table,
                QStringLiteral("id"), SyncMode::Upsert);
            QVERIFY(d.begin());
            const auto outcomes = d.write(batch);
            QVERIFY(outcomes);
            for (const RecordOutcome& o : *outcomes)
                QVERIFY2(o.ok, qPrintable(o.error));
            QCOMPARE(d.binaryGroups(), table == QLatin1String("b") ? 1 : 0);
        }
        const QString cells = names.join(QLatin1String(", "));
        QCOMPARE(
            TestSupport::postgresText(QStringLiteral("SELECT count(*) FROM %1.b").arg(m_schema)), QStringLiteral("5"));
        // Equal cell by cell (as text: NaN = NaN), and equal in their text too (0.10 is not 0.1).
        QCOMPARE(TestSupport::postgresText(
                     QStringLiteral("SELECT count(*) FROM (SELECT %2 FROM %1.b EXCEPT SELECT %2 FROM %1.x) d")
                         .arg(m_schema,
                             QString(cells).replace(QLatin1String("doc, raw"), QLatin1String("doc::text, raw::text")))),
            QStringLiteral("0"));
        QCOMPARE(TestSupport::postgresText(
                     QStringLiteral("SELECT string_agg(to_json(b)::text, ' ' ORDER BY id) FROM %1.b").arg(m_schema)),
            TestSupport::postgresText(QStringLiteral("SELECT string_agg(to_json(x)::text, ' ' ORDER BY id) FROM"
                                                     " (SELECT %2 FROM %1.x) x")
                                          .arg(m_schema, cells)));
        // A value the binary format does not take (a text in an integer column) sends its group in text.
        PostgresTableDestination d(
            TestSupport::postgresSettings(), m_schema + QStringLiteral(".b"), QStringLiteral("id"), SyncMode::Upsert);
        QVERIFY(d.begin());
        QList<OutgoingRecord> texts;
        for (const int id : {6, 7}) {
            OutgoingRecord text;
            text.operation = OutgoingRecord::Operation::Upsert;
            text.key = QByteArray::number(id);
            text.matchValue = id;
            text.payload = Payload(std::make_shared<const QStringList>(QStringList{"id", "mid"}));
            text.payload.set(0, id);
            text.payload.set(
                1, id == 6 ? QVariant(42) : QVariant(QStringLiteral("43"))); // the second ends the binary COPY
            texts << text;
        }
        const auto outcomes = d.write(texts);
        QVERIFY(outcomes && outcomes->at(0).ok && outcomes->at(1).ok);
        QCOMPARE(d.binaryGroups(), 0);
        QCOMPARE(d.summary(),
            QStringLiteral("table %1.b: 1 group(s) copied and merged in one statement each").arg(m_schema));
        QCOMPARE(
            TestSupport::postgresText(
                QStringLiteral("SELECT string_agg(mid::text, ',' ORDER BY id) FROM %1.b WHERE id >= 6").arg(m_schema)),
            QStringLiteral("42,43"));
    }

    // An update writes only what changed and what a skipped NULL leaves alone; a record whose
    // row is missing fails alone, with the words it gets when sent by itself.
    void updatesWriteWhatChangedAndMissingRowsFailAlone()
    {
        QVERIFY(TestSupport::execPostgres(
            QStringLiteral("INSERT INTO %1.t VALUES (1, 'one', 1, 1, NULL, 'x'), (2, 'two', 2, 2, NULL, 'y'),"
                           " (3, 'three', 3, 3, NULL, 'z')")
                .arg(m_schema)));
        // A trigger on one column sees only the updates that change it.
        QVERIFY(TestSupport::execPostgres(
            QStringLiteral("CREATE TABLE %1.score_changes (id bigint);"
                           "CREATE FUNCTION %1.note_score() RETURNS trigger LANGUAGE plpgsql AS"
                           " $$BEGIN INSERT INTO %1.score_changes VALUES (NEW.id); RETURN NEW; END$$;"
                           "CREATE TRIGGER score_changed AFTER UPDATE OF score ON %1.t FOR EACH ROW"
                           " EXECUTE FUNCTION %1.note_score()")
                .arg(m_schema)));
        auto d = destination(SyncMode::Update, {QStringLiteral("tags")});
        QVERIFY(d);
        OutgoingRecord one = record(OutgoingRecord::Operation::Update, 1, {"ONE", 10, 10, QVariant(), "typed"});
        one.changed = QStringList{QStringLiteral("name")}; // only the name changed
        OutgoingRecord two = record(OutgoingRecord::Operation::Update, 2, {"TWO", 20, 20, QVariant(), QVariant()});
        two.payload.skip(5); // tags: a NULL the mapping skips
        const OutgoingRecord missing = record(OutgoingRecord::Operation::Update, 99, {"none", 0, 0, QVariant(), "t"});
        const OutgoingRecord three = record(OutgoingRecord::Operation::Update, 3, {"THREE", 30, 30, QVariant(), "w"});
        const auto outcomes = d->write({one, two, missing, three});
        QVERIFY(outcomes);
        QCOMPARE(outcomes->size(), 4);
        QVERIFY(outcomes->at(0).ok && outcomes->at(1).ok && outcomes->at(3).ok);
        QVERIFY(!outcomes->at(2).ok);
        QCOMPARE(outcomes->at(2).error, QStringLiteral("no record with id = 99"));
        QCOMPARE(row(1), QStringLiteral("{\"name\":\"ONE\",\"score\":1,\"amount\":1.00,\"seen\":null,\"tags\":\"x\"}"));
        QCOMPARE(
            row(2), QStringLiteral("{\"name\":\"TWO\",\"score\":20,\"amount\":20.00,\"seen\":null,\"tags\":\"y\"}"));
        QCOMPARE(
            row(3), QStringLiteral("{\"name\":\"THREE\",\"score\":30,\"amount\":30.00,\"seen\":null,\"tags\":\"w\"}"));
        QCOMPARE(row(99), QStringLiteral("none"));
        QCOMPARE(
            TestSupport::postgresText(
                QStringLiteral("SELECT string_agg(id::text, ',' ORDER BY id) FROM %1.score_changes").arg(m_schema)),
            QStringLiteral("2,3"));
        QVERIFY2(d->summary().contains(QStringLiteral(": 3 group(s) copied and merged")), qPrintable(d->summary()));
    }

    void deletesInABatchSayWhichRowWasMissing()
    {
        QVERIFY(TestSupport::execPostgres(
            QStringLiteral("INSERT INTO %1.t (id, name) VALUES (1, 'a'), (2, 'b'), (3, 'c')").arg(m_schema)));
        auto d = destination(SyncMode::Mirror);
        QVERIFY(d);
        const auto outcomes = d->write({record(OutgoingRecord::Operation::Delete, 1),
            record(OutgoingRecord::Operation::Delete, 7), record(OutgoingRecord::Operation::Delete, 3)});
        QVERIFY(outcomes);
        QVERIFY(outcomes->at(0).ok && outcomes->at(2).ok);
        QCOMPARE(outcomes->at(1).error, QStringLiteral("no record with id = 7"));
        QVERIFY2(d->summary().contains(QStringLiteral(": 1 group(s) copied and merged")), qPrintable(d->summary()));
        QCOMPARE(TestSupport::postgresText(QStringLiteral("SELECT string_agg(id::text, ',') FROM %1.t").arg(m_schema)),
            QStringLiteral("2"));
    }

    // A record the table refuses (a CHECK the schema does not describe) fails the group's
    // statement; the group is written again record by record, and only that record fails,
    // in the server's words. Upserts then update what the inserts made.
    void aBadRecordFailsAloneAndTheRestArrive()
    {
        auto d = destination(SyncMode::Upsert);
        QVERIFY(d);
        QList<OutgoingRecord> batch;
        for (int id = 1; id <= 50; ++id)
            batch << record(OutgoingRecord::Operation::Upsert, id,
                {QStringLiteral("n%1").arg(id), id, id, QVariant(), id == 17 ? "bad" : "ok"});
        auto outcomes = d->write(batch);
        QVERIFY(outcomes);
        for (int i = 0; i < 50; ++i)
            QCOMPARE(outcomes->at(i).ok, i != 16);
        QVERIFY2(outcomes->at(16).error.contains(QStringLiteral("no_bad_tag")), qPrintable(outcomes->at(16).error));
        QCOMPARE(
            TestSupport::postgresText(QStringLiteral("SELECT count(*) FROM %1.t").arg(m_schema)), QStringLiteral("49"));
        QVERIFY2(d->summary().contains(QStringLiteral("0 group(s) merged, 1 written record by record")),
            qPrintable(d->summary()));
        // The same keys again, changed: updated in place by the merge.
        for (OutgoingRecord& r : batch)
            r.payload.set(1, r.payload.value(1).toString() + QStringLiteral("!")), r.payload.set(5, "ok");
        outcomes = d->write(batch);
        QVERIFY(outcomes);
        QVERIFY(std::all_of(outcomes->begin(), outcomes->end(), [](const RecordOutcome& o) { return o.ok; }));
        QCOMPARE(
            TestSupport::postgresText(QStringLiteral("SELECT count(*) FROM %1.t WHERE name LIKE '%!'").arg(m_schema)),
            QStringLiteral("50"));
    }

    // A key twice in one batch: written in order, the later record wins (one statement
    // could not say which), as it would sent one by one.
    void aRepeatedKeyKeepsItsOrder()
    {
        auto d = destination(SyncMode::Upsert);
        QVERIFY(d);
        const auto outcomes = d->write({record(OutgoingRecord::Operation::Upsert, 5, {"first", 1, 1, QVariant(), {}}),
            record(OutgoingRecord::Operation::Upsert, 6, {"other", 1, 1, QVariant(), {}}),
            record(OutgoingRecord::Operation::Upsert, 5, {"second", 2, 2, QVariant(), {}})});
        QVERIFY(outcomes);
        QVERIFY(std::all_of(outcomes->begin(), outcomes->end(), [](const RecordOutcome& o) { return o.ok; }));
        QCOMPARE(TestSupport::postgresText(QStringLiteral("SELECT name FROM %1.t WHERE id = 5").arg(m_schema)),
            QStringLiteral("second"));
    }

    // Insert mode names no match field; a key the table has already fails alone.
    void insertsWithoutAMatchField()
    {
        QVERIFY(
            TestSupport::execPostgres(QStringLiteral("INSERT INTO %1.t (id, name) VALUES (2, 'there')").arg(m_schema)));
        auto d = destination(SyncMode::Insert);
        QVERIFY(d);
        QList<OutgoingRecord> batch;
        for (int id = 1; id <= 3; ++id) {
            batch << record(OutgoingRecord::Operation::Insert, id, {"new", 0, 0, QVariant(), {}});
            batch.last().matchValue = QVariant();
        }
        const auto outcomes = d->write(batch);
        QVERIFY(outcomes);
        QVERIFY(outcomes->at(0).ok && !outcomes->at(1).ok && outcomes->at(2).ok);
        QVERIFY2(outcomes->at(1).error.contains(QStringLiteral("duplicate key")), qPrintable(outcomes->at(1).error));
        QCOMPARE(TestSupport::postgresText(QStringLiteral("SELECT name FROM %1.t WHERE id = 2").arg(m_schema)),
            QStringLiteral("there"));
    }
};

QTEST_GUILESS_MAIN(TestPgStagedMerge)
#include "tst_pgstagedmerge.moc"
