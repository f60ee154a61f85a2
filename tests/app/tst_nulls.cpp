#include "app/engine/ChangeSpool.h"
#include "app/workspace/WorkspaceLoader.h"
#include "connectors/warehouse/sqlite/SqliteHandle.h"
#include "support/EngineFixture.h"
#include "support/TestSupport.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>
#include <sqlite3.h>

using namespace Ebb;
using Fixture = Ebb::TestSupport::EngineFixture;

// "nulls": "send" (a NULL clears the destination's value) and "skip" (the field is left out,
// so a blank in the warehouse never wipes what someone typed in the destination), per mapping
// and as the sync's default, into a SQLite and a PostgreSQL table; and no endless re-sends.
class TestNulls : public QObject
{
    Q_OBJECT

    QString m_schema = QStringLiteral("nulls_%1").arg(QCoreApplication::applicationPid());

    // people(id, email, phone, city) in the warehouse; `phone` maps with `phoneNulls`, `city`
    // with the sync's default `defaultNulls` ("" for none).
    static QJsonObject sync(
        const QString& destination, const QString& object, const QString& phoneNulls, const QString& defaultNulls)
    {
        QJsonObject phone{
            {QStringLiteral("source"), QStringLiteral("phone")}, {QStringLiteral("target"), QStringLiteral("phone")}};
        if (!phoneNulls.isEmpty())
            phone.insert(QStringLiteral("nulls"), phoneNulls);
        QJsonObject dest{{QStringLiteral("connection"), destination}, {QStringLiteral("object"), object},
            {QStringLiteral("matchField"), QStringLiteral("id")}, {QStringLiteral("mode"), QStringLiteral("upsert")}};
        if (!defaultNulls.isEmpty())
            dest.insert(QStringLiteral("nulls"), defaultNulls);
        return QJsonObject{{QStringLiteral("source"),
                               QJsonObject{{QStringLiteral("connection"), QStringLiteral("lite")},
                                   {QStringLiteral("query"), QStringLiteral("SELECT * FROM people")},
                                   {QStringLiteral("primaryKey"), QStringLiteral("id")}}},
            {QStringLiteral("destination"), dest},
            {QStringLiteral("mappings"),
                QJsonArray{QJsonObject{{QStringLiteral("source"), QStringLiteral("id")},
                               {QStringLiteral("target"), QStringLiteral("id")}},
                    QJsonObject{{QStringLiteral("source"), QStringLiteral("email")},
                        {QStringLiteral("target"), QStringLiteral("email")}},
                    phone,
                    QJsonObject{{QStringLiteral("source"), QStringLiteral("city")},
                        {QStringLiteral("target"), QStringLiteral("city")}}}}};
    }

    static auto warehouse(Fixture& f)
    {
        auto db = SqliteHandle::open(f.path(QStringLiteral("warehouse.sqlite")), SqliteHandle::Mode::ReadWriteCreate);
        if (db)
            (void)db->exec(
                QStringLiteral("CREATE TABLE people (id INTEGER PRIMARY KEY, email TEXT, phone TEXT, city TEXT);"
                               "INSERT INTO people VALUES (1, 'a@x.io', '111', 'Lyon'), (2, 'b@x.io', '222', 'Oslo')"));
        return db;
    }

    static QString sqliteText(SqliteHandle& db, const QString& sql)
    {
        sqlite3_stmt* raw = nullptr;
        sqlite3_prepare_v2(db.get(), sql.toUtf8().constData(), -1, &raw, nullptr);
        const SqliteStatement stmt(raw);
        if (sqlite3_step(raw) != SQLITE_ROW)
            return QStringLiteral("(no row)");
        const auto* text = sqlite3_column_text(raw, 0);
        return text ? QString::fromUtf8(reinterpret_cast<const char*>(text)) : QStringLiteral("(null)");
    }

private Q_SLOTS:
    void cleanupTestCase()
    {
        TestSupport::execPostgres(QStringLiteral("DROP SCHEMA IF EXISTS %1 CASCADE").arg(m_schema));
    }

