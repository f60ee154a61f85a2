#include "app/demo/DemoWorkspace.h"
#include "app/workspace/WorkspaceTrust.h"
#include "models/QueryRowsModel.h"
#include "ui/MainWindow.h"
#include "ui/WorkspaceTree.h"
#include "ui/log/LogView.h"
#include "ui/source/QueryRowsView.h"
#include "ui/source/SqlEditor.h"

#include <QApplication>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableView>
#include <QTcpServer>
#include <QTcpSocket>
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
        auto* table = window.findChild<QTableView*>(QStringLiteral("rows"));
        QVERIFY(table);
        table->scrollToBottom();
        QTRY_VERIFY_WITH_TIMEOUT(rows->rowCount() > loaded, 10000);

        // Switching syncs replaces the result.
        window.showSync(QStringLiteral("accounts-export"));
        QTRY_VERIFY_WITH_TIMEOUT(rows->columnCount() == 6 && rows->rowCount() > 0, 10000);
        QCOMPARE(rows->headerData(4, Qt::Horizontal).toString(), QStringLiteral("customers"));

        // The log panel shows what happened.
        QTRY_VERIFY(window.logView()->shownText().contains(QStringLiteral("opened sync accounts-export")));
    }

    // A workspace from someone else opens without connecting anywhere: a server listening where
    // its connection points sees nothing until the user trusts it.
    void untrustedWorkspaceConnectsNowhere()
    {
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost));
        int connections = 0;
        connect(&server, &QTcpServer::newConnection, this, [&] {
            while (QTcpSocket* socket = server.nextPendingConnection()) {
                ++connections;
                socket->close();
            }
        });
        const QString folder = m_dir.filePath(QStringLiteral("untrusted"));
        QDir().mkpath(folder + QStringLiteral("/syncs"));
        QDir().mkpath(folder + QStringLiteral("/connections"));
        const auto write = [&](const QString& name, const QByteArray& text) {
            QFile file(folder + QLatin1Char('/') + name);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(text);
        };
        write(QStringLiteral("ebb.json"), R"({"version": 1, "name": "Demo"})");
        write(QStringLiteral("connections/warehouse.json"),
            QStringLiteral(R"({"kind": "postgres", "host": "127.0.0.1", "port": %1, "database": "d", "user": "u",
                                 "password": "env:EBB_STOLEN", "sslmode": "disable", "connectTimeout": 2})")
                .arg(server.serverPort())
                .toUtf8());
        write(QStringLiteral("connections/out.json"), R"({"kind": "file", "path": "out.jsonl", "format": "jsonl"})");
        write(QStringLiteral("syncs/s.json"),
            R"({"source": {"connection": "warehouse", "query": "SELECT 1 AS id", "primaryKey": "id"},
                      "destination": {"connection": "out"}, "mappings": [{"source": "id", "target": "id"}]})");
        qputenv("EBB_STOLEN", "the-users-secret");

        MainWindow window;
        window.show();
        QVERIFY(window.openWorkspace(folder));
        auto* banner = window.findChild<QWidget*>(QStringLiteral("trustBanner"));
        QVERIFY(banner && banner->isVisible());
        auto* status = window.findChild<QLabel*>(QStringLiteral("status"));
        QVERIFY(status->text().contains(QStringLiteral("not trusted")));
        QTest::qWait(1500);
        QCOMPARE(connections, 0);

        // Trusting it is the user's click; then it connects.
        auto* trust = window.findChild<QPushButton*>(QStringLiteral("trustButton"));
        QVERIFY(trust);
        trust->click();
        QVERIFY(!banner->isVisible());
        QTRY_VERIFY_WITH_TIMEOUT(connections > 0, 10000);
        QVERIFY(WorkspaceTrust::isTrusted(folder));
        // A changed connection file needs trust again.
        write(QStringLiteral("connections/out.json"),
            R"({"kind": "file", "path": "elsewhere.jsonl", "format": "jsonl"})");
        QVERIFY(!WorkspaceTrust::isTrusted(folder));
        qunsetenv("EBB_STOLEN");
    }

    void queryErrorsAreShown()
    {
        const QString broken = m_dir.filePath(QStringLiteral("broken"));
        QDir().mkpath(broken + QStringLiteral("/syncs"));
        QDir().mkpath(broken + QStringLiteral("/connections"));
        QFile::copy(m_demo + QStringLiteral("/ebb.json"), broken + QStringLiteral("/ebb.json"));
        QFile::copy(m_demo + QStringLiteral("/connections/warehouse.json"),
            broken + QStringLiteral("/connections/warehouse.json"));
        QFile::copy(m_demo + QStringLiteral("/connections/crm.json"), broken + QStringLiteral("/connections/crm.json"));
        QFile::copy(
            m_demo + QStringLiteral("/demo-warehouse.sqlite"), broken + QStringLiteral("/demo-warehouse.sqlite"));
        QFile sync(broken + QStringLiteral("/syncs/s.json"));
        QVERIFY(sync.open(QIODevice::WriteOnly));
        sync.write(
            R"({"source": {"connection": "warehouse", "query": "SELECT email FROM customer_scorez", "primaryKey": "email"},
                      "destination": {"connection": "crm", "object": "contacts"},
                      "mappings": [{"source": "email", "target": "email"}]})");
        sync.close();
        QVERIFY(WorkspaceTrust::trust(broken).ok());

        MainWindow window;
        window.show();
        QVERIFY(window.openWorkspace(broken));
        QTRY_VERIFY_WITH_TIMEOUT(!window.rowsModel()->errorText().isEmpty(), 10000);
        QVERIFY(window.rowsModel()->errorText().contains(QStringLiteral("no such table: customer_scorez")));
        auto* status = window.findChild<QLabel*>(QStringLiteral("status"));
        QVERIFY(status);
        QVERIFY(status->text().contains(QStringLiteral("Query failed")));
        QVERIFY(status->text().contains(QStringLiteral("customer_scorez")));
        // SQLite names the table but gives no position: the editor finds it, and marks it.
        auto* editor = window.findChild<SqlEditor*>(QStringLiteral("sqlEditor"));
        QVERIFY(editor);
        int line = -1;
        int index = -1;
        editor->getCursorPosition(&line, &index);
        QCOMPARE(line, 0);
        QCOMPARE(index, int(QStringLiteral("SELECT email FROM ").size()));
        QVERIFY2(editor->toolTip().contains(QStringLiteral("no such table: customer_scorez")),
            qPrintable(editor->toolTip()));
        // And the failure is said where the rows would be, not only in the line under them.
        auto* rows = window.findChild<QueryRowsView*>();
        QVERIFY(rows);
        QVERIFY2(rows->errorText().contains(QStringLiteral("no such table: customer_scorez"))
                && rows->errorText().contains(QStringLiteral("The underlined part of the query")),
            qPrintable(rows->errorText()));
    }

    // A teammate's typo in one sync file: the workspace still opens, the good sync previews,
    // and the broken one is listed with its problems (file, line or JSON path, message).
    void brokenSyncIsShownWithItsProblems()
    {
        const QString folder = m_dir.filePath(QStringLiteral("one-broken"));
        QDir().mkpath(folder + QStringLiteral("/syncs"));
        QDir().mkpath(folder + QStringLiteral("/connections"));
        for (const char* name :
            {"/ebb.json", "/connections/warehouse.json", "/connections/crm.json", "/demo-warehouse.sqlite"})
            QVERIFY(QFile::copy(m_demo + QLatin1String(name), folder + QLatin1String(name)));
        const auto write = [&](const QString& name, const QByteArray& text) {
            QFile file(folder + QLatin1Char('/') + name);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(text);
        };
        write(QStringLiteral("syncs/a.json"),
            R"({"source": {"connection": "warehouse", "query": "SELECT email FROM customers", "primaryKey": "email"},
                      "destination": {"connection": "crm", "object": "contacts"}, "mappings": [{"source": "email", "target": "email"}]})");
        write(
            QStringLiteral("syncs/b.json"), "{\n  \"source\": {\"connection\": \"warehouse\"}\n  \"mappings\": []\n}");
        write(QStringLiteral("syncs/c.json"),
            R"({"source": {"connection": "warehouse", "query": "SELECT 1", "primaryKey": "id"},
                      "destination": {"connection": "crm", "object": "contacts", "mode": "merge"}, "mappings": [{"source": "id", "target": "id"}]})");
        QVERIFY(WorkspaceTrust::trust(folder).ok());

        MainWindow window;
        window.show();
        QVERIFY(window.openWorkspace(folder, QStringLiteral("a")));
        QTRY_VERIFY_WITH_TIMEOUT(window.rowsModel()->rowCount() > 0, 10000);

        auto* tree = window.findChild<WorkspaceTree*>();
        QVERIFY(tree);
        QCOMPARE(tree->findItems(QStringLiteral("b"), Qt::MatchExactly | Qt::MatchRecursive).size(), 1);
        QCOMPARE(tree->findItems(QStringLiteral("c"), Qt::MatchExactly | Qt::MatchRecursive).size(), 1);
        window.showSync(QStringLiteral("b"));
        auto* query = window.findChild<SqlEditor*>(QStringLiteral("sqlEditor"));
        QVERIFY(query);
        QVERIFY2(query->text().contains(QStringLiteral("syncs/b.json:3:3: invalid JSON")), qPrintable(query->text()));
        QVERIFY(query->isReadOnly());
        QCOMPARE(window.rowsModel()->rowCount(), 0); // nothing to preview
        window.showSync(QStringLiteral("c"));
        QVERIFY2(
            query->text().contains(QStringLiteral("syncs/c.json: $.destination.mode: \"merge\" is not a sync mode")),
            qPrintable(query->text()));
        // A valid sync after a broken one is editable again.
        window.showSync(QStringLiteral("a"));
        QVERIFY(!query->isReadOnly());
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
