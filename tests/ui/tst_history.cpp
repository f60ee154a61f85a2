#include "app/demo/DemoWorkspace.h"
#include "app/engine/SyncRunner.h"
#include "app/journal/Journal.h"
#include "app/studio/RunArchive.h"
#include "app/workspace/WorkspaceLoader.h"
#include "emulators/HubSpotEmulator.h"
#include "models/history/ProblemListModel.h"
#include "models/history/RequestListModel.h"
#include "models/history/RunHistoryModel.h"
#include "support/TestSupport.h"
#include "ui/MainWindow.h"
#include "ui/editor/SyncEditor.h"
#include "ui/history/RunChart.h"
#include "ui/history/RunDetail.h"
#include "ui/run/RunStep.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProcess>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>

using namespace Ebb;

// The Run step's history against a journal with known runs: the runs as `ebb-cli runs` lists
// them (one left running by a crash shows as interrupted), the chart's bars, and a run's
// problems (filtered, exported), log and — for HubSpot — its requests and answers.
class TestHistory : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_demo;
    Emulators::HubSpotEmulator* m_hubspot = nullptr;
    QList<RunReport> m_crmRuns; // oldest first

    RunReport run(const QString& sync)
    {
        auto workspace = WorkspaceLoader::load(m_demo);
        if (!workspace)
            return {};
        SyncRunner runner(*workspace, *workspace->sync(sync), {}, nullptr, nullptr);
        return runner.run();
    }

