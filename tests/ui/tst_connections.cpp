#include "app/demo/DemoWorkspace.h"
#include "app/workspace/WorkspaceLoader.h"
#include "connectors/secrets/CredentialStore.h"
#include "support/TestSupport.h"
#include "support/TrustedDemo.h"
#include "ui/MainWindow.h"
#include "ui/WorkspaceTree.h"
#include "ui/connections/ConnectionActions.h"
#include "ui/connections/ConnectionDialog.h"
#include "ui/connections/SecretField.h"

#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QPushButton>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace Ebb;

// Connections made in the window, as an analyst makes them: the form per kind writes a file
// the loader takes, a password typed into it lands in the keychain and never on disk, Test
// answers off the GUI thread with the server's version or the exact error and marks the tree.
class TestConnections : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    QString trustedDemo(const QString& name) { return TestSupport::trustedDemo(m_dir.filePath(name)); }

    static QLineEdit* line(ConnectionDialog* dialog, const char* key)
    {
        return qobject_cast<QLineEdit*>(dialog->editor(QLatin1String(key)));
    }

    // A new PostgreSQL connection to the test server, its password typed for the keychain.
    static void fillPostgres(ConnectionDialog* dialog, const QString& id, int port)
    {
        const PgSettings pg = TestSupport::postgresSettings();
        dialog->idEdit()->setText(id);
        dialog->kindBox()->setCurrentIndex(dialog->kindBox()->findData(QStringLiteral("postgres")));
        line(dialog, "host")->setText(pg.host);
        line(dialog, "port")->setText(QString::number(port));
        line(dialog, "database")->setText(pg.database);
        line(dialog, "user")->setText(pg.user);
        auto* sslmode = qobject_cast<QComboBox*>(dialog->editor(QStringLiteral("sslmode")));
        sslmode->setCurrentIndex(sslmode->findData(QStringLiteral("disable")));
        auto* password = qobject_cast<SecretField*>(dialog->editor(QStringLiteral("password")));
        password->source()->setCurrentIndex(0); // keychain
        password->edit()->setText(pg.password);
    }

