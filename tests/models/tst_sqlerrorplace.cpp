#include "models/SqlErrorPlace.h"

#include <QTest>

using namespace Ebb;

// The place the SQL editor underlines for a database's error.
class TestSqlErrorPlace : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void find_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<QString>("message");
        QTest::addColumn<QString>("marked"); // the query from the place on; empty: no place

        const QString demo = QStringLiteral("SELECT email, plan\nFROM customer_scorez\nORDER BY customer_id");
        QTest::newRow("postgres line and column")
            << demo
            << QStringLiteral("connection \"pg\": relation \"customer_scorez\" does not exist at line 2, column 6")
            << QStringLiteral("customer_scorez\nORDER BY customer_id");
        QTest::newRow("sqlite table") << demo
                                      << QStringLiteral("connection \"warehouse\": no such table: customer_scorez")
                                      << QStringLiteral("customer_scorez\nORDER BY customer_id");
        QTest::newRow("sqlite column, qualified")
            << QStringLiteral("SELECT c.email, c.plann FROM customers c") << QStringLiteral("no such column: c.plann")
            << QStringLiteral("c.plann FROM customers c");
        QTest::newRow("sqlite column, not in a string or a comment")
            << QStringLiteral("SELECT 'plann' AS x, -- plann\n  plann FROM t")
            << QStringLiteral("no such column: plann") << QStringLiteral("plann FROM t");
        QTest::newRow("a whole word, any case")
            << QStringLiteral("SELECT planned, PLAN FROM t") << QStringLiteral("no such column: plan")
            << QStringLiteral("PLAN FROM t");
        QTest::newRow("mysql table, with its database")
            << QStringLiteral("SELECT * FROM scores")
            << QStringLiteral("Table 'ebb_test.scores' doesn't exist QMYSQL: …") << QStringLiteral("scores");
        QTest::newRow("mysql column") << QStringLiteral("SELECT emial FROM t")
                                      << QStringLiteral("Unknown column 'emial' in 'field list'")
                                      << QStringLiteral("emial FROM t");
        QTest::newRow("named but not in the query") << demo << QStringLiteral("no such table: main.other") << QString();
        QTest::newRow("no place") << demo << QStringLiteral("database is locked") << QString();
    }

    void find()
    {
        QFETCH(QString, sql);
        QFETCH(QString, message);
        QFETCH(QString, marked);
        const int at = SqlErrorPlace::find(sql, message);
        QCOMPARE(at > 0 ? sql.mid(at - 1) : QString(), marked);
    }
};

QTEST_GUILESS_MAIN(TestSqlErrorPlace)
#include "tst_sqlerrorplace.moc"
