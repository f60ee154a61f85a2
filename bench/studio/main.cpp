// The studio under load, measured in the window itself (offscreen or Xvfb):
//  1. the first rows of a 1,000,000-row query preview: ms from selecting the sync to the
//     first chunk in the table (goal ≤ 300 ms);
//  2. event-loop stalls while Sync Now runs that 1,000,000-row sync: a 5 ms probe timer's
//     lateness, median / p99 / max (goal: max ≤ 50 ms);
//  3. auto-map of a 500-column source onto a 1,000-field destination (goal ≤ 200 ms), and
//     the mapping view scrolled end to end (its longest frame).
// Prints figures and their ratio to the goals. Usage: ebb-bench-studio [rows]
#include "app/workspace/WorkspaceTrust.h"
#include "connectors/warehouse/sqlite/SqliteHandle.h"
#include "models/QueryRowsModel.h"
#include "models/studio/AutoMapper.h"
#include "models/studio/MappingDocument.h"
#include "ui/MainWindow.h"
#include "ui/editor/SyncEditor.h"
#include "ui/mapping/MappingStep.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QScrollBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>
#include <QUndoStack>
#include <algorithm>
#include <cstdio>
#include <vector>

using namespace Ebb;

namespace {

void write(const QString& path, const QByteArray& text)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(text) != text.size())
        std::exit(1);
}

double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    return values[size_t(std::min<double>(values.size() - 1, p * double(values.size())))];
}

} // namespace

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    const int rows = argc > 1 ? std::atoi(argv[1]) : 1000000;
    QTemporaryDir dir;
    const QString ws = dir.path();
    write(ws + QStringLiteral("/ebb.json"), R"({"version": 1, "name": "bench"})");
    write(ws + QStringLiteral("/connections/wh.json"), R"({"kind": "sqlite", "path": "wh.sqlite"})");
    write(ws + QStringLiteral("/connections/out.json"), R"({"kind": "file", "path": "out.jsonl", "format": "jsonl"})");
    write(ws + QStringLiteral("/syncs/big.json"),
        R"({"source": {"connection": "wh", "query": "SELECT id, email, name, score FROM people", "primaryKey": "id"},
              "destination": {"connection": "out"},
              "mappings": [{"source": "id", "target": "id"}, {"source": "email", "target": "email", "transforms": ["lower"]},
                           {"source": "name", "target": "name"}, {"source": "score", "target": "score"}]})");
    {
        auto db = SqliteHandle::open(ws + QStringLiteral("/wh.sqlite"), SqliteHandle::Mode::ReadWriteCreate);
        if (!db
            || !db->exec(QStringLiteral(
                "CREATE TABLE people (id INTEGER PRIMARY KEY, email TEXT, name TEXT, score INTEGER);"
                "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < %1)"
                " INSERT INTO people SELECT i, 'User' || i || '@Example.com', 'name ' || i, i % 100 FROM r")
                             .arg(rows)))
            return 1;
    }
    if (!WorkspaceTrust::trust(ws))
        return 1;

    MainWindow window;
    window.resize(1440, 900);
    window.show();
    QElapsedTimer clock;
    clock.start();
    window.openWorkspace(ws, QStringLiteral("big"));
    double firstRowsMs = -1;
    while (firstRowsMs < 0 && clock.elapsed() < 30000) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        if (window.rowsModel()->rowCount() > 0)
            firstRowsMs = double(clock.nsecsElapsed()) / 1e6;
    }

    // Stalls: a 5 ms timer's lateness while the run goes.
    std::vector<double> lateness;
    QElapsedTimer probe;
    QTimer timer;
    timer.setTimerType(Qt::PreciseTimer);
    timer.setInterval(5);
    QObject::connect(&timer, &QTimer::timeout, &window, [&] {
        if (probe.isValid())
            lateness.push_back(std::max(0.0, double(probe.nsecsElapsed()) / 1e6 - 5.0));
        probe.restart();
    });
    timer.start();
    QElapsedTimer runClock;
    runClock.start();
    window.runSync(false);
    QCoreApplication::processEvents();
    while ((window.isRunning() || runClock.elapsed() < 200) && runClock.elapsed() < 300000)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    const double runSeconds = double(runClock.elapsed()) / 1000;
    timer.stop();

    // Auto-map: 500 columns onto 1,000 fields, 300 names in common.
    QList<Column> columns;
    for (int i = 0; i < 500; ++i)
        columns.append(Column{
            i < 300 ? QStringLiteral("field_%1").arg(i) : QStringLiteral("column_%1").arg(i), ValueType::Text, {}});
    DestinationSchema schema;
    schema.object = QStringLiteral("wide");
    for (int i = 0; i < 1000; ++i) {
        FieldSchema field;
        field.name = i % 2 ? QStringLiteral("field_%1").arg(i / 2) : QStringLiteral("FieldName%1").arg(i);
        field.type = FieldSchema::Type::String;
        schema.fields.append(field);
    }
    MappingDocument* document = window.editor()->document();
    document->setSample(RowBatch(columns));
    document->setSchema(schema);
    window.editor()->showStep(SyncEditor::MappingStepIndex);
    QCoreApplication::processEvents();
    QElapsedTimer mapClock;
    mapClock.start();
    const auto proposals = AutoMapper::propose(*document);
    const double proposeMs = double(mapClock.nsecsElapsed()) / 1e6;
    AutoMapper::apply(window.editor()->undoStack(), document, proposals);
    QCoreApplication::processEvents();
    const double autoMapMs = double(mapClock.nsecsElapsed()) / 1e6;
    // Scrolling the mappings view end to end, a page at a time: the longest frame.
    QTableView* view = window.editor()->mappingStep()->mappingsView();
    double longestFrameMs = 0;
    for (int value = 0; value <= view->verticalScrollBar()->maximum();
         value += std::max(1, view->verticalScrollBar()->pageStep())) {
        QElapsedTimer frame;
        frame.start();
        view->verticalScrollBar()->setValue(value);
        view->viewport()->repaint();
        longestFrameMs = std::max(longestFrameMs, double(frame.nsecsElapsed()) / 1e6);
    }

    std::printf("studio bench: %d rows, %zu proposals for %lld columns x %lld fields\n", rows, size_t(proposals.size()),
        qint64(columns.size()), qint64(schema.fields.size()));
    std::printf("  first rows of the preview:   %8.1f ms  (goal 300 ms: %.2f of it)\n", firstRowsMs, firstRowsMs / 300);
    std::printf("  run of %d rows:              %8.1f s\n", rows, runSeconds);
    std::printf("  event-loop stalls during it: median %.1f ms, p99 %.1f ms, max %.1f ms over %zu probes (goal max 50 "
                "ms: %.2f of it)\n",
        percentile(lateness, 0.5), percentile(lateness, 0.99), percentile(lateness, 1.0), lateness.size(),
        percentile(lateness, 1.0) / 50);
    std::printf(
        "  auto-map 500 x 1000:         %8.1f ms  (goal 200 ms: %.2f of it; proposing %.1f ms, applying the rest)\n",
        autoMapMs, autoMapMs / 200, proposeMs);
    std::printf(
        "  mapping view, longest frame scrolling %d rows: %.1f ms\n", view->model()->rowCount(), longestFrameMs);
    return 0;
}