private Q_SLOTS:
    void initTestCase()
    {
        auto demo = DemoWorkspace::ensure(m_dir.filePath(QStringLiteral("demo")));
        QVERIFY(demo.ok());
        m_demo = *demo;
        QCOMPARE(QProcess::execute(QStringLiteral(EBB_CLI_PATH), {QStringLiteral("trust"), m_demo}), 0);
        m_hubspot = new Emulators::HubSpotEmulator("demo-token", this);
        QVERIFY(m_hubspot->listen());
        qputenv("EBB_DEMO_HUBSPOT_TOKEN", "demo-token");
        QFile connection(QDir(m_demo).filePath(QStringLiteral("connections/hubspot.json")));
        QVERIFY(connection.open(QIODevice::ReadOnly));
        QJsonObject json = QJsonDocument::fromJson(connection.readAll()).object();
        connection.close();
        json.insert(QStringLiteral("baseUrl"), m_hubspot->url().toString());
        QVERIFY(connection.open(QIODevice::WriteOnly | QIODevice::Truncate));
        connection.write(QJsonDocument(json).toJson());
        connection.close();

        // Known runs: one that sends (with rejects), one with nothing to do, one that died.
        m_crmRuns << run(QStringLiteral("customers-to-crm")) << run(QStringLiteral("customers-to-crm"));
        QVERIFY(m_crmRuns[0].counts.sent > 0 && m_crmRuns[0].counts.rejected > 0);
        QCOMPARE(m_crmRuns[1].counts.sent, 0);
        auto journal = Journal::open(QDir(m_demo).filePath(QStringLiteral(".ebb/journal.sqlite")));
        QVERIFY(journal);
        QVERIFY((*journal)->startRun(QStringLiteral("customers-to-crm"), {})); // never finished: a crash
        QVERIFY(run(QStringLiteral("customers-to-hubspot")).counts.sent > 0);
    }

    void modelsPassTheTester()
    {
        RunHistoryModel history;
        QAbstractItemModelTester historyTester(&history, QAbstractItemModelTester::FailureReportingMode::QtTest);
        history.setRuns(m_crmRuns);
        QCOMPARE(history.rowCount(), 2);
        ProblemListModel problems;
        QAbstractItemModelTester problemsTester(&problems, QAbstractItemModelTester::FailureReportingMode::QtTest);
        problems.setProblems({Reject{QStringLiteral("7"), QStringLiteral("email"), RejectRule::Email,
            QStringLiteral("\"x\" is not an email"), QStringLiteral("x"), {}}});
        QCOMPARE(
            problems.index(0, ProblemListModel::Fate).data().toString(), QStringLiteral("rejected before sending"));
        RequestListModel requests;
        QAbstractItemModelTester requestsTester(&requests, QAbstractItemModelTester::FailureReportingMode::QtTest);
        requests.setRequests({QJsonObject{{QStringLiteral("method"), QStringLiteral("POST")},
            {QStringLiteral("url"), QStringLiteral("https://x/y")}, {QStringLiteral("status"), 0}}});
        QCOMPARE(requests.index(0, RequestListModel::Status).data().toString(), QStringLiteral("no answer"));
    }

    void historyChartAndDetail()
    {
        MainWindow window;
        QVERIFY(window.openWorkspace(m_demo, QStringLiteral("customers-to-crm")));
        window.editor()->showStep(SyncEditor::RunStepIndex);
        RunStep* step = window.editor()->runStep();
        const RunHistoryModel* history = step->historyModel();
        // Newest first: the crashed one (interrupted), then the two runs.
        QCOMPARE(history->rowCount(), 3);
        QCOMPARE(history->run(0)->status, RunReport::Status::Interrupted);
        QCOMPARE(history->index(0, RunHistoryModel::Status).data().toString(), QStringLiteral("interrupted"));
        QCOMPARE(history->run(2)->runId, m_crmRuns[0].runId);
        QCOMPARE(history->index(2, RunHistoryModel::Sent).data().toLongLong(), m_crmRuns[0].counts.sent);
        QCOMPARE(history->index(2, RunHistoryModel::Rejected).data().toLongLong(), m_crmRuns[0].counts.rejected);
        QCOMPARE(history->index(2, RunHistoryModel::Unchanged).data().toLongLong(), m_crmRuns[0].counts.unchanged);
        QCOMPARE(history->index(2, RunHistoryModel::Queried).data().toLongLong(), m_crmRuns[0].counts.queried);
        // The failed records' column says, in its tooltip, that it is not the run's status.
        QCOMPARE(history->headerData(RunHistoryModel::Failed, Qt::Horizontal, Qt::DisplayRole).toString(),
            QStringLiteral("Failed"));
        QVERIFY(history->headerData(RunHistoryModel::Failed, Qt::Horizontal, Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("sends them again")));
        QCOMPARE(history->index(2, RunHistoryModel::Origin).data().toString(), QStringLiteral("ebb-cli"));

        // The chart: oldest on the left, sent / unchanged / rejected / failed per run.
        const auto bars = step->chart()->bars();
        QCOMPARE(bars.size(), 3);
        QCOMPARE(bars.first().first, m_crmRuns[0].runId);
        QCOMPARE(bars.first().second,
            (QList<qint64>{m_crmRuns[0].counts.sent, m_crmRuns[0].counts.unchanged, m_crmRuns[0].counts.rejected,
                m_crmRuns[0].counts.failed}));
        // A click on a run's bar selects it; its problems, log and (no) requests show.
        Q_EMIT step->chart()->runClicked(m_crmRuns[0].runId);
        QCOMPARE(step->historyView()->currentIndex().row(), 2);
        RunDetail* detail = step->detail();
        // One line a problem, as `ebb-cli rejects --run` lists them (a row that breaks two rules
        // has two; NULL and duplicated keys share theirs), and at least one a rejected row.
        auto workspace = WorkspaceLoader::load(m_demo);
        auto problems = RunArchive(*workspace).problems(QStringLiteral("customers-to-crm"), m_crmRuns[0].runId);
        QVERIFY(problems);
        int expectedLines = 0;
        for (qsizetype i = 0; i < problems->size(); ++i)
            expectedLines += i == 0 || !readsTheSame(problems->at(i - 1), problems->at(i));
        QAbstractItemModel* shown = detail->problemsView()->model();
        QCOMPARE(shown->rowCount(), expectedLines);
        QVERIFY(expectedLines < problems->size()); // the demo's rows without a key share a line
        int nullKeys = 0;
        for (const Reject& p : std::as_const(*problems))
            nullKeys += p.rule == RejectRule::NullKey;
        bool nullLine = false;
        for (int row = 0; row < shown->rowCount(); ++row) {
            if (shown->index(row, ProblemListModel::Key).data().toString() == QLatin1String("NULL")) {
                QCOMPARE(shown->index(row, ProblemListModel::Message).data().toString(),
                    QStringLiteral("the primary key is NULL (%1 rows)").arg(nullKeys));
                nullLine = true;
            }
        }
        QVERIFY(nullLine);
        QVERIFY(problems->size() > m_crmRuns[0].counts.rejected);
        // More lines than rejected rows, which the note says (the run step said "142 rejected").
        auto* note = detail->findChild<QLabel*>(QStringLiteral("problemNote"));
        QVERIFY(note);
        QCOMPARE(note->text(),
            QStringLiteral("%1 of %1 problems shown (in %2 lines), of %3 rows: a row may break several rules")
                .arg(problems->size())
                .arg(expectedLines)
                .arg(m_crmRuns[0].counts.rejected + m_crmRuns[0].counts.failed));
        QVERIFY(detail->logView()->toPlainText().contains(QStringLiteral("run %1 started").arg(m_crmRuns[0].runId)));
        QCOMPARE(detail->requestsView()->model()->rowCount(), 0);
        // Filtering narrows the list, and the export is what is shown.
        detail->problemFilter()->setText(QStringLiteral("max_length"));
        const int filtered = detail->problemsView()->model()->rowCount();
        QVERIFY(filtered > 0 && filtered < int(m_crmRuns[0].counts.rejected));
        QVERIFY2(note->text().startsWith(QStringLiteral("%1 of %2 problems shown").arg(filtered).arg(problems->size())),
            qPrintable(note->text()));
        const QList<QByteArray> lines = detail->problemsCsv().trimmed().split('\n');
        QCOMPARE(lines.size(), filtered + 1);
        QVERIFY(lines.at(1).contains("max_length"));
        // The filter matches what the problems say, not a line's count.
        detail->problemFilter()->setText(QStringLiteral("(%1 rows)").arg(nullKeys));
        QCOMPARE(detail->problemsView()->model()->rowCount(), 0);
        // A line that stands for several rows exports each of them.
        detail->problemFilter()->setText(QStringLiteral("primary key is NULL"));
        QCOMPARE(detail->problemsView()->model()->rowCount(), 1);
        QVERIFY2(note->text().startsWith(QStringLiteral("%1 of %2 problems shown").arg(nullKeys).arg(problems->size())),
            qPrintable(note->text()));
        QCOMPARE(detail->problemsCsv().trimmed().split('\n').size(), nullKeys + 1);
    }

    // A new run (a scheduled one, while the window was in the tray) is shown when one was
    // following the newest; an older run one chose stays chosen.
    void aNewRunIsShownWhenFollowingTheNewest()
    {
        RunStep step;
        auto workspace = WorkspaceLoader::load(m_demo);
        QVERIFY(workspace);
        const RunArchive archive(*workspace);
        QList<RunReport> runs = m_crmRuns;
        std::reverse(runs.begin(), runs.end()); // newest first, as the archive lists them
        step.showHistory(archive, runs);
        QCOMPARE(step.historyModel()->run(step.historyView()->currentIndex().row())->runId, runs.first().runId);
        RunReport newer = runs.first();
        newer.runId = runs.first().runId + 100;
        step.showHistory(archive, QList<RunReport>{newer} + runs);
        QCOMPARE(step.historyModel()->run(step.historyView()->currentIndex().row())->runId, newer.runId);
        // An older one chosen: it stays when another run comes.
        step.selectRun(runs.last().runId);
        RunReport newest = newer;
        newest.runId = newer.runId + 1;
        step.showHistory(archive, QList<RunReport>{newest, newer} + runs);
        QCOMPARE(step.historyModel()->run(step.historyView()->currentIndex().row())->runId, runs.last().runId);
        // The Error column shows once a listed run has an error, not before.
        QVERIFY(step.historyView()->isColumnHidden(RunHistoryModel::Error));
        RunReport failed = newest;
        failed.runId = newest.runId + 1;
        failed.status = RunReport::Status::Failed;
        failed.error = QStringLiteral("connection \"warehouse\": no such table: customer_scorez");
        step.showHistory(archive, QList<RunReport>{failed, newest, newer} + runs);
        QVERIFY(!step.historyView()->isColumnHidden(RunHistoryModel::Error));
    }

    void requestsOfAnHttpRun()
    {
        MainWindow window;
        QVERIFY(window.openWorkspace(m_demo, QStringLiteral("customers-to-hubspot")));
        RunStep* step = window.editor()->runStep();
        QCOMPARE(step->historyModel()->rowCount(), 1);
        RunDetail* detail = step->detail();
        const int requests = detail->requestsView()->model()->rowCount();
        QVERIFY(requests > 10); // 100 contacts a request
        detail->requestsView()->setCurrentIndex(detail->requestsView()->model()->index(0, 0));
        const QString exchange = detail->exchangeView()->toPlainText();
        QVERIFY2(exchange.contains(QStringLiteral("/crm/v3/objects/contacts/batch/")), qPrintable(exchange));
        QVERIFY2(exchange.contains(QStringLiteral("— answered —")), qPrintable(exchange));
        QVERIFY(!exchange.contains(QStringLiteral("demo-token"))); // redacted, and never a header
    }
};

QTEST_MAIN(TestHistory)
#include "tst_history.moc"
