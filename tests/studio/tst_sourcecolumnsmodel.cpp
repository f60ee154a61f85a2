#include "DemoStudio.h"
#include "models/studio/ColumnDrag.h"
#include "models/studio/FieldDrag.h"
#include "models/studio/MappingDocument.h"
#include "models/studio/SourceColumnsModel.h"

#include <QAbstractItemModelTester>
#include <QDataStream>
#include <QMimeData>
#include <QSignalSpy>
#include <QTest>
#include <QUndoStack>

using namespace Ebb;

class TestSourceColumnsModel : public QObject
{
    Q_OBJECT

    TestSupport::DemoStudio m_demo;

private Q_SLOTS:
    void initTestCase()
    {
        const auto opened = m_demo.open();
        QVERIFY2(opened.ok(), qPrintable(opened ? QString() : opened.error().toString()));
    }

    void listsTheQueryColumnsWithTypesAndThreeSamples()
    {
        MappingDocument document(m_demo.sync);
        QUndoStack stack;
        SourceColumnsModel model(&document, &stack);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        document.setSample(m_demo.sample);
        QCOMPARE(resets.size(), 1);
        QCOMPARE(model.rowCount(), m_demo.sample.columnCount());
        QCOMPARE(model.columnCount(), int(SourceColumnsModel::ColumnCount));

        const QModelIndex email = model.indexOfColumn(QStringLiteral("email"));
        QVERIFY(email.isValid());
        QCOMPARE(email.data().toString(), QStringLiteral("email"));
        QCOMPARE(
            email.siblingAtColumn(SourceColumnsModel::TypeColumn).data().toString(), valueTypeName(ValueType::Text));
        const QStringList samples = email.data(SourceColumnsModel::SamplesRole).toStringList();
        QCOMPARE(samples.size(), SourceColumnsModel::sampleCount);
        QCOMPARE(samples.first(), m_demo.sample.at(0, email.row()).toString());
        QCOMPARE(email.siblingAtColumn(SourceColumnsModel::SamplesColumn).data().toString(),
            samples.join(QStringLiteral(" · ")));

        const QModelIndex score = model.indexOfColumn(QStringLiteral("lead_score"));
        QCOMPARE(
            score.siblingAtColumn(SourceColumnsModel::TypeColumn).data().toString(), valueTypeName(ValueType::Integer));
        QCOMPARE(model.headerData(SourceColumnsModel::NameColumn, Qt::Horizontal).toString(), QStringLiteral("Column"));
    }

    void showsWhichFieldsAColumnFeeds()
    {
        MappingDocument document(m_demo.sync);
        document.setSample(m_demo.sample);
        QUndoStack stack;
        SourceColumnsModel model(&document, &stack);
        const QModelIndex email = model.indexOfColumn(QStringLiteral("email"));
        QCOMPARE(email.data(StudioRoles::StateNameRole).toString(), QStringLiteral("mapped"));
        QCOMPARE(email.data(StudioRoles::IconNameRole).toString(), QStringLiteral("column-mapped"));
        QCOMPARE(
            email.data(SourceColumnsModel::MappedTargetsRole).toStringList(), QStringList{QStringLiteral("email")});
        QVERIFY(email.data(Qt::ToolTipRole).toString().contains(QStringLiteral("feeds email")));
        // is_active is selected by the query but feeds nothing: say so, not only in colour.
        const QModelIndex active = model.indexOfColumn(QStringLiteral("is_active"));
        QCOMPARE(active.data(StudioRoles::StateNameRole).toString(), QStringLiteral("unmapped"));
        QCOMPARE(active.data(StudioRoles::IconNameRole).toString(), QStringLiteral("column"));
        QVERIFY(active.data(Qt::ToolTipRole).toString().contains(QStringLiteral("feeds no field")));
    }

    void dragsCarryColumnIdsNotDisplayText()
    {
        MappingDocument document(m_demo.sync);
        document.setSample(m_demo.sample);
        QUndoStack stack;
        SourceColumnsModel model(&document, &stack);
        const QModelIndex email = model.indexOfColumn(QStringLiteral("email"));
        QVERIFY(model.flags(email) & Qt::ItemIsDragEnabled);
        QVERIFY(model.mimeTypes().contains(QStringLiteral("application/x-ebb-column")));
        // A view passes every cell of a selected row; the column goes once.
        std::unique_ptr<QMimeData> data(model.mimeData({email, email.siblingAtColumn(SourceColumnsModel::TypeColumn),
            model.indexOfColumn(QStringLiteral("plan"))}));
        QVERIFY(data);
        QVERIFY(data->hasFormat(ColumnDrag::mimeType()));
        const auto drag = ColumnDrag::decode(data.get());
        QVERIFY(drag);
        QCOMPARE(drag->syncId, QStringLiteral("customers-to-crm"));
        QCOMPARE(drag->ids, (QStringList{QStringLiteral("email"), QStringLiteral("plan")}));
        QVERIFY(!FieldDrag::decode(data.get())); // the other type does not read it
    }

