#include "connectors/warehouse/postgres/PostgresWarehouse.h"
#include "support/TestSupport.h"

#include <QCoreApplication>
#include <QTest>

using Ebb::PostgresWarehouse;

// When PostgreSQL can prove a query's key unique (PostgresWarehouse::uniqueKeyIndex), an
// incremental read skips looking up the other rows of each changed key. The proof must hold
// for every query it accepts: a false "unique" would let a duplicated key through unseen.
class TestPgUniqueKey : public QObject
{
    Q_OBJECT

    QString m_schema = QStringLiteral("ebb_unique_%1").arg(QCoreApplication::applicationPid());

private Q_SLOTS:
    void initTestCase()
    {
        EBB_REQUIRE_POSTGRES();
        QVERIFY(Ebb::TestSupport::execPostgres(QStringLiteral(
            "DROP SCHEMA IF EXISTS %1 CASCADE; CREATE SCHEMA %1;"
            "CREATE TABLE %1.t (id bigint PRIMARY KEY, email text UNIQUE, code int, grp int, v int, updated_at "
            "timestamptz,"
            "  ref int CONSTRAINT t_ref UNIQUE DEFERRABLE);"
            "CREATE UNIQUE INDEX t_code_positive ON %1.t (code) WHERE code > 0;"
            "CREATE UNIQUE INDEX t_grp_v ON %1.t (grp, v);"
            "CREATE UNIQUE INDEX t_lower_email ON %1.t (lower(email));"
            "CREATE INDEX ON %1.t (v);"
            "CREATE TABLE %1.u (id bigint PRIMARY KEY, t_id bigint);"
            "CREATE TABLE %1.plain (id bigint, v int);"
            "CREATE TABLE %1.p (id bigint PRIMARY KEY, v int) PARTITION BY RANGE (id);"
            "CREATE TABLE %1.p1 PARTITION OF %1.p FOR VALUES FROM (0) TO (100);"
            "CREATE TABLE %1.p2 PARTITION OF %1.p FOR VALUES FROM (100) TO (200);"
            "INSERT INTO %1.t SELECT g, 'u' || g || '@example.com', g, g % 3, g, now() FROM generate_series(1, 50) g;"
            "INSERT INTO %1.u SELECT g, g % 10 FROM generate_series(1, 30) g;"
            "ANALYZE %1.t; ANALYZE %1.u")
                                                   .arg(m_schema)));
    }

    void cleanupTestCase()
    {
        if (Ebb::TestSupport::hasPostgres())
            Ebb::TestSupport::execPostgres(
                QStringLiteral("SET client_min_messages = warning; DROP SCHEMA IF EXISTS %1 CASCADE").arg(m_schema));
    }

    void proof_data()
    {
        QTest::addColumn<QString>("query"); // %1 is the schema
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("index"); // empty: not proved

        // Proved: the key is a uniquely indexed column, and the table is read once, alone.
        QTest::newRow("primary key") << "SELECT id, v FROM %1.t"
                                     << "id"
                                     << "%1.t_pkey";
        QTest::newRow("key named in another case") << "SELECT id AS Key, v FROM %1.t"
                                                   << "KEY"
                                                   << "%1.t_pkey";
        QTest::newRow("filtered and sorted") << "SELECT * FROM %1.t WHERE v > 3 ORDER BY v DESC"
                                             << "id"
                                             << "%1.t_pkey";
        QTest::newRow("through a subquery") << "SELECT x.id FROM (SELECT id, v FROM %1.t WHERE v < 40) AS x"
                                            << "id"
                                            << "%1.t_pkey";
        QTest::newRow("unique constraint") << "SELECT email, v FROM %1.t"
                                           << "email"
                                           << "%1.t_email_key";
        QTest::newRow("limit") << "SELECT id FROM %1.t ORDER BY v LIMIT 5"
                               << "id"
                               << "%1.t_pkey";
        QTest::newRow("window function") << "SELECT id, row_number() OVER (ORDER BY v) FROM %1.t"
                                         << "id"
                                         << "%1.t_pkey";
        QTest::newRow("scalar subquery") << "SELECT id, (SELECT count(*) FROM %1.u WHERE u.t_id = t.id) AS n FROM %1.t"
                                         << "id"
                                         << "%1.t_pkey";
        // The planner drops a left join that cannot repeat a row and whose columns go unused.
        QTest::newRow("left join it removes") << "SELECT t.id FROM %1.t LEFT JOIN %1.u ON u.id = t.v"
                                              << "id"
                                              << "%1.t_pkey";
        QTest::newRow("trailing semicolon") << "SELECT id FROM %1.t;\n-- done"
                                            << "id"
                                            << "%1.t_pkey";

        // Not proved: no fitting index.
        QTest::newRow("no index") << "SELECT id, v FROM %1.plain"
                                  << "id"
                                  << "";
        QTest::newRow("plain index") << "SELECT v FROM %1.t"
                                     << "v"
                                     << "";
        QTest::newRow("partial unique index") << "SELECT code FROM %1.t"
                                              << "code"
                                              << "";
        QTest::newRow("unique over two columns") << "SELECT grp, v FROM %1.t"
                                                 << "grp"
                                                 << "";
        QTest::newRow("expression index") << "SELECT lower(email) AS email FROM %1.t"
                                          << "email"
                                          << "";
        QTest::newRow("deferrable unique constraint") << "SELECT ref FROM %1.t"
                                                      << "ref"
                                                      << "";
        QTest::newRow("key in another case, exact name wins") << "SELECT id / 10 AS \"ID\", id FROM %1.t"
                                                              << "ID"
                                                              << "";
        QTest::newRow("key in another case, exact name") << "SELECT id / 10 AS \"ID\", id FROM %1.t"
                                                         << "id"
                                                         << "%1.t_pkey";
        QTest::newRow("expression key") << "SELECT id + 0 AS id FROM %1.t"
                                        << "id"
                                        << "";
        QTest::newRow("constant key") << "SELECT 1 AS id FROM %1.t"
                                      << "id"
                                      << "";
        // Not proved: the plan can repeat a row of the table.
        QTest::newRow("join") << "SELECT t.id, u.id AS uid FROM %1.t JOIN %1.u ON u.t_id = t.id"
                              << "id"
                              << "";
        QTest::newRow("cross join") << "SELECT t.id FROM %1.t, generate_series(1, 2)"
                                    << "id"
                                    << "";
        QTest::newRow("union all") << "SELECT id FROM %1.t UNION ALL SELECT id FROM %1.t"
                                   << "id"
                                   << "";
        QTest::newRow("union all in a subquery")
            << "SELECT * FROM (SELECT id FROM %1.t UNION ALL SELECT id FROM %1.u) x"
            << "id"
            << "";
        QTest::newRow("set-returning function") << "SELECT id, generate_series(1, 2) AS n FROM %1.t"
                                                << "id"
                                                << "";
        QTest::newRow("grouping sets") << "SELECT id, count(*) FROM %1.t GROUP BY GROUPING SETS ((id), (id, v))"
                                       << "id"
                                       << "";
        QTest::newRow("partitioned table") << "SELECT id, v FROM %1.p"
                                           << "id"
                                           << "";
        QTest::newRow("left join that repeats rows")
            << "SELECT t.id, u.id AS uid FROM %1.t LEFT JOIN %1.u ON u.t_id = t.id"
            << "id"
            << "";
        QTest::newRow("semi join") << "SELECT id FROM %1.t WHERE id IN (SELECT t_id FROM %1.u)"
                                   << "id"
                                   << "";
        QTest::newRow("no such column") << "SELECT id FROM %1.t"
                                        << "nope"
                                        << "";
    }

