#include "app/demo/DemoWorkspace.h"
#include "app/engine/SyncWorker.h"
#include "app/workspace/WorkspaceLoader.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Ebb;

class TestSyncWorker : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    Workspace m_workspace;

private Q_SLOTS:
    void initTestCase()
    {
        auto folder = DemoWorkspace::ensure(m_dir.filePath(QStringLiteral("demo")));
        QVERIFY(folder.ok());
        m_workspace = *WorkspaceLoader::load(*folder);
    }

    void runsOnItsOwnThreadAndReports()
    {
        const SyncSpec* sync = m_workspace.sync(QStringLiteral("customers-to-crm"));
        SyncWorker* worker = SyncWorker::launch(m_workspace, *sync, {}, this);
        QSignalSpy started(worker, &SyncWorker::started);
        QSignalSpy finished(worker, &SyncWorker::finished);
        QSignalSpy rejects(worker, &SyncWorker::rejectFound);
        QSignalSpy lines(worker, &SyncWorker::logLine);
        QVERIFY(worker->thread() != QThread::currentThread());
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 30000);
        const auto report = finished.first().first().value<RunReport>();
        QCOMPARE(report.status, RunReport::Status::Succeeded);
        QCOMPARE(report.counts.queried, 5213);
        QVERIFY(report.counts.sent > 5000);
        QVERIFY(rejects.size() >= report.counts.rejected); // one signal per problem; a row can have several
        QVERIFY(lines.size() >= 2); // started and finished lines
        QCOMPARE(started.size(), 1);
    }

    void cancelStopsBetweenBatches()
    {
        // Cancelled before its thread starts, so the test does not race the run: the flag is
        // checked before the first batch, nothing is sent, nothing is committed.
        const SyncSpec* sync = m_workspace.sync(QStringLiteral("accounts-export"));
        QThread thread;
        auto* worker = new SyncWorker(m_workspace, *sync, {false, true, false, {}, true});
        worker->cancel();
        worker->moveToThread(&thread);
        connect(&thread, &QThread::started, worker, &SyncWorker::run);
        connect(&thread, &QThread::finished, worker, &QObject::deleteLater);
        QSignalSpy finished(worker, &SyncWorker::finished);
        thread.start();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 30000);
        thread.quit();
        thread.wait();
        const auto report = finished.first().first().value<RunReport>();
        QCOMPARE(report.status, RunReport::Status::Cancelled);
        QCOMPARE(report.counts.sent, 0);
    }
};

QTEST_GUILESS_MAIN(TestSyncWorker)
#include "tst_syncworker.moc"
