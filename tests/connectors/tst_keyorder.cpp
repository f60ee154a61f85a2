#include "connectors/warehouse/postgres/PostgresWarehouse.h"
#include "connectors/warehouse/sqlite/SqliteHandle.h"
#include "connectors/warehouse/sqlite/SqliteWarehouse.h"
#include "models/mapping/KeyCodec.h"
#include "support/TestSupport.h"

#include <QCoreApplication>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>

using namespace Ebb;

// The diff merges the warehouse's rows with the journal's records in one pass, so a key's
// journal bytes (KeyCodec) must never go down in the order the warehouse delivers the rows:
// integer keys as numbers, other keys by their text's bytes, on both warehouses.
class TestKeyOrder : public QObject
{
    Q_OBJECT

    QString m_schema = QStringLiteral("keyorder_%1").arg(QCoreApplication::applicationPid());

    // The non-NULL keys of `sql` (key column "k") in the order the warehouse sent them, as
    // shown to users; fails the test when their journal bytes go down anywhere.
    QStringList orderedKeys(
        WarehouseConnector& warehouse, const QString& sql, const QVariant& since = {}, bool keyIsUnique = false)
    {
        QStringList shown;
        auto columns = warehouse.describe(sql);
        if (!columns) {
            qWarning("%s", qPrintable(columns.error().message));
            return {QStringLiteral("<describe failed>")};
        }
        const KeyCodec::Order order = KeyCodec::orderFor(columns->first().type);
        auto cursor = since.isValid()
            ? warehouse.openChangedSince(sql, *columns, QStringLiteral("k"), QStringLiteral("v"), since, keyIsUnique)
            : warehouse.openOrderedByKey(sql, *columns, QStringLiteral("k"));
        if (!cursor) {
            qWarning("%s", qPrintable(cursor.error().message));
            return {QStringLiteral("<open failed>")};
        }
        QByteArray previous;
        for (;;) {
            auto batch = (*cursor)->next(7); // small batches: the order holds across them
            if (!batch || batch->rowCount() == 0)
                break;
            for (int r = 0; r < batch->rowCount(); ++r) {
                const auto key = KeyCodec::encode(order, batch->at(r, 0));
                if (!key)
                    continue; // NULL keys may come first or last; the diff rejects them either way
                if (*key < previous)
                    return {QStringLiteral("<out of order: %1 after %2>")
                                .arg(KeyCodec::text(*key), KeyCodec::text(previous))};
                previous = *key;
                shown << KeyCodec::text(*key);
            }
        }
        return shown;
    }

private Q_SLOTS:
    void sqliteIntegerKeysSortAsNumbers()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("w.sqlite"));
        {
            auto db = SqliteHandle::open(path, SqliteHandle::Mode::ReadWriteCreate);
            // SQLite types cells, not columns: reals sort among the integers, text and blobs after them.
            QVERIFY(
                db
                    ->exec(QStringLiteral(
                        "CREATE TABLE t (k INTEGER, v INTEGER);"
                        "INSERT INTO t VALUES (10, 1), (9, 1), (NULL, 1), (-5, 1), (100, 1), ('abc', 1), "
                        "(-9223372036854775808, 1),"
                        " (9223372036854775807, 1), (0, 1), (-40, 1), (9.5, 1), (-0.5, 1), (x'6869', 1), ('10x', 1);"))
                    .ok());
        }
        SqliteWarehouse warehouse(QStringLiteral("w"), path);
        QCOMPARE(orderedKeys(warehouse, QStringLiteral("SELECT k, v FROM t")),
            (QStringList{"-9223372036854775808", "-40", "-5", "-0.5", "0", "9", "9.5", "10", "100",
                "9223372036854775807", "10x", "abc", "\\x6869"})); // a blob, shown as bytea text
    }

    void sqliteTextKeysSortByBytes()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("w.sqlite"));
        {
            auto db = SqliteHandle::open(path, SqliteHandle::Mode::ReadWriteCreate);
            QVERIFY(
                db
                    ->exec(QStringLiteral(
                        "CREATE TABLE t (k TEXT, v INTEGER);"
                        "INSERT INTO t VALUES ('b', 1), ('10', 1), ('é', 1), ('Z', 1), ('9', 1), (NULL, 1), ('a', 1);"))
                    .ok());
        }
        SqliteWarehouse warehouse(QStringLiteral("w"), path);
        QCOMPARE(
            orderedKeys(warehouse, QStringLiteral("SELECT k, v FROM t")), (QStringList{"10", "9", "Z", "a", "b", "é"}));
    }

    void postgresIntegerKeysSortAsNumbers()
    {
        EBB_REQUIRE_POSTGRES();
        QVERIFY(TestSupport::execPostgres(
            QStringLiteral("DROP SCHEMA IF EXISTS %1 CASCADE; CREATE SCHEMA %1;"
                           "CREATE TABLE %1.t (k bigint, v int);"
                           "INSERT INTO %1.t SELECT g * 7 % 1000 - 500, g FROM generate_series(1, 300) g;"
                           "INSERT INTO %1.t VALUES (NULL, 5), (-9223372036854775808, 5), (9223372036854775807, 5);"
                           "CREATE INDEX ON %1.t (k);")
                .arg(m_schema)));
        PostgresWarehouse warehouse(QStringLiteral("pg"), TestSupport::postgresSettings());
        const QStringList keys = orderedKeys(warehouse, QStringLiteral("SELECT k, v FROM %1.t").arg(m_schema));
        QCOMPARE(keys.size(), 302);
        QCOMPARE(keys.first(), QStringLiteral("-9223372036854775808"));
        QCOMPARE(keys.last(), QStringLiteral("9223372036854775807"));
        QVERIFY(keys.contains(QStringLiteral("-3")) && keys.contains(QStringLiteral("4")));

        // An incremental read sorts the same way.
        const QStringList changed
            = orderedKeys(warehouse, QStringLiteral("SELECT k, v FROM %1.t").arg(m_schema), QVariant(qint64(290)));
        QCOMPARE(changed.size(), 11); // v 290 to 300
        QVERIFY(!changed.first().startsWith(QLatin1Char('<')));
        // So does the read of a key known to be unique (these keys are), which skips the
        // lookup of other rows per key.
        QCOMPARE(
            orderedKeys(warehouse, QStringLiteral("SELECT k, v FROM %1.t").arg(m_schema), QVariant(qint64(290)), true),
            changed);
    }

    void postgresTextKeysSortByBytes()
    {
        EBB_REQUIRE_POSTGRES();
        QVERIFY(TestSupport::execPostgres(QStringLiteral(
            "DROP SCHEMA IF EXISTS %1 CASCADE; CREATE SCHEMA %1;"
            "CREATE TABLE %1.t (k text, v int);"
            "INSERT INTO %1.t VALUES ('b', 1), ('10', 1), ('é', 1), ('Z', 1), ('9', 1), (NULL, 1), ('a', 1);")
                                              .arg(m_schema)));
        PostgresWarehouse warehouse(QStringLiteral("pg"), TestSupport::postgresSettings());
        QCOMPARE(orderedKeys(warehouse, QStringLiteral("SELECT k, v FROM %1.t").arg(m_schema)),
            (QStringList{"10", "9", "Z", "a", "b", "é"}));
    }

    void cleanupTestCase()
    {
        if (TestSupport::hasPostgres())
            TestSupport::execPostgres(
                QStringLiteral("SET client_min_messages = warning; DROP SCHEMA IF EXISTS %1 CASCADE").arg(m_schema));
    }
};

QTEST_GUILESS_MAIN(TestKeyOrder)
#include "tst_keyorder.moc"
