#include "app/demo/DemoWorkspace.h"
#include "app/workspace/WorkspaceLoader.h"
#include "app/workspace/WorkspaceTrust.h"
#include "support/TrustedDemo.h"
#include "ui/MainWindow.h"
#include "ui/workspace/RecentWorkspaces.h"
#include "ui/workspace/Settings.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMenu>
#include <QMenuBar>
#include <QProcess>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace Ebb;

// Workspaces in the window: New Workspace makes ebb.json, connections/, syncs/ and a
// .gitignore for .ebb/ (trusted, listed in Open Recent); a sync file that appears on disk (a
// git pull) shows up; the window's size and place are kept.
class TestWorkspaces : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

private Q_SLOTS:
    void newWorkspaceMakesItsFiles()
    {
        const QString folder = m_dir.filePath(QStringLiteral("acme"));
        MainWindow window;
        QVERIFY(window.newWorkspace(folder, QStringLiteral("Acme ops")));
        QCOMPARE(window.workspace().name, QStringLiteral("Acme ops"));
        const QDir dir(folder);
        QVERIFY(dir.exists(QStringLiteral("connections")) && dir.exists(QStringLiteral("syncs")));
        QFile ignore(dir.filePath(QStringLiteral(".gitignore")));
        QVERIFY(ignore.open(QIODevice::ReadOnly));
        QVERIFY(ignore.readAll().contains(".ebb/"));
        auto loaded = WorkspaceLoader::load(folder);
        QVERIFY2(loaded, qPrintable(loaded ? QString() : loaded.error().toString()));
        QVERIFY(WorkspaceTrust::isTrusted(dir.absolutePath()));
        QCOMPARE(RecentWorkspaces::last(), dir.absolutePath());
        // A second one in the same folder is refused, and says why.
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("x"))));
    }

    void aSyncPulledIntoTheFolderShowsUp()
    {
        const QString demo = TestSupport::trustedDemo(m_dir.filePath(QStringLiteral("demo")));
        QVERIFY(!demo.isEmpty());
        MainWindow window;
        QVERIFY(window.openWorkspace(demo, QStringLiteral("customers-to-crm")));
        QFile source(QDir(demo).filePath(QStringLiteral("syncs/customers-to-crm.json")));
        QVERIFY(source.open(QIODevice::ReadOnly));
        QJsonObject json = QJsonDocument::fromJson(source.readAll()).object();
        json.insert(QStringLiteral("id"), QStringLiteral("pulled"));
        QFile pulled(QDir(demo).filePath(QStringLiteral("syncs/pulled.json")));
        QVERIFY(pulled.open(QIODevice::WriteOnly));
        pulled.write(QJsonDocument(json).toJson());
        pulled.close();
        QTRY_VERIFY_WITH_TIMEOUT(window.workspace().sync(QStringLiteral("pulled")), 5000);
        QVERIFY(QFile::remove(pulled.fileName()));
        QTRY_VERIFY_WITH_TIMEOUT(!window.workspace().sync(QStringLiteral("pulled")), 5000);
    }

    // Every action in the menus has a shortcut, and no two share one.
    void everyActionHasItsOwnShortcut()
    {
        MainWindow window;
        QHash<QKeySequence, QString> seen;
        for (QMenu* menu : window.menuBar()->findChildren<QMenu*>(Qt::FindDirectChildrenOnly)) {
            for (QAction* action : menu->actions()) {
                if (action->isSeparator() || action->menu())
                    continue;
                const QKeySequence key = action->shortcut();
                QVERIFY2(!key.isEmpty(), qPrintable(QStringLiteral("%1 has no shortcut").arg(action->text())));
                QVERIFY2(!seen.contains(key),
                    qPrintable(
                        QStringLiteral("%1 and %2 share %3").arg(action->text(), seen.value(key), key.toString())));
                seen.insert(key, action->text());
            }
        }
        QVERIFY(seen.size() >= 19); // File 7, Edit 2, Sync 6, Connection 4
    }

    void theWindowKeepsItsPlace()
    {
        {
            MainWindow window;
            window.resize(1000, 640);
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            window.close();
        }
        QVERIFY(!windowSettings().value(QStringLiteral("window/geometry")).toByteArray().isEmpty());
        MainWindow again;
        // It fits a 1024×700 laptop panel, whatever step is open (a long label once made it 1,086 wide).
        QVERIFY2(again.minimumSizeHint().width() <= 1024, qPrintable(QString::number(again.minimumSizeHint().width())));
        // The size as left (the platform may add its frame's few pixels), not the 1440×900 default.
        QCOMPARE(again.width(), 1000);
        QVERIFY2(std::abs(again.height() - 640) <= 24, qPrintable(QString::number(again.height())));
    }
};

QTEST_MAIN(TestWorkspaces)
#include "tst_workspaces.moc"