    void sqliteTable()
    {
        Fixture f(m_schema);
        auto wh = warehouse(f);
        QVERIFY(wh);
        auto dest = SqliteHandle::open(f.path(QStringLiteral("dest.sqlite")), SqliteHandle::Mode::ReadWriteCreate);
        QVERIFY(
            dest->exec(QStringLiteral("CREATE TABLE crm (id INTEGER PRIMARY KEY, email TEXT, phone TEXT, city TEXT)"))
                .ok());
        TestSupport::writeFile(
            f.path(), QStringLiteral("connections/dest.json"), R"({"kind": "sqlite", "path": "dest.sqlite"})");
        f.writeSync(QStringLiteral("s"),
            sync(QStringLiteral("dest"), QStringLiteral("crm"), QStringLiteral("skip"), QString()));
        QCOMPARE(f.run(QStringLiteral("s")).counts.sent, 2);
        // Someone types a phone and a city into the CRM; the warehouse loses both.
        QVERIFY(dest->exec(QStringLiteral("UPDATE crm SET phone = '+33 typed', city = 'Typed' WHERE id = 1")).ok());
        QVERIFY(wh->exec(QStringLiteral("UPDATE people SET phone = NULL, city = NULL WHERE id = 1")).ok());
        const RunReport second = f.run(QStringLiteral("s"));
        QCOMPARE(second.counts.changed, 1); // city (sent: it clears) changed
        QCOMPARE(sqliteText(*dest, QStringLiteral("SELECT phone FROM crm WHERE id = 1")), QStringLiteral("+33 typed"));
        QCOMPARE(sqliteText(*dest, QStringLiteral("SELECT city FROM crm WHERE id = 1")), QStringLiteral("(null)"));
        // Nothing changes: nothing is sent again, run after run.
        const RunReport third = f.run(QStringLiteral("s"));
        QCOMPARE(third.counts.changed, 0);
        QCOMPARE(third.counts.sent, 0);
        // Only the skipped field goes NULL: nothing to send at all.
        QVERIFY(wh->exec(QStringLiteral("UPDATE people SET phone = NULL WHERE id = 2")).ok());
        const RunReport fourth = f.run(QStringLiteral("s"));
        QCOMPARE(fourth.counts.changed, 0);
        QCOMPARE(fourth.counts.unchanged, 2);
        QCOMPARE(sqliteText(*dest, QStringLiteral("SELECT phone FROM crm WHERE id = 2")), QStringLiteral("222"));
        // And back to a value: sent.
        QVERIFY(wh->exec(QStringLiteral("UPDATE people SET phone = '999' WHERE id = 2")).ok());
        QCOMPARE(f.run(QStringLiteral("s")).counts.changed, 1);
        QCOMPARE(sqliteText(*dest, QStringLiteral("SELECT phone FROM crm WHERE id = 2")), QStringLiteral("999"));

        // The sync's default: every field skips, but a mapping may say send.
        f.writeSync(QStringLiteral("s"),
            sync(QStringLiteral("dest"), QStringLiteral("crm"), QStringLiteral("send"), QStringLiteral("skip")));
        QVERIFY(wh->exec(QStringLiteral("UPDATE people SET phone = NULL, city = NULL WHERE id = 2")).ok());
        QVERIFY(dest->exec(QStringLiteral("UPDATE crm SET city = 'Kept' WHERE id = 2")).ok());
        QCOMPARE(
            f.run(QStringLiteral("s"), RunOptions{false, true, false, {}, true}).status, RunReport::Status::Succeeded);
        QCOMPARE(sqliteText(*dest, QStringLiteral("SELECT phone FROM crm WHERE id = 2")), QStringLiteral("(null)"));
        QCOMPARE(sqliteText(*dest, QStringLiteral("SELECT city FROM crm WHERE id = 2")), QStringLiteral("Kept"));
    }