    void decoderRefusesWhatItDidNotWrite_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("text") << QByteArray("email");
        const std::unique_ptr<QMimeData> valid(ColumnDrag::encode(QStringLiteral("s"), {QStringLiteral("email")}));
        QTest::newRow("truncated") << valid->data(ColumnDrag::mimeType()).left(10);
        QByteArray otherVersion;
        {
            QDataStream out(&otherVersion, QIODevice::WriteOnly);
            out << quint32(0xEBB0D2A6) << quint16(99) << QStringLiteral("s") << QStringList{QStringLiteral("email")};
        }
        QTest::newRow("another version") << otherVersion;
        QByteArray noIds;
        {
            QDataStream out(&noIds, QIODevice::WriteOnly);
            out << quint32(0xEBB0D2A6) << quint16(1) << QStringLiteral("s") << QStringList();
        }
        QTest::newRow("no ids") << noIds;
        QByteArray trailing = valid->data(ColumnDrag::mimeType());
        trailing.append("x");
        QTest::newRow("trailing bytes") << trailing;
    }

    void decoderRefusesWhatItDidNotWrite()
    {
        QFETCH(QByteArray, bytes);
        QMimeData data;
        data.setData(ColumnDrag::mimeType(), bytes);
        QVERIFY(!ColumnDrag::decode(&data));
        QVERIFY(!ColumnDrag::decode(nullptr));
    }

    void aFieldDroppedOnAColumnMapsIt()
    {
        MappingDocument document(m_demo.sync);
        document.setSample(m_demo.sample);
        document.setSchema(m_demo.schema);
        QUndoStack stack;
        SourceColumnsModel model(&document, &stack);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        // lead_source is a constant in the demo; dropping it on "company" makes it a column mapping.
        std::unique_ptr<QMimeData> field(FieldDrag::encode(m_demo.sync.id, {QStringLiteral("lead_source")}));
        const QModelIndex company = model.indexOfColumn(QStringLiteral("company"));
        QVERIFY(!model.canDropMimeData(field.get(), Qt::MoveAction, -1, -1, company));
        QVERIFY(model.canDropMimeData(field.get(), Qt::CopyAction, -1, -1, company));
        QVERIFY(!model.canDropMimeData(field.get(), Qt::CopyAction, -1, -1, {})); // on no column
        QVERIFY(model.dropMimeData(field.get(), Qt::CopyAction, -1, -1, company));
        QCOMPARE(stack.count(), 1);
        QCOMPARE(stack.undoText(), QStringLiteral("Map company → lead_source"));
        QCOMPARE(document.mappingFor(QStringLiteral("lead_source"))->source, QStringLiteral("company"));
        QCOMPARE(company.data(SourceColumnsModel::MappedTargetsRole).toStringList(),
            (QStringList{QStringLiteral("company"), QStringLiteral("lead_source")}));
        stack.undo();
        QCOMPARE(document.mappingFor(QStringLiteral("lead_source"))->kind, FieldMapping::Kind::Constant);
    }

    void refusesColumnsAndForeignDrops()
    {
        MappingDocument document(m_demo.sync);
        document.setSample(m_demo.sample);
        document.setSchema(m_demo.schema);
        QUndoStack stack;
        SourceColumnsModel model(&document, &stack);
        const QModelIndex company = model.indexOfColumn(QStringLiteral("company"));
        std::unique_ptr<QMimeData> column(ColumnDrag::encode(m_demo.sync.id, {QStringLiteral("email")}));
        QVERIFY(!model.canDropMimeData(column.get(), Qt::CopyAction, -1, -1, company));
        QVERIFY(!model.dropMimeData(column.get(), Qt::CopyAction, -1, -1, company));
        std::unique_ptr<QMimeData> foreign(
            FieldDrag::encode(QStringLiteral("another-sync"), {QStringLiteral("email")}));
        QVERIFY(model.dropRefusal(foreign.get(), Qt::CopyAction, company).contains(QStringLiteral("another sync")));
        QVERIFY(!model.dropMimeData(foreign.get(), Qt::CopyAction, -1, -1, company));
        QMimeData text;
        text.setText(QStringLiteral("email"));
        QVERIFY(!model.dropMimeData(&text, Qt::CopyAction, -1, -1, company));
        QCOMPARE(stack.count(), 0);
    }
};

QTEST_GUILESS_MAIN(TestSourceColumnsModel)
#include "tst_sourcecolumnsmodel.moc"
