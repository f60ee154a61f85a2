#include "models/QueryRowsModel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace Ebb;

namespace {

QList<Column> columns()
{
    return {{QStringLiteral("id"), ValueType::Integer, QStringLiteral("INTEGER")},
        {QStringLiteral("name"), ValueType::Text, QStringLiteral("TEXT")}};
}

RowBatch batch(int first, int count)
{
    RowBatch rows(columns());
    for (int i = first; i < first + count; ++i) {
        rows.append(QVariant(qint64(i)));
        rows.append(i % 3 == 0 ? QVariant() : QVariant(QStringLiteral("row %1").arg(i)));
    }
    return rows;
}

} // namespace

class TestQueryRowsModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fetchesInChunksOnDemand()
    {
        QueryRowsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setChunkSize(100);
        QSignalSpy requests(&model, &QueryRowsModel::fetchRequested);

        const quint64 generation = model.reset();
        model.setColumns(generation, columns());
        QVERIFY(model.canFetchMore({}));
        model.fetchMore({});
        model.fetchMore({}); // a second request while one is pending is ignored
        QCOMPARE(requests.size(), 1);
        QCOMPARE(requests.first().at(0).toULongLong(), generation);
        QCOMPARE(requests.first().at(1).toInt(), 100);

        model.appendRows(generation, batch(0, 100), false);
        QCOMPARE(model.rowCount(), 100);
        model.fetchMore({});
        model.appendRows(generation, batch(100, 30), true);
        QCOMPARE(model.rowCount(), 130);
        QVERIFY(model.atEnd());
        QVERIFY(!model.canFetchMore({}));

        // Rows across the chunk boundary come from the right chunk.
        QCOMPARE(model.data(model.index(99, 0)).toString(), QStringLiteral("99"));
        QCOMPARE(model.data(model.index(100, 0)).toString(), QStringLiteral("100"));
        QCOMPARE(model.data(model.index(128, 1)).toString(), QStringLiteral("row 128"));
    }

    void showsNullDistinctly()
    {
        QueryRowsModel model;
        const quint64 generation = model.reset(columns());
        model.appendRows(generation, batch(0, 4), true);
        QCOMPARE(model.data(model.index(3, 1)).toString(), QStringLiteral("NULL"));
        QVERIFY(model.data(model.index(3, 1), QueryRowsModel::NullRole).toBool());
        QVERIFY(!model.data(model.index(1, 1), QueryRowsModel::NullRole).toBool());
        QCOMPARE(model.data(model.index(1, 0), Qt::TextAlignmentRole).toInt(), int(Qt::AlignRight | Qt::AlignVCenter));
        QCOMPARE(model.headerData(1, Qt::Horizontal).toString(), QStringLiteral("name"));
    }

    void dropsAnswersToReplacedQueries()
    {
        QueryRowsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const quint64 old = model.reset(columns());
        const quint64 current = model.reset(columns());
        QVERIFY(current != old);
        model.appendRows(old, batch(0, 50), false);
        model.setColumns(old, {});
        model.fail(old, QStringLiteral("stale"));
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.columnCount(), 2);
        QVERIFY(model.errorText().isEmpty());

        model.appendRows(current, batch(0, 5), false);
        model.fail(current, QStringLiteral("connection lost"));
        QCOMPARE(model.rowCount(), 5);
        QCOMPARE(model.errorText(), QStringLiteral("connection lost"));
        QVERIFY(!model.canFetchMore({}));
    }
};

QTEST_GUILESS_MAIN(TestQueryRowsModel)
#include "tst_queryrowsmodel.moc"