    // A run with guards spools its changes before it sends them: what a mapping leaves out
    // stays out, as in a run without (the spool kept the values, not which were left out).
    void aGuardedRunLeavesOutWhatItSkips()
    {
        Fixture f(m_schema);
        auto wh = warehouse(f);
        QVERIFY(wh);
        QVERIFY(wh->exec(QStringLiteral("INSERT INTO people VALUES (3, 'c@x.io', NULL, NULL)")).ok());
        QList<QByteArray> written;
        for (const QString& name : {QStringLiteral("plain"), QStringLiteral("guarded")}) {
            TestSupport::writeFile(f.path(), QStringLiteral("connections/%1.json").arg(name),
                QStringLiteral(R"({"kind": "file", "path": "%1.jsonl", "format": "jsonl"})").arg(name).toUtf8());
            QJsonObject s = sync(name, QString(), QStringLiteral("skip"), QString());
            QJsonObject dest = s.value(QStringLiteral("destination")).toObject();
            dest.remove(QStringLiteral("object"));
            dest.remove(QStringLiteral("matchField"));
            s.insert(QStringLiteral("destination"), dest);
            if (name == QLatin1String("guarded"))
                s.insert(QStringLiteral("guards"), QJsonObject{{QStringLiteral("maxRejectPercent"), 50}});
            f.writeSync(name, s);
            const RunReport report = f.run(name);
            QVERIFY2(report.status == RunReport::Status::Succeeded, qPrintable(report.error));
            QCOMPARE(report.counts.sent, 3);
            QFile file(f.path(name + QStringLiteral(".jsonl")));
            QVERIFY(file.open(QIODevice::ReadOnly));
            written << file.readAll();
        }
        QVERIFY2(written[1].contains(R"({"id":3,"email":"c@x.io","city":null})"), written[1].constData());
        QCOMPARE(written[1], written[0]);

        // A table writes what the record holds: the skipped phone is not cleared there either.
        QVERIFY(TestSupport::execPostgres(
            QStringLiteral("DROP SCHEMA IF EXISTS %1 CASCADE; CREATE SCHEMA %1;"
                           "CREATE TABLE %1.crm (id int PRIMARY KEY, email text, phone text, city text);"
                           "INSERT INTO %1.crm VALUES (3, 'old@x.io', '+1 kept', 'Kept');")
                .arg(m_schema)));
        QJsonObject table
            = sync(QStringLiteral("pg"), m_schema + QStringLiteral(".crm"), QStringLiteral("skip"), QString());
        table.insert(QStringLiteral("guards"), QJsonObject{{QStringLiteral("maxRejectPercent"), 50}});
        f.writeSync(QStringLiteral("t"), table);
        QCOMPARE(f.run(QStringLiteral("t")).counts.sent, 3);
        // Row 3 was there before: its phone, NULL and skipped, is kept; its city, NULL, is cleared.
        QCOMPARE(TestSupport::pgScalar(QStringLiteral("SELECT count(*) FROM %1.crm WHERE id = 3 AND phone = '+1 kept'"
                                                      " AND city IS NULL AND email = 'c@x.io'")
                                           .arg(m_schema)),
            1);
        QVERIFY(TestSupport::execPostgres(
            QStringLiteral("UPDATE %1.crm SET phone = '+33 typed' WHERE id = 1").arg(m_schema)));
        QVERIFY(wh->exec(QStringLiteral("UPDATE people SET phone = NULL, city = 'Nice' WHERE id = 1")).ok());
        QCOMPARE(f.run(QStringLiteral("t")).counts.sent, 1);
        QCOMPARE(TestSupport::pgScalar(QStringLiteral(
                     "SELECT count(*) FROM %1.crm WHERE id = 1 AND phone = '+33 typed' AND city = 'Nice'")
                                           .arg(m_schema)),
            1);
    }