    void proof()
    {
        QFETCH(QString, query);
        QFETCH(QString, key);
        QFETCH(QString, index);
        PostgresWarehouse warehouse(QStringLiteral("pg"), Ebb::TestSupport::postgresSettings());
        QCOMPARE(warehouse.uniqueKeyIndex(query.arg(m_schema), key), index.isEmpty() ? QString() : index.arg(m_schema));
    }

    void aProofHoldsUntilTheReadEnds()
    {
        QVERIFY(Ebb::TestSupport::execPostgres(
            QStringLiteral("CREATE TABLE %1.locked (id bigint PRIMARY KEY, v int); INSERT INTO %1.locked SELECT g, g "
                           "FROM generate_series(1, 10) g")
                .arg(m_schema)));
        const QString sql = QStringLiteral("SELECT id, v FROM %1.locked").arg(m_schema);
        const QString dropKey
            = QStringLiteral("SET lock_timeout = '100ms'; ALTER TABLE %1.locked DROP CONSTRAINT locked_pkey")
                  .arg(m_schema);
        PostgresWarehouse warehouse(QStringLiteral("pg"), Ebb::TestSupport::postgresSettings());

        // Proved, then another question on the same connection: the proof's transaction ends.
        QCOMPARE(warehouse.uniqueKeyIndex(sql, QStringLiteral("id")), QStringLiteral("%1.locked_pkey").arg(m_schema));
        QVERIFY(warehouse.describe(sql));
        QVERIFY(Ebb::TestSupport::execPostgres(QStringLiteral("BEGIN; %1; ROLLBACK").arg(dropKey)));

        // Proved, then read: until the rows are read, nobody drops the key that proves it.
        QCOMPARE(warehouse.uniqueKeyIndex(sql, QStringLiteral("id")), QStringLiteral("%1.locked_pkey").arg(m_schema));
        QVERIFY(!Ebb::TestSupport::execPostgres(dropKey));
        {
            auto cursor = warehouse.open(sql);
            QVERIFY2(cursor, cursor ? "" : qPrintable(cursor.error().message));
            QVERIFY(!Ebb::TestSupport::execPostgres(dropKey));
            int rows = 0;
            for (auto batch = (*cursor)->next(4); batch && batch->rowCount() > 0; batch = (*cursor)->next(4))
                rows += batch->rowCount();
            QCOMPARE(rows, 10);
        }
        QVERIFY(Ebb::TestSupport::execPostgres(dropKey));
        // Nothing proves it now.
        QCOMPARE(warehouse.uniqueKeyIndex(sql, QStringLiteral("id")), QString());
    }

    void aBrokenQueryProvesNothing()
    {
        PostgresWarehouse warehouse(QStringLiteral("pg"), Ebb::TestSupport::postgresSettings());
        QCOMPARE(
            warehouse.uniqueKeyIndex(QStringLiteral("SELECT id FROM %1.missing").arg(m_schema), QStringLiteral("id")),
            QString());
        // The connection stays usable for the read that follows.
        auto columns = warehouse.describe(QStringLiteral("SELECT id FROM %1.t").arg(m_schema));
        QVERIFY2(columns, columns ? "" : qPrintable(columns.error().message));
    }
};

QTEST_GUILESS_MAIN(TestPgUniqueKey)
#include "tst_pguniquekey.moc"
