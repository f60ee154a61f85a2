#include "connectors/destinations/PostgresTableDestination.h"
#include "models/mapping/Decimal.h"
#include "support/TestSupport.h"

#include <QCoreApplication>
#include <QTest>

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
