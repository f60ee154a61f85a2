#include "app/engine/PreviewRunner.h"
#include "app/workspace/WorkspaceLoader.h"
#include "connectors/warehouse/sqlite/SqliteHandle.h"
#include "support/EngineFixture.h"
#include "support/TestSupport.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QMap>
#include <QTest>
#include <sqlite3.h>

using namespace Ebb;
using Fixture = Ebb::TestSupport::EngineFixture;

// Reject prediction is exact for table destinations: a dirty fixture (one row per kind of
// dirt, and each type's edges on both sides of the line) is sent once with validation off,
// and the records SQLite or PostgreSQL refuses are exactly the ones the Preview rejects, no
// more and no fewer; the rows it lets through land with their values.
class TestTablePrediction : public QObject
{
    Q_OBJECT

    QString m_schema = QStringLiteral("tablepred_%1").arg(QCoreApplication::applicationPid());

    // One warehouse row: the clean row (the columns' defaults) with one column set otherwise.
    struct Row
    {
        int id;
        QString column; // "" for the clean row itself
        QString value; // the column's value, as an SQL literal
        bool refused; // the destination refuses it, so the Preview must reject it
        QString landed; // the column's text in the destination afterwards; "" when not checked
        QString dirt; // for a person reading a failure
    };

    static QString code(int id) { return QStringLiteral("R%1").arg(id); }

    // The warehouse table `table` (created with `createSql`, its defaults the clean row), with `rows`.
    static bool fillWarehouse(Fixture& f, const QString& createSql, const QString& table, const QList<Row>& rows)
    {
        auto db = SqliteHandle::open(f.path(QStringLiteral("warehouse.sqlite")), SqliteHandle::Mode::ReadWriteCreate);
        if (!db || !db->exec(createSql))
            return false;
        for (const Row& row : rows) {
            const QString sql = row.column.isEmpty()
                ? QStringLiteral("INSERT INTO %1 (id, code) VALUES (%2, '%3')").arg(table).arg(row.id).arg(code(row.id))
                : QStringLiteral("INSERT INTO %1 (id, code, %2) VALUES (%3, '%4', %5)")
                      .arg(table, row.column)
                      .arg(row.id)
                      .arg(code(row.id), row.value);
            if (!db->exec(sql)) {
                qWarning("%s", qPrintable(sql));
                return false;
            }
        }
        return true;
    }

    // Every column but the key, mapped to the destination's column of the same name; upserts
    // matched on the destination's UNIQUE `code`.
    static QJsonObject sync(
        const QString& destination, const QString& object, const QString& table, const QStringList& columns)
    {
        QJsonArray mappings;
        for (const QString& column : columns)
            mappings.append(QJsonObject{{QStringLiteral("source"), column}, {QStringLiteral("target"), column}});
        return QJsonObject{{QStringLiteral("source"),
                               QJsonObject{{QStringLiteral("connection"), QStringLiteral("lite")},
                                   {QStringLiteral("query"), QStringLiteral("SELECT * FROM %1").arg(table)},
                                   {QStringLiteral("primaryKey"), QStringLiteral("id")}}},
            {QStringLiteral("destination"),
                QJsonObject{{QStringLiteral("connection"), destination}, {QStringLiteral("object"), object},
                    {QStringLiteral("matchField"), QStringLiteral("code")},
                    {QStringLiteral("mode"), QStringLiteral("upsert")}}},
            {QStringLiteral("mappings"), mappings}};
    }

    static QSet<QString> refusedKeys(const QList<Row>& rows)
    {
        QSet<QString> keys;
        for (const Row& row : rows) {
            if (row.refused)
                keys.insert(QString::number(row.id));
        }
        return keys;
    }