private Q_SLOTS:
    void formWritesAFileThatLoadsAndASecretInTheKeychain()
    {
        EBB_REQUIRE_POSTGRES();
        const QString demo = trustedDemo(QStringLiteral("a"));
        QVERIFY(!demo.isEmpty());
        MainWindow window;
        QVERIFY(window.openWorkspace(demo));
        ConnectionDialog* dialog = window.connectionActions()->edit({});
        QVERIFY(dialog);
        fillPostgres(dialog, QStringLiteral("analytics"), TestSupport::postgresSettings().port);
        QVERIFY2(dialog->problems().isEmpty(), qPrintable(dialog->problems().join(QLatin1Char('\n'))));

        // Test: off the GUI thread, the server's version.
        QTest::mouseClick(dialog->testButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(dialog->resultLabel()->text().startsWith(QStringLiteral("✓")), 20000);
        QVERIFY2(dialog->resultLabel()->text().contains(QStringLiteral("PostgreSQL")),
            qPrintable(dialog->resultLabel()->text()));

        auto* buttons = dialog->findChild<QDialogButtonBox*>();
        QTest::mouseClick(buttons->button(QDialogButtonBox::Save), Qt::LeftButton);
        QTRY_VERIFY(window.workspace().connection(QStringLiteral("analytics")));

        // The file loads with the rest of the workspace, and holds the reference, not the password.
        auto loaded = WorkspaceLoader::load(demo);
        QVERIFY2(loaded, qPrintable(loaded ? QString() : loaded.error().toString()));
        const ConnectionSpec* saved = loaded->connection(QStringLiteral("analytics"));
        QVERIFY(saved);
        QCOMPARE(saved->string(QStringLiteral("password")), QStringLiteral("keychain"));
        QCOMPARE(saved->integer(QStringLiteral("port"), 0), TestSupport::postgresSettings().port);
        QFile file(saved->filePath);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(!file.readAll().contains(TestSupport::postgresSettings().password.toUtf8()));
        auto stored = CredentialStore::readBlocking(saved->keychainKey(QStringLiteral("password")));
        QVERIFY2(stored, qPrintable(stored ? QString() : stored.error().toString()));
        QCOMPARE(*stored, TestSupport::postgresSettings().password);

        // The tree lists it; Test from the menu marks it.
        auto* tree = window.findChild<WorkspaceTree*>();
        QCOMPARE(tree->connectionStateName(QStringLiteral("analytics")), QStringLiteral("ok")); // the dialog's test
        window.connectionActions()->test(QStringLiteral("warehouse"));
        QTRY_COMPARE_WITH_TIMEOUT(tree->connectionStateName(QStringLiteral("warehouse")), QStringLiteral("ok"), 20000);
    }

    void aFailingTestShowsTheExactError()
    {
        EBB_REQUIRE_POSTGRES();
        const QString demo = trustedDemo(QStringLiteral("b"));
        MainWindow window;
        QVERIFY(window.openWorkspace(demo));
        ConnectionDialog* dialog = window.connectionActions()->edit({});
        fillPostgres(dialog, QStringLiteral("nowhere"), 1); // nothing listens on port 1
        QTest::mouseClick(dialog->testButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(dialog->resultLabel()->text().startsWith(QStringLiteral("✗")), 20000);
        QVERIFY2(dialog->resultLabel()->text().contains(QStringLiteral("refused"), Qt::CaseInsensitive),
            qPrintable(dialog->resultLabel()->text()));
        // The error can be selected and copied.
        QVERIFY(dialog->resultLabel()->textInteractionFlags() & Qt::TextSelectableByMouse);
        QVERIFY(!dialog->resultLabel()->text().contains(TestSupport::postgresSettings().password));
        dialog->done(QDialog::Rejected); // no "discard?" question in a test
    }

    // A server that takes the connection and never answers: Test becomes Stop, and Stop ends
    // the wait (the late answer is dropped); Test works again after.
    void aTestCanBeStopped()
    {
        EBB_REQUIRE_POSTGRES();
        QTcpServer silent;
        QVERIFY(silent.listen(QHostAddress::LocalHost));
        const QString demo = trustedDemo(QStringLiteral("e"));
        MainWindow window;
        QVERIFY(window.openWorkspace(demo));
        ConnectionDialog* dialog = window.connectionActions()->edit({});
        fillPostgres(dialog, QStringLiteral("silent"), silent.serverPort());
        line(dialog, "connectTimeout")->setText(QStringLiteral("3"));
        QTest::mouseClick(dialog->testButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(silent.hasPendingConnections(), 10000);
        QCOMPARE(dialog->testButton()->text().remove(QLatin1Char('&')), QStringLiteral("Stop"));
        QVERIFY(dialog->testButton()->isEnabled());
        QCOMPARE(dialog->testButton()->shortcut(), QKeySequence(Qt::ALT | Qt::Key_T)); // S&top
        QTest::keyClick(dialog, Qt::Key_T, Qt::ControlModifier); // Ctrl+T stops it too
        QVERIFY(dialog->resultLabel()->text().startsWith(QStringLiteral("Stopped")));
        QCOMPARE(dialog->testButton()->text().remove(QLatin1Char('&')), QStringLiteral("Test"));
        // The test ends at its timeout; what it says then is not shown.
        QTest::qWait(4500);
        QVERIFY2(dialog->resultLabel()->text().startsWith(QStringLiteral("Stopped")),
            qPrintable(dialog->resultLabel()->text()));
        dialog->done(QDialog::Rejected);
    }

    // What the loader would refuse is said before saving, and Save waits for it.
    void problemsAreShownBeforeSaving()
    {
        const QString demo = trustedDemo(QStringLiteral("c"));
        MainWindow window;
        QVERIFY(window.openWorkspace(demo));
        ConnectionDialog* dialog = window.connectionActions()->edit({});
        auto* save = dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Save);
        dialog->idEdit()->setText(QStringLiteral("warehouse")); // the demo has one
        QVERIFY(dialog->problems().join(QLatin1Char(' ')).contains(QStringLiteral("exists already")));
        QVERIFY(!save->isEnabled());
        dialog->idEdit()->setText(QStringLiteral("hooks"));
        dialog->kindBox()->setCurrentIndex(dialog->kindBox()->findData(QStringLiteral("webhook")));
        QVERIFY2(dialog->problems().join(QLatin1Char(' ')).contains(QStringLiteral("URL: required")),
            qPrintable(dialog->problems().join(QLatin1Char(' '))));
        line(dialog, "url")->setText(QStringLiteral("https://hooks.example.com/ebb"));
        line(dialog, "rateLimit")->setText(QStringLiteral("{not json"));
        QVERIFY(!dialog->problems().isEmpty());
        line(dialog, "rateLimit")->setText(QStringLiteral(R"({"requests": 10, "perSeconds": 1})"));
        // A secret from the environment is written as its reference.
        auto* secret = qobject_cast<SecretField*>(dialog->editor(QStringLiteral("secret")));
        secret->source()->setCurrentIndex(1);
        secret->edit()->setText(QStringLiteral("EBB_HOOK_SECRET"));
        QVERIFY2(dialog->problems().isEmpty(), qPrintable(dialog->problems().join(QLatin1Char('\n'))));
        QVERIFY(save->isEnabled());
        QTest::mouseClick(save, Qt::LeftButton);
        QTRY_VERIFY(window.workspace().connection(QStringLiteral("hooks")));
        const ConnectionSpec* hooks = window.workspace().connection(QStringLiteral("hooks"));
        QCOMPARE(hooks->string(QStringLiteral("secret")), QStringLiteral("env:EBB_HOOK_SECRET"));
        QCOMPARE(
            hooks->json.value(QStringLiteral("rateLimit")).toObject().value(QStringLiteral("requests")).toInt(), 10);
    }

    // Editing keeps what the form does not show, and a changed host needs the password again.
    void editingKeepsUnknownFieldsAndAsksForAMovedSecret()
    {
        EBB_REQUIRE_POSTGRES();
        const QString demo = trustedDemo(QStringLiteral("d"));
        MainWindow window;
        QVERIFY(window.openWorkspace(demo));
        ConnectionDialog* dialog = window.connectionActions()->edit({});
        fillPostgres(dialog, QStringLiteral("pg"), TestSupport::postgresSettings().port);
        QTest::mouseClick(dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Save), Qt::LeftButton);
        QTRY_VERIFY(window.workspace().connection(QStringLiteral("pg")));
        const QString path = window.workspace().connection(QStringLiteral("pg"))->filePath;
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QJsonObject json = QJsonDocument::fromJson(file.readAll()).object();
        file.close();
        json.insert(QStringLiteral("description"), QStringLiteral("the analytics replica"));
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(QJsonDocument(json).toJson());
        file.close();
        QVERIFY(window.openWorkspace(demo));

        ConnectionDialog* edit = window.connectionActions()->edit(QStringLiteral("pg"));
        QVERIFY(edit->idEdit()->isReadOnly());
        QVERIFY(!edit->kindBox()->isEnabled());
        QVERIFY(edit->problems().isEmpty());
        line(edit, "host")->setText(QStringLiteral("db.elsewhere.example"));
        QVERIFY2(edit->problems().join(QLatin1Char(' ')).contains(QStringLiteral("type it again")),
            qPrintable(edit->problems().join(QLatin1Char(' '))));
        line(edit, "host")->setText(TestSupport::postgresSettings().host);
        line(edit, "connectTimeout")->setText(QStringLiteral("7")); // not part of what the password unlocks
        QVERIFY(edit->problems().isEmpty());
        QTest::mouseClick(edit->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Save), Qt::LeftButton);
        QTRY_COMPARE(
            window.workspace().connection(QStringLiteral("pg"))->integer(QStringLiteral("connectTimeout"), 0), 7);
        QCOMPARE(window.workspace().connection(QStringLiteral("pg"))->string(QStringLiteral("description")),
            QStringLiteral("the analytics replica"));
    }
};

QTEST_MAIN(TestConnections)
#include "tst_connections.moc"