    // A guarded run's changes wait in a spool: a field left out comes back left out (update
    // mode and the CRMs write only what a record holds).
    void theSpoolKeepsWhatIsLeftOut()
    {
        QTemporaryDir dir;
        auto spool = ChangeSpool::create(dir.path());
        QVERIFY(spool.ok());
        auto fields = std::make_shared<const QStringList>(
            QStringList{QStringLiteral("id"), QStringLiteral("phone"), QStringLiteral("city")});
        Change change;
        change.record.payload = Payload(fields);
        change.record.payload.set(0, 7);
        change.record.payload.skip(1);
        QVERIFY((*spool)->append(change).ok());
        change.record.payload = Payload(fields);
        QVERIFY((*spool)->append(change).ok());
        QVERIFY((*spool)->rewind().ok());
        Change back;
        QVERIFY((*spool)->next(back));
        QVERIFY(back.record.payload.isSkipped(1));
        QVERIFY(!back.record.payload.isSkipped(0) && !back.record.payload.isSkipped(2));
        QCOMPARE(back.record.payload.toJson(), QByteArray(R"({"id":7,"city":null})"));
        QVERIFY((*spool)->next(back));
        QVERIFY(!back.record.payload.hasSkipped());
    }

    void postgresTable()
    {
        Fixture f(m_schema);
        auto wh = warehouse(f);
        QVERIFY(wh);
        QVERIFY(TestSupport::execPostgres(
            QStringLiteral("DROP SCHEMA IF EXISTS %1 CASCADE; CREATE SCHEMA %1;"
                           "CREATE TABLE %1.crm (id int PRIMARY KEY, email text, phone text, city text);")
                .arg(m_schema)));
        f.writeSync(QStringLiteral("p"),
            sync(QStringLiteral("pg"), m_schema + QStringLiteral(".crm"), QStringLiteral("skip"), QString()));
        QCOMPARE(f.run(QStringLiteral("p")).counts.sent, 2);
        QVERIFY(TestSupport::execPostgres(
            QStringLiteral("UPDATE %1.crm SET phone = '+33 typed' WHERE id = 1").arg(m_schema)));
        QVERIFY(wh->exec(QStringLiteral("UPDATE people SET phone = NULL, city = NULL WHERE id = 1")).ok());
        QCOMPARE(f.run(QStringLiteral("p")).counts.changed, 1);
        QCOMPARE(TestSupport::pgScalar(
                     QStringLiteral("SELECT count(*) FROM %1.crm WHERE id = 1 AND phone = '+33 typed' AND city IS NULL")
                         .arg(m_schema)),
            1);
        QCOMPARE(f.run(QStringLiteral("p")).counts.sent, 0);
        // A full run sends every record whole: the skipped NULL still keeps the row's value.
        QCOMPARE(f.run(QStringLiteral("p"), RunOptions{false, true, false, {}, true}).counts.sent, 2);
        QCOMPARE(TestSupport::pgScalar(
                     QStringLiteral("SELECT count(*) FROM %1.crm WHERE id = 1 AND phone = '+33 typed'").arg(m_schema)),
            1);
    }

    void aBadValueIsAClearError()
    {
        Fixture f(m_schema);
        f.writeSync(QStringLiteral("b"),
            sync(QStringLiteral("out"), QString(), QStringLiteral("maybe"), QStringLiteral("never")));
        // Each problem with its JSON path (a workspace whose every sync is broken does not
        // load: the loader says why).
        auto workspace = WorkspaceLoader::load(f.path());
        const QString problems = workspace
            ? workspace->brokenSync(QStringLiteral("b"))->problems.join(QLatin1Char('\n'))
            : workspace.error().toString();
        QVERIFY2(
            problems.contains(QStringLiteral("$.mappings[2].nulls: \"maybe\" is not \"send\"")), qPrintable(problems));
        QVERIFY2(
            problems.contains(QStringLiteral("$.destination.nulls: \"never\" is not \"send\"")), qPrintable(problems));
    }
};

QTEST_GUILESS_MAIN(TestNulls)
#include "tst_nulls.moc"
