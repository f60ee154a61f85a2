#include "app/demo/DemoWorkspace.h"
#include "app/engine/PreviewRunner.h"
#include "app/engine/SyncRunner.h"
#include "app/workspace/WorkspaceLoader.h"
#include "connectors/warehouse/WarehouseFactory.h"
#include "emulators/HubSpotEmulator.h"

#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

using namespace Ebb;

class TestDemoWorkspace : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    Workspace m_workspace;
    std::unique_ptr<WarehouseConnector> m_warehouse;

    qint64 scalar(const QString& sql)
    {
        auto cursor = m_warehouse->open(sql);
        if (!cursor) {
            qWarning("%s", qPrintable(cursor.error().toString()));
            return -1;
        }
        auto rows = (*cursor)->next(1);
        return rows && rows->rowCount() == 1 ? rows->at(0, 0).toLongLong() : -1;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        auto folder = DemoWorkspace::ensure(m_dir.filePath(QStringLiteral("demo")));
        QVERIFY2(folder.ok(), qPrintable(folder ? QString() : folder.error().toString()));
        auto workspace = WorkspaceLoader::load(*folder);
        QVERIFY2(workspace.ok(), qPrintable(workspace ? QString() : workspace.error().toString()));
        m_workspace = *workspace;
        auto warehouse = WarehouseFactory::create(m_workspace, *m_workspace.connection(QStringLiteral("warehouse")));
        QVERIFY(warehouse.ok());
        m_warehouse = std::move(*warehouse);
    }

    void buildsTheWarehouseFromTheSeed()
    {
        QVERIFY(QFileInfo::exists(m_dir.filePath(QStringLiteral("demo/demo-warehouse.sqlite"))));
        QVERIFY(scalar(QStringLiteral("SELECT count(*) FROM customers")) >= 5000);
        QVERIFY(scalar(QStringLiteral("SELECT count(*) FROM accounts")) >= 1000);
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM customer_scores WHERE company IS NULL")), 0);
    }

    void carriesDirtyRows_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<int>("atLeast");
        QTest::newRow("malformed emails") << "SELECT count(*) FROM customers WHERE email NOT LIKE '%_@_%._%' OR email "
                                             "LIKE '%@%@%' OR email LIKE '% %' OR email LIKE '%.'"
                                          << 30;
        QTest::newRow("names too long")
            << "SELECT count(*) FROM customers WHERE length(first_name) > 100 OR length(last_name) > 100" << 15;
        QTest::newRow("plan outside picklist")
            << "SELECT count(*) FROM customers WHERE plan NOT IN ('free','starter','pro','enterprise')" << 20;
        QTest::newRow("NULL keys") << "SELECT count(*) FROM customers WHERE email IS NULL" << 10;
        QTest::newRow("duplicate keys") << "SELECT count(*) FROM (SELECT email FROM customers WHERE email IS NOT NULL "
                                           "GROUP BY email HAVING count(*) > 1)"
                                        << 5;
        QTest::newRow("dates with a time of day")
            << "SELECT count(*) FROM customers WHERE length(signup_date) > 10" << 20;
    }

    void carriesDirtyRows()
    {
        QFETCH(QString, sql);
        QFETCH(int, atLeast);
        QVERIFY2(scalar(sql) >= atLeast, qPrintable(QStringLiteral("%1 → %2").arg(sql).arg(scalar(sql))));
    }

    void typesComeThroughFromDeclaredColumns()
    {
        auto cursor = m_warehouse->open(QStringLiteral("SELECT lifetime_value, lead_score, is_active, signup_date, "
                                                       "updated_at FROM customers WHERE customer_id = 1"));
        QVERIFY(cursor.ok());
        const auto& columns = (*cursor)->columns();
        QCOMPARE(columns[0].type, ValueType::Numeric);
        QCOMPARE(columns[1].type, ValueType::Integer);
        QCOMPARE(columns[2].type, ValueType::Bool);
        QCOMPARE(columns[3].type, ValueType::Date);
        QCOMPARE(columns[4].type, ValueType::Timestamp);
        auto rows = (*cursor)->next(10);
        QVERIFY(rows.ok());
        QCOMPARE(rows->rowCount(), 1);
        QCOMPARE(rows->at(0, 2).typeId(), QMetaType::Bool);
        QCOMPARE(rows->at(0, 3).typeId(), QMetaType::QDate);
        QCOMPARE(rows->at(0, 4).toDateTime().timeSpec(), Qt::UTC);
    }

    void keepsUserEditsOnSecondRun()
    {
        const QString syncFile = m_dir.filePath(QStringLiteral("demo/syncs/customers-to-crm.json"));
        QFile file(syncFile);
        QVERIFY(file.open(QIODevice::Append));
        file.write("\n");
        file.close();
        const qint64 size = QFileInfo(syncFile).size();
        QVERIFY(DemoWorkspace::ensure(m_dir.filePath(QStringLiteral("demo"))).ok());
        QCOMPARE(QFileInfo(syncFile).size(), size);
    }

    // The demo's CRM sync without an account: into the HubSpot emulator on the port its
    // connection names. Every row the preview lets through lands; HubSpot refuses none.
    void theHubSpotSyncRunsIntoTheEmulator()
    {
        Emulators::HubSpotEmulator hubspot("demo-token");
        QVERIFY(hubspot.listen()); // a free port: 47099 may be the user's own demo emulator
        qputenv("EBB_DEMO_HUBSPOT_TOKEN", "demo-token");
        Workspace workspace = m_workspace;
        for (ConnectionSpec& c : workspace.connections) {
            if (c.id == QLatin1String("hubspot"))
                c.json.insert(QStringLiteral("baseUrl"), hubspot.url().toString());
        }
        QCOMPARE(m_workspace.connection(QStringLiteral("hubspot"))->string(QStringLiteral("baseUrl")),
            QStringLiteral("http://127.0.0.1:47099"));
        const SyncSpec* sync = workspace.sync(QStringLiteral("customers-to-hubspot"));
        QVERIFY(sync);
        auto preview = PreviewRunner::run(workspace, *sync, 10000);
        QVERIFY2(preview, qPrintable(preview ? QString() : preview.error().toString()));
        QVERIFY(preview->complete);
        SyncRunner runner(workspace, *sync, {});
        const RunReport report = runner.run();
        QVERIFY2(report.error.isEmpty(), qPrintable(report.error));
        QCOMPARE(report.counts.rejected, preview->counts.rejected);
        QCOMPARE(report.counts.failed, 0);
        QCOMPARE(report.counts.sent, preview->counts.added);
        QCOMPARE(qint64(hubspot.records(QStringLiteral("contacts")).size()), report.counts.sent);
        QCOMPARE(hubspot.rateLimited(), 0);
    }
};

QTEST_GUILESS_MAIN(TestDemoWorkspace)
#include "tst_demoworkspace.moc"