    // The Preview's reasons per key, before anything is sent.
    static QMap<QString, QString> previewReasons(Fixture& f, const QString& syncId)
    {
        QMap<QString, QString> reasons;
        auto workspace = WorkspaceLoader::load(f.path());
        if (!workspace)
            return reasons;
        auto preview = PreviewRunner::run(*workspace, *workspace->sync(syncId), 100000);
        if (!preview)
            return reasons;
        for (const PreviewRunner::Item& item : preview->items) {
            QStringList messages;
            for (const Reject& problem : item.problems)
                messages << problem.message;
            if (item.change == QLatin1String("rejected"))
                reasons.insert(item.key, messages.join(QStringLiteral("; ")));
        }
        return reasons;
    }

    // Each record the Preview and the destination disagree on: its dirt, and what each side said.
    static QString disagreements(Fixture& f, const QString& syncId, const Fixture::Prediction& check,
        const QMap<QString, QString>& predictedWhy, const QList<Row>& rows)
    {
        QMap<QString, QString> refusedWhy;
        if (auto failures = f.journal()->failures(syncId, 0)) {
            for (const Reject& failure : *failures)
                refusedWhy.insert(failure.key, failure.message);
        }
        QStringList lines;
        for (const Row& row : rows) {
            const QString key = QString::number(row.id);
            const QString what = row.column.isEmpty()
                ? QStringLiteral("the clean row")
                : QStringLiteral("%1 = %2 (%3)").arg(row.column, row.value, row.dirt);
            if (check.refused.contains(key) && !check.predicted.contains(key))
                lines << QStringLiteral("  key %1, %2: the Preview passes it; the destination refuses it: %3")
                             .arg(key, what, refusedWhy.value(key));
            else if (check.predicted.contains(key) && !check.refused.contains(key))
                lines << QStringLiteral("  key %1, %2: the Preview rejects it (%3); the destination takes it")
                             .arg(key, what, predictedWhy.value(key));
        }
        return QStringLiteral("the Preview and the destination disagree on %1 record(s):\n%2")
            .arg(lines.size())
            .arg(lines.join(QLatin1Char('\n')));
    }

    // The first column of the first row of `sql` on the SQLite database `db`, as text.
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

