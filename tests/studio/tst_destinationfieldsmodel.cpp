#include "DemoStudio.h"
#include "models/studio/ColumnDrag.h"
#include "models/studio/DestinationFieldsModel.h"
#include "models/studio/FieldDrag.h"
#include "models/studio/MappingDocument.h"
#include "models/studio/commands/UnmapCommand.h"

#include <QAbstractItemModelTester>
#include <QMimeData>
#include <QPersistentModelIndex>
#include <QSignalSpy>
#include <QTest>
#include <QUndoStack>

using namespace Ebb;

class TestDestinationFieldsModel : public QObject
{
    Q_OBJECT

    TestSupport::DemoStudio m_demo;

    // The demo's CRM table with `created_at` read-only, as a CRM's system field is: the demo
    // table marks none, and the refusal needs one.
    DestinationSchema schemaWithReadOnly() const
    {
        DestinationSchema schema = m_demo.schema;
        for (FieldSchema& field : schema.fields) {
            if (field.name == QLatin1String("created_at"))
                field.readOnly = true;
        }
        return schema;
    }

    static QStringList names(const QAbstractItemModel& model)
    {
        QStringList list;
        for (int row = 0; row < model.rowCount(); ++row)
            list << model.index(row, 0).data(StudioRoles::IdRole).toString();
        return list;
    }

private Q_SLOTS:
    void initTestCase()
    {
        const auto opened = m_demo.open();
        QVERIFY2(opened.ok(), qPrintable(opened ? QString() : opened.error().toString()));
    }

    void showsTheFieldsRules()
    {
        MappingDocument document(m_demo.sync);
        QUndoStack stack;
        DestinationFieldsModel model(&document, &stack);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        document.setSchema(schemaWithReadOnly());
        QCOMPARE(model.rowCount(), m_demo.schema.fields.size());

        const auto cell = [&](const QString& field, int column) {
            return model.indexOfField(field).siblingAtColumn(column).data().toString();
        };
        QCOMPARE(cell(QStringLiteral("email"), DestinationFieldsModel::TypeColumn), QStringLiteral("email"));
        QCOMPARE(cell(QStringLiteral("email"), DestinationFieldsModel::RequiredColumn), QStringLiteral("*"));
        QCOMPARE(cell(QStringLiteral("first_name"), DestinationFieldsModel::RequiredColumn), QString());
        QCOMPARE(cell(QStringLiteral("first_name"), DestinationFieldsModel::MaxLengthColumn), QStringLiteral("40"));
        QCOMPARE(cell(QStringLiteral("plan"), DestinationFieldsModel::RulesColumn),
            QStringLiteral("one of free, starter, pro, enterprise"));
        QCOMPARE(cell(QStringLiteral("lead_score"), DestinationFieldsModel::RulesColumn), QStringLiteral("0 to 100"));
        QCOMPARE(
            model.indexOfField(QStringLiteral("plan")).data(DestinationFieldsModel::OptionsRole).toStringList().size(),
            4);
        QCOMPARE(
            cell(QStringLiteral("created_at"), DestinationFieldsModel::ReadOnlyColumn), QStringLiteral("read-only"));
        QCOMPARE(cell(QStringLiteral("full_name"), DestinationFieldsModel::MappedColumn),
            QStringLiteral("{{first_name}} {{last_name}}"));
        QCOMPARE(cell(QStringLiteral("email"), DestinationFieldsModel::MappedColumn), QStringLiteral("email"));
        QCOMPARE(
            cell(QStringLiteral("lead_source"), DestinationFieldsModel::MappedColumn), QStringLiteral("\"warehouse\""));
        QCOMPARE(cell(QStringLiteral("id"), DestinationFieldsModel::MappedColumn), QString());
    }

