#include "app/demo/DemoWorkspace.h"
#include "models/QueryRowsModel.h"
#include "ui/MainWindow.h"

#include <QApplication>
#include <QLabel>
#include <QPlainTextEdit>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace Ebb;

class TestMainWindow : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_demo;

private Q_SLOTS:
    void initTestCase()
    {
        auto demo = DemoWorkspace::ensure(m_dir.filePath(QStringLiteral("demo")));
        QVERIFY(demo.ok());
        m_demo = *demo;
    }

    void previewsTheSelectedSyncLazily()
    {
        MainWindow window;
        window.show();
        QVERIFY(window.openWorkspace(m_demo, QStringLiteral("customers-to-crm")));
        QueryRowsModel* rows = window.rowsModel();
        // The first chunk arrives from the worker thread while the event loop keeps running.
        QTRY_VERIFY_WITH_TIMEOUT(rows->rowCount() > 0, 10000);
        QCOMPARE(rows->columnCount(), 11);
        QCOMPARE(rows->headerData(0, Qt::Horizontal).toString(), QStringLiteral("email"));
        // One chunk of 500 fills the view; nothing more is fetched until the user scrolls.
        // (No QAbstractItemModelTester here: it calls fetchMore itself; tst_queryrowsmodel runs it.)
        QTRY_VERIFY(!rows->isFetching());
        QTest::qWait(100);
        QCOMPARE(rows->rowCount(), 500);
        QVERIFY(!rows->atEnd());
        const int loaded = rows->rowCount();

        // Scrolling to the bottom asks for the next chunk.
        auto* table = window.findChild<QTableView*>();
        QVERIFY(table);
        table->scrollToBottom();
        QTRY_VERIFY_WITH_TIMEOUT(rows->rowCount() > loaded, 10000);

        // Switching syncs replaces the result.
        window.showSync(QStringLiteral("accounts-export"));
        QTRY_VERIFY_WITH_TIMEOUT(rows->columnCount() == 6 && rows->rowCount() > 0, 10000);
        QCOMPARE(rows->headerData(4, Qt::Horizontal).toString(), QStringLiteral("customers"));

        // The log panel shows what happened.
        auto* log = window.findChild<QPlainTextEdit*>(QStringLiteral("log"));
        QVERIFY(log);
        QTRY_VERIFY(log->toPlainText().contains(QStringLiteral("previewing sync accounts-export")));
    }

    void queryErrorsAreShown()
    {
        const QString broken = m_dir.filePath(QStringLiteral("broken"));
        QDir().mkpath(broken + QStringLiteral("/syncs"));
        QDir().mkpath(broken + QStringLiteral("/connections"));
        QFile::copy(m_demo + QStringLiteral("/ebb.json"), broken + QStringLiteral("/ebb.json"));
        QFile::copy(m_demo + QStringLiteral("/connections/warehouse.json"), broken + QStringLiteral("/connections/warehouse.json"));
        QFile::copy(m_demo + QStringLiteral("/connections/crm.json"), broken + QStringLiteral("/connections/crm.json"));
        QFile::copy(m_demo + QStringLiteral("/demo-warehouse.sqlite"), broken + QStringLiteral("/demo-warehouse.sqlite"));
        QFile sync(broken + QStringLiteral("/syncs/s.json"));
        QVERIFY(sync.open(QIODevice::WriteOnly));
        sync.write(R"({"source": {"connection": "warehouse", "query": "SELECT email FROM customer_scorez", "primaryKey": "email"},
                      "destination": {"connection": "crm", "object": "contacts"},
                      "mappings": [{"source": "email", "target": "email"}]})");
        sync.close();

        MainWindow window;
        window.show();
        QVERIFY(window.openWorkspace(broken));
        QTRY_VERIFY_WITH_TIMEOUT(!window.rowsModel()->errorText().isEmpty(), 10000);
        QVERIFY(window.rowsModel()->errorText().contains(QStringLiteral("no such table: customer_scorez")));
        auto* status = window.findChild<QLabel*>(QStringLiteral("status"));
        QVERIFY(status);
        QVERIFY(status->text().contains(QStringLiteral("Query failed")));
        QVERIFY(status->text().contains(QStringLiteral("customer_scorez")));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