    // A SQLite table declares its rules (VARCHAR(n), EMAIL, INTEGER, REAL, NUMERIC, DATE,
    // BOOLEAN, CHECK … IN, CHECK … BETWEEN, NOT NULL); the destination holds a record to them.
    void sqliteTable()
    {
        Fixture f(m_schema);
        // The clean row is the defaults; seats, price, amount and score have no type, so a
        // row may hold a number or a text there, as a loosely typed warehouse does.
        const QString warehouse = QStringLiteral(
            "CREATE TABLE accounts (id INTEGER PRIMARY KEY, code TEXT, name TEXT DEFAULT 'Ann',"
            " email TEXT DEFAULT 'ann@x.io', seats DEFAULT 3, price DEFAULT 9.5, amount DEFAULT '12.50',"
            " signup DATE DEFAULT '2024-01-02', active BOOLEAN DEFAULT 1, plan TEXT DEFAULT 'pro',"
            " score DEFAULT 41, owner TEXT DEFAULT 'ops')");
        const QList<Row> rows{
            {1, {}, {}, false, {}, QStringLiteral("clean")},
            {2, QStringLiteral("name"), QStringLiteral("'Annabelle-X'"), true, {},
                QStringLiteral("11 characters in VARCHAR(10)")},
            {3, QStringLiteral("name"), QStringLiteral("'Annabelle!'"), false, QStringLiteral("Annabelle!"),
                QStringLiteral("exactly 10 characters")},
            {4, QStringLiteral("name"), QStringLiteral("'Zoë Åström'"), false, QStringLiteral("Zoë Åström"),
                QStringLiteral("10 characters, 13 bytes")},
            {5, QStringLiteral("name"), QStringLiteral("'😀😀😀😀😀😀😀😀😀😀'"), false, QStringLiteral("😀😀😀😀😀😀😀😀😀😀"),
                QStringLiteral("10 characters, 20 UTF-16 units")},
            {6, QStringLiteral("email"), QStringLiteral("'a@b'"), true, {}, QStringLiteral("no domain")},
            {7, QStringLiteral("email"), QStringLiteral("'a b@x.io'"), true, {}, QStringLiteral("a space")},
            {8, QStringLiteral("email"), QStringLiteral("'UPPER@X.IO'"), false, QStringLiteral("UPPER@X.IO"),
                QStringLiteral("capitals are an email too")},
            {9, QStringLiteral("seats"), QStringLiteral("'abc'"), true, {}, QStringLiteral("text in INTEGER")},
            {10, QStringLiteral("seats"), QStringLiteral("2.5"), true, {}, QStringLiteral("a fraction in INTEGER")},
            {11, QStringLiteral("seats"), QStringLiteral("'7'"), false, QStringLiteral("7"),
                QStringLiteral("a whole number as text")},
            {12, QStringLiteral("price"), QStringLiteral("'n/a'"), true, {}, QStringLiteral("text in REAL")},
            {13, QStringLiteral("amount"), QStringLiteral("'twelve'"), true, {}, QStringLiteral("text in NUMERIC")},
            {14, QStringLiteral("amount"), QStringLiteral("'12.345'"), false, QStringLiteral("12.345"),
                QStringLiteral("NUMERIC has no scale")},
            {15, QStringLiteral("signup"), QStringLiteral("'2021-10-18T15:33:00Z'"), true, {},
                QStringLiteral("a time of day in DATE, no transform")},
            {16, QStringLiteral("signup"), QStringLiteral("'soon'"), true, {}, QStringLiteral("not a date")},
            {17, QStringLiteral("signup"), QStringLiteral("'2024-02-30'"), true, {}, QStringLiteral("no such day")},
            {18, QStringLiteral("active"), QStringLiteral("'maybe'"), true, {}, QStringLiteral("not a boolean")},
            {19, QStringLiteral("plan"), QStringLiteral("'enterprise'"), true, {}, QStringLiteral("not listed")},
            {20, QStringLiteral("plan"), QStringLiteral("'Pro'"), true, {}, QStringLiteral("options are exact")},
            {21, QStringLiteral("plan"), QStringLiteral("NULL"), false, QStringLiteral("(null)"),
                QStringLiteral("a CHECK passes NULL")},
            {22, QStringLiteral("score"), QStringLiteral("101"), true, {}, QStringLiteral("past BETWEEN 0 AND 100")},
            {23, QStringLiteral("score"), QStringLiteral("100"), false, QStringLiteral("100"),
                QStringLiteral("the top of the range")},
            {24, QStringLiteral("score"), QStringLiteral("-1"), true, {}, QStringLiteral("below the range")},
            {25, QStringLiteral("score"), QStringLiteral("0"), false, QStringLiteral("0"),
                QStringLiteral("the bottom of the range")},
            {26, QStringLiteral("owner"), QStringLiteral("NULL"), true, {}, QStringLiteral("NULL in NOT NULL")},
            {27, QStringLiteral("owner"), QStringLiteral("''"), true, {},
                QStringLiteral("empty text in NOT NULL: required")},
        };
        QVERIFY(fillWarehouse(f, warehouse, QStringLiteral("accounts"), rows));
        auto dest = SqliteHandle::open(f.path(QStringLiteral("dest.sqlite")), SqliteHandle::Mode::ReadWriteCreate);
        QVERIFY(dest);
        QVERIFY(dest->exec(QStringLiteral("CREATE TABLE accounts (code TEXT NOT NULL UNIQUE, name VARCHAR(10),"
                                          " email EMAIL, seats INTEGER, price REAL, amount NUMERIC, signup DATE,"
                                          " active BOOLEAN, plan TEXT CHECK (plan IN ('free', 'pro')),"
                                          " score INTEGER CHECK (score BETWEEN 0 AND 100), owner TEXT NOT NULL)"))
                    .ok());
        TestSupport::writeFile(
            f.path(), QStringLiteral("connections/dest.json"), R"({"kind": "sqlite", "path": "dest.sqlite"})");
        const QStringList columns{QStringLiteral("code"), QStringLiteral("name"), QStringLiteral("email"),
            QStringLiteral("seats"), QStringLiteral("price"), QStringLiteral("amount"), QStringLiteral("signup"),
            QStringLiteral("active"), QStringLiteral("plan"), QStringLiteral("score"), QStringLiteral("owner")};
        f.writeSync(QStringLiteral("s"),
            sync(QStringLiteral("dest"), QStringLiteral("accounts"), QStringLiteral("accounts"), columns));

        const QMap<QString, QString> predictedWhy = previewReasons(f, QStringLiteral("s"));
        const auto check = f.checkPrediction(QStringLiteral("s"));
        QVERIFY2(check.error.isEmpty(), qPrintable(check.error));
        if (check.refused != check.predicted)
            qWarning("%s", qPrintable(disagreements(f, QStringLiteral("s"), check, predictedWhy, rows)));
        QCOMPARE(check.refused, check.predicted);
        QCOMPARE(check.predicted, refusedKeys(rows));

        // What passed landed, with its values; nothing of what was refused did.
        QCOMPARE(sqliteText(*dest,
                     QStringLiteral("SELECT name || '|' || email || '|' || seats || '|' || price || '|' || amount"
                                    " || '|' || signup || '|' || active || '|' || plan || '|' || score || '|' || owner"
                                    " FROM accounts WHERE code = 'R1'")),
            QStringLiteral("Ann|ann@x.io|3|9.5|12.5|2024-01-02|1|pro|41|ops"));
        for (const Row& row : rows) {
            if (row.column.isEmpty())
                continue;
            const QString landed = sqliteText(
                *dest, QStringLiteral("SELECT %1 FROM accounts WHERE code = '%2'").arg(row.column, code(row.id)));
            if (row.refused)
                QCOMPARE(landed, QStringLiteral("(no row)"));
            else if (!row.landed.isEmpty())
                QCOMPARE(landed, row.landed);
        }
        QCOMPARE(sqliteText(*dest, QStringLiteral("SELECT count(*) FROM accounts")),
            QString::number(rows.size() - refusedKeys(rows).size()));
    }