    void statesAreTextAndIconNotColourAlone_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("state");
        QTest::addColumn<QString>("reason");
        QTest::newRow("mapped") << "email"
                                << "mapped"
                                << "takes its value from email";
        QTest::newRow("unmapped") << "id"
                                  << "unmapped"
                                  << "is not mapped";
        QTest::newRow("read-only") << "created_at"
                                   << "readonly"
                                   << "is read-only";
        QTest::newRow("required unmapped") << "last_name"
                                           << "required"
                                           << "is required";
    }

    void statesAreTextAndIconNotColourAlone()
    {
        QFETCH(QString, field);
        QFETCH(QString, state);
        QFETCH(QString, reason);
        SyncSpec sync = m_demo.sync;
        sync.mappings.removeIf([](const FieldMapping& m) { return m.target == QLatin1String("last_name"); });
        MappingDocument document(sync);
        document.setSchema(schemaWithReadOnly());
        QUndoStack stack;
        DestinationFieldsModel model(&document, &stack);
        const QModelIndex index = model.indexOfField(field);
        QCOMPARE(index.data(StudioRoles::StateNameRole).toString(), state);
        QCOMPARE(index.data(StudioRoles::IconNameRole).toString(), QStringLiteral("field-") + state);
        QVERIFY2(index.data(Qt::ToolTipRole).toString().contains(reason),
            qPrintable(index.data(Qt::ToolTipRole).toString()));
    }

    // The fields keep the destination's order whatever is mapped (an analyst found rows
    // jumping after Auto-map); the required ones still unmapped are listed apart.
    void fieldsKeepTheirOrderAndRequiredOnesAreListed()
    {
        MappingDocument document(m_demo.sync);
        document.setSchema(m_demo.schema);
        QUndoStack stack;
        DestinationFieldsModel model(&document, &stack);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QStringList schemaOrder;
        for (const FieldSchema& f : m_demo.schema.fields)
            schemaOrder << f.name;
        QCOMPARE(names(model), schemaOrder); // everything required is mapped in the demo
        QVERIFY(model.requiredUnmapped().isEmpty());

        const QPersistentModelIndex selected = model.indexOfField(QStringLiteral("plan"));
        const int planRow = selected.row();
        QSignalSpy layouts(&model, &QAbstractItemModel::layoutChanged);
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        QSignalSpy changes(&model, &QAbstractItemModel::dataChanged);
        stack.push(new UnmapCommand(&document, QStringLiteral("last_name")));
        stack.push(new UnmapCommand(&document, QStringLiteral("email")));
        QCOMPARE(names(model), schemaOrder);
        QCOMPARE(model.requiredUnmapped(), (QStringList{QStringLiteral("email"), QStringLiteral("last_name")}));
        QCOMPARE(model.index(int(schemaOrder.indexOf(QStringLiteral("email"))), 0).data(StudioRoles::StateRole).toInt(),
            int(DestinationFieldsModel::RequiredUnmapped));
        QCOMPARE(layouts.size(), 0);
        QCOMPARE(resets.size(), 0);
        QCOMPARE(changes.size(), 2); // the states repaint
        QCOMPARE(selected.row(), planRow);

        stack.undo();
        stack.undo();
        QVERIFY(model.requiredUnmapped().isEmpty());
        QCOMPARE(names(model), schemaOrder);

        // Update mode writes existing records only: nothing is required there.
        SyncSpec update = m_demo.sync;
        update.mode = SyncMode::Update;
        update.mappings.clear();
        document.setSync(update);
        QVERIFY(model.requiredUnmapped().isEmpty());
        QCOMPARE(names(model), schemaOrder);
    }

    void aColumnDroppedOnAFieldMapsIt()
    {
        SyncSpec sync = m_demo.sync;
        sync.mappings.clear();
        MappingDocument document(sync);
        document.setSchema(schemaWithReadOnly());
        QUndoStack stack;
        DestinationFieldsModel model(&document, &stack);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        std::unique_ptr<QMimeData> column(ColumnDrag::encode(sync.id, {QStringLiteral("email")}));
        const QModelIndex email = model.indexOfField(QStringLiteral("email"));
        QVERIFY(model.flags(email) & Qt::ItemIsDropEnabled);
        QVERIFY(!model.canDropMimeData(column.get(), Qt::MoveAction, -1, -1, email)); // action first
        QVERIFY(model.canDropMimeData(column.get(), Qt::CopyAction, -1, -1, email));
        QVERIFY(model.dropMimeData(column.get(), Qt::CopyAction, -1, -1, email));
        QCOMPARE(stack.undoText(), QStringLiteral("Map email → email"));
        QCOMPARE(document.mappingFor(QStringLiteral("email"))->source, QStringLiteral("email"));
        QCOMPARE(model.indexOfField(QStringLiteral("email")).data(StudioRoles::StateNameRole).toString(),
            QStringLiteral("mapped"));
        // A drop between rows names the row below; the same drop on row 0 is on the first field.
        std::unique_ptr<QMimeData> last(ColumnDrag::encode(sync.id, {QStringLiteral("last_name")}));
        const int lastRow = model.indexOfField(QStringLiteral("last_name")).row();
        QVERIFY(model.dropMimeData(last.get(), Qt::CopyAction, lastRow, 0, {}));
        QCOMPARE(document.mappingFor(QStringLiteral("last_name"))->source, QStringLiteral("last_name"));
        stack.undo();
        stack.undo();
        QVERIFY(document.sync().mappings.isEmpty());
    }

    void refusesReadOnlyFieldsWithAReason()
    {
        MappingDocument document(m_demo.sync);
        document.setSchema(schemaWithReadOnly());
        QUndoStack stack;
        DestinationFieldsModel model(&document, &stack);
        std::unique_ptr<QMimeData> column(ColumnDrag::encode(m_demo.sync.id, {QStringLiteral("updated_at")}));
        const QModelIndex created = model.indexOfField(QStringLiteral("created_at"));
        QVERIFY(!model.canDropMimeData(column.get(), Qt::CopyAction, -1, -1, created));
        QCOMPARE(model.dropRefusal(column.get(), Qt::CopyAction, created),
            QStringLiteral("created_at is read-only: the destination sets it"));
        QVERIFY(!model.dropMimeData(column.get(), Qt::CopyAction, -1, -1, created));
        QCOMPARE(stack.count(), 0);
        QVERIFY(!document.mappingFor(QStringLiteral("created_at")));
        // Nor is it dragged out to be mapped from the other side.
        QVERIFY(!(model.flags(created) & Qt::ItemIsDragEnabled));
        QVERIFY(!model.mimeData({created}));

        std::unique_ptr<QMimeData> two(
            ColumnDrag::encode(m_demo.sync.id, {QStringLiteral("email"), QStringLiteral("plan")}));
        QVERIFY(!model.dropRefusal(two.get(), Qt::CopyAction, model.indexOfField(QStringLiteral("plan"))).isEmpty());
        std::unique_ptr<QMimeData> field(FieldDrag::encode(m_demo.sync.id, {QStringLiteral("plan")}));
        QVERIFY(
            !model.canDropMimeData(field.get(), Qt::CopyAction, -1, -1, model.indexOfField(QStringLiteral("plan"))));
    }

    void dragsCarryFieldIds()
    {
        MappingDocument document(m_demo.sync);
        document.setSchema(m_demo.schema);
        QUndoStack stack;
        DestinationFieldsModel model(&document, &stack);
        const QModelIndex plan = model.indexOfField(QStringLiteral("plan"));
        std::unique_ptr<QMimeData> data(
            model.mimeData({plan, plan.siblingAtColumn(DestinationFieldsModel::TypeColumn)}));
        QVERIFY(data);
        const auto drag = FieldDrag::decode(data.get());
        QVERIFY(drag);
        QCOMPARE(drag->ids, QStringList{QStringLiteral("plan")});
        QCOMPARE(drag->syncId, m_demo.sync.id);
        QVERIFY(!ColumnDrag::decode(data.get()));
        QCOMPARE(data->text(), QStringLiteral("plan"));
    }
};

QTEST_GUILESS_MAIN(TestDestinationFieldsModel)
#include "tst_destinationfieldsmodel.moc"
