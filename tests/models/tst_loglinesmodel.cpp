#include "models/LogLinesModel.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

using namespace Ebb;

// The live log's model: bounded, batched, and read by level.
class TestLogLinesModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void keepsTheNewestLinesInBatches()
    {
        LogLinesModel model(5);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        model.appendLines({QStringLiteral("10:00:00 [info] a"), QStringLiteral("10:00:01 [warning] b"),
            QStringLiteral("10:00:02 [error] c")});
        QCOMPARE(inserted.count(), 1); // one batch, one insertion
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.index(1).data(LogLinesModel::LevelRole).toString(), QStringLiteral("warning"));
        model.appendLines({QStringLiteral("d"), QStringLiteral("e"), QStringLiteral("f"), QStringLiteral("g")});
        QCOMPARE(model.rowCount(), 5);
        QCOMPARE(model.text(), QStringLiteral("10:00:02 [error] c\nd\ne\nf\ng"));
        QCOMPARE(model.index(1).data(LogLinesModel::LevelRole).toString(), QStringLiteral("info"));
        // A batch larger than the whole buffer keeps its newest lines.
        QStringList many;
        for (int i = 0; i < 12; ++i)
            many << QString::number(i);
        model.appendLines(many);
        QCOMPARE(model.text(), QStringLiteral("7\n8\n9\n10\n11"));
    }
};

QTEST_GUILESS_MAIN(TestLogLinesModel)
#include "tst_loglinesmodel.moc"