    // A PostgreSQL table: what the server itself refuses (varchar(n), numeric(p, s), integer
    // and smallint ranges, boolean, date and timestamptz input, CHECK … IN, CHECK … BETWEEN,
    // NOT NULL) is what the Preview rejects. `refused` below is what PostgreSQL 15 does with
    // each value, found by trying it (row 32: with the value sent as the number it is).
    void postgresTable()
    {
        EBB_REQUIRE_POSTGRES();
        Fixture f(m_schema);
        const QString warehouse = QStringLiteral(
            "CREATE TABLE deals (id INTEGER PRIMARY KEY, code TEXT, name TEXT DEFAULT 'Ann', amount DEFAULT '12.50',"
            " seats DEFAULT 3, small DEFAULT 7, big DEFAULT 5, active TEXT DEFAULT 'true', signup TEXT DEFAULT "
            "'2024-01-02',"
            " seen TEXT DEFAULT '2024-03-05T10:00:00Z', plan TEXT DEFAULT 'pro', score DEFAULT 41,"
            " owner TEXT DEFAULT 'ops')");
        const QList<Row> rows{
            {1, {}, {}, false, {}, QStringLiteral("clean")},
            {2, QStringLiteral("name"), QStringLiteral("'Annabelle-X'"), true, {},
                QStringLiteral("11 characters in varchar(10)")},
            {3, QStringLiteral("name"), QStringLiteral("'Annabelle!'"), false, QStringLiteral("Annabelle!"),
                QStringLiteral("exactly 10 characters")},
            {4, QStringLiteral("name"), QStringLiteral("'Zoë Åström'"), false, QStringLiteral("Zoë Åström"),
                QStringLiteral("10 characters, 13 bytes")},
            {5, QStringLiteral("name"), QStringLiteral("'😀😀😀😀😀😀😀😀😀😀'"), false, QStringLiteral("😀😀😀😀😀😀😀😀😀😀"),
                QStringLiteral("10 characters, 20 UTF-16 units")},
            // PostgreSQL would cut spaces past the length; the table declares 10 and refuses 13.
            {6, QStringLiteral("name"), QStringLiteral("'Annabelle!   '"), true, {},
                QStringLiteral("10 characters and 3 trailing spaces in varchar(10)")},
            {7, QStringLiteral("amount"), QStringLiteral("'12345678901.5'"), true, {},
                QStringLiteral("11 digits before the point in numeric(12,2)")},
            {8, QStringLiteral("amount"), QStringLiteral("'9999999999.99'"), false, QStringLiteral("9999999999.99"),
                QStringLiteral("the largest numeric(12,2)")},
            // Extra scale is rounded, not refused.
            {9, QStringLiteral("amount"), QStringLiteral("'1.005'"), false, QStringLiteral("1.01"),
                QStringLiteral("three decimals in numeric(12,2)")},
            {10, QStringLiteral("amount"), QStringLiteral("'9999999999.995'"), true, {},
                QStringLiteral("rounds up to 11 digits")},
            {11, QStringLiteral("amount"), QStringLiteral("'-9999999999.994'"), false, QStringLiteral("-9999999999.99"),
                QStringLiteral("rounds down, fits")},
            {12, QStringLiteral("amount"), QStringLiteral("1e20"), true, {},
                QStringLiteral("a REAL too large for numeric(12,2)")},
            {13, QStringLiteral("seats"), QStringLiteral("'2147483648'"), true, {},
                QStringLiteral("one past integer's range")},
            {14, QStringLiteral("seats"), QStringLiteral("'2147483647'"), false, QStringLiteral("2147483647"),
                QStringLiteral("the largest integer")},
            {15, QStringLiteral("seats"), QStringLiteral("'2.5'"), true, {}, QStringLiteral("a fraction in integer")},
            // An empty text is no value outside text columns: it goes as NULL.
            {16, QStringLiteral("seats"), QStringLiteral("''"), false, QStringLiteral("(null)"),
                QStringLiteral("empty text in integer")},
            {17, QStringLiteral("small"), QStringLiteral("'32768'"), true, {},
                QStringLiteral("one past smallint's range")},
            {18, QStringLiteral("small"), QStringLiteral("'-32768'"), false, QStringLiteral("-32768"),
                QStringLiteral("the smallest smallint")},
            {19, QStringLiteral("active"), QStringLiteral("'maybe'"), true, {}, QStringLiteral("not a boolean")},
            // PostgreSQL would read 'yes' as true; a boolean field takes true or false.
            {20, QStringLiteral("active"), QStringLiteral("'yes'"), true, {},
                QStringLiteral("a boolean PostgreSQL reads")},
            {21, QStringLiteral("signup"), QStringLiteral("'2024-02-30'"), true, {}, QStringLiteral("no such day")},
            // PostgreSQL's date input would drop the time of day; without a `date` transform a
            // date field refuses a datetime.
            {22, QStringLiteral("signup"), QStringLiteral("'2021-10-18T15:33:00Z'"), true, {},
                QStringLiteral("a time of day in date")},
            {23, QStringLiteral("seen"), QStringLiteral("'not a time'"), true, {}, QStringLiteral("not a timestamp")},
            {24, QStringLiteral("seen"), QStringLiteral("'2024-03-05'"), false, QStringLiteral("2024-03-05 00:00:00"),
                QStringLiteral("a date in timestamptz")},
            {25, QStringLiteral("seen"), QStringLiteral("'2024-03-05 10:00:00'"), false,
                QStringLiteral("2024-03-05 10:00:00"), QStringLiteral("a space for the T")},
            {26, QStringLiteral("plan"), QStringLiteral("'enterprise'"), true, {}, QStringLiteral("not listed")},
            {27, QStringLiteral("plan"), QStringLiteral("NULL"), false, QStringLiteral("(null)"),
                QStringLiteral("a CHECK passes NULL")},
            {28, QStringLiteral("score"), QStringLiteral("101"), true, {}, QStringLiteral("past BETWEEN 0 AND 100")},
            {29, QStringLiteral("score"), QStringLiteral("100"), false, QStringLiteral("100"),
                QStringLiteral("the top of the range")},
            {30, QStringLiteral("owner"), QStringLiteral("NULL"), true, {}, QStringLiteral("NULL in NOT NULL")},
            {31, QStringLiteral("owner"), QStringLiteral("''"), true, {},
                QStringLiteral("empty text in NOT NULL text")},
            // A whole number a REAL column holds is a whole number: bigint takes 3000000000.
            {32, QStringLiteral("big"), QStringLiteral("3000000000.0"), false, QStringLiteral("3000000000"),
                QStringLiteral("a whole REAL in bigint")},
        };
        QVERIFY(fillWarehouse(f, warehouse, QStringLiteral("deals"), rows));
        QVERIFY(TestSupport::execPostgres(
            QStringLiteral("DROP SCHEMA IF EXISTS %1 CASCADE; CREATE SCHEMA %1;"
                           "CREATE TABLE %1.deals (code text NOT NULL UNIQUE, name varchar(10), amount numeric(12,2),"
                           " seats integer, small smallint, big bigint, active boolean, signup date, seen timestamptz,"
                           " plan text CHECK (plan IN ('free', 'pro')), score integer CHECK (score BETWEEN 0 AND 100),"
                           " owner text NOT NULL);")
                .arg(m_schema)));
        const QStringList columns{QStringLiteral("code"), QStringLiteral("name"), QStringLiteral("amount"),
            QStringLiteral("seats"), QStringLiteral("small"), QStringLiteral("big"), QStringLiteral("active"),
            QStringLiteral("signup"), QStringLiteral("seen"), QStringLiteral("plan"), QStringLiteral("score"),
            QStringLiteral("owner")};
        f.writeSync(QStringLiteral("p"),
            sync(QStringLiteral("pg"), m_schema + QStringLiteral(".deals"), QStringLiteral("deals"), columns));

        const QMap<QString, QString> predictedWhy = previewReasons(f, QStringLiteral("p"));
        const auto check = f.checkPrediction(QStringLiteral("p"));
        QVERIFY2(check.error.isEmpty(), qPrintable(check.error));
        if (check.refused != check.predicted)
            qWarning("%s", qPrintable(disagreements(f, QStringLiteral("p"), check, predictedWhy, rows)));
        QCOMPARE(check.refused, check.predicted);
        QCOMPARE(check.predicted, refusedKeys(rows));

        // What passed landed, with its values (times in UTC); nothing of what was refused did.
        const auto text = [&](const QString& column, int id) {
            const QString value = column == QLatin1String("seen")
                ? QStringLiteral("to_char(seen AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')")
                : column + QStringLiteral("::text");
            return TestSupport::postgresText(
                QStringLiteral("SELECT CASE WHEN count(*) = 0 THEN '(no row)' ELSE coalesce(max(%1), '(null)') END"
                               " FROM %2.deals WHERE code = '%3'")
                    .arg(value, m_schema, code(id)));
        };
        QStringList clean;
        for (const QString& column : columns.mid(1))
            clean << text(column, 1);
        QCOMPARE(clean.join(QLatin1Char('|')),
            QStringLiteral("Ann|12.50|3|7|5|true|2024-01-02|2024-03-05 10:00:00|pro|41|ops"));
        for (const Row& row : rows) {
            if (row.column.isEmpty())
                continue;
            const QString landed = text(row.column, row.id);
            if (row.refused)
                QCOMPARE(landed, QStringLiteral("(no row)"));
            else if (!row.landed.isEmpty())
                QCOMPARE(landed, row.landed);
        }
        QCOMPARE(TestSupport::pgScalar(QStringLiteral("SELECT count(*) FROM %1.deals").arg(m_schema)),
            qint64(rows.size() - refusedKeys(rows).size()));
    }
};

QTEST_GUILESS_MAIN(TestTablePrediction)
#include "tst_tableprediction.moc"
