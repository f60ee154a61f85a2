#include "DemoStudio.h"
#include "models/studio/ColumnDrag.h"
#include "models/studio/FieldDrag.h"
#include "models/studio/MappingDocument.h"
#include "models/studio/MappingListModel.h"
#include "models/studio/commands/AddTransformCommand.h"
#include "models/studio/commands/MapColumnCommand.h"
#include "models/studio/commands/SetTemplateCommand.h"
#include "models/studio/commands/UnmapCommand.h"

#include <QAbstractItemModelTester>
#include <QMimeData>
#include <QPersistentModelIndex>
#include <QSignalSpy>
#include <QTest>
#include <QUndoStack>

using namespace Ebb;

class TestMappingListModel : public QObject
{
    Q_OBJECT

    TestSupport::DemoStudio m_demo;

    // The document, its undo stack and the model under test, checked by QAbstractItemModelTester.
    struct Editor
    {
        MappingDocument document;
        QUndoStack stack;
        MappingListModel model{&document, &stack};
        QAbstractItemModelTester tester{&model, QAbstractItemModelTester::FailureReportingMode::QtTest};

        Editor(const SyncSpec& sync, const DestinationSchema& schema, const RowBatch& sample)
            : document(sync)
        {
            document.setSchema(schema);
            document.setSample(sample);
        }
        QVariant at(const QString& target, int role, int column = MappingListModel::SourceColumn) const
        {
            return model.indexOfTarget(target).siblingAtColumn(column).data(role);
        }
        QString state(const QString& target) const { return at(target, StudioRoles::StateNameRole).toString(); }
        QString sample(const QString& target) const
        {
            return at(target, Qt::DisplayRole, MappingListModel::SampleColumn).toString();
        }
        QString status(const QString& target) const
        {
            return at(target, Qt::DisplayRole, MappingListModel::StatusColumn).toString();
        }
    };

    // The sync's sample with a known dirty row of the demo warehouse first.
    RowBatch dirtyRow(const QString& where) const
    {
        auto rows = m_demo.sampleWhere(where);
        if (!rows || rows->rowCount() != 1)
            qFatal(
                "no demo row where %s: %s", qPrintable(where), qPrintable(rows ? QString() : rows.error().toString()));
        return *rows;
    }

private Q_SLOTS:
    void initTestCase()
    {
        const auto opened = m_demo.open();
        QVERIFY2(opened.ok(), qPrintable(opened ? QString() : opened.error().toString()));
    }

    void oneRowPerMappingWithItsLiveSample()
    {
        Editor e(m_demo.sync, m_demo.schema, m_demo.sample);
        QCOMPARE(e.model.rowCount(), m_demo.sync.mappings.size());
        QCOMPARE(e.model.columnCount(), int(MappingListModel::ColumnCount));
        for (int row = 0; row < e.model.rowCount(); ++row) {
            const QModelIndex index = e.model.index(row, 0);
            QVERIFY2(index.data(StudioRoles::StateNameRole).toString() == QLatin1String("ok"),
                qPrintable(index.data(StudioRoles::IdRole).toString() + QLatin1String(": ")
                    + index.siblingAtColumn(MappingListModel::StatusColumn).data().toString()));
            QCOMPARE(index.data(StudioRoles::IconNameRole).toString(), QStringLiteral("mapping-ok"));
        }
        // source → transforms → target, and what the first row becomes.
        QCOMPARE(e.at(QStringLiteral("email"), Qt::DisplayRole).toString(), QStringLiteral("email"));
        QCOMPARE(e.at(QStringLiteral("email"), Qt::DisplayRole, MappingListModel::TransformsColumn).toString(),
            QStringLiteral("trim, lower"));
        QCOMPARE(e.at(QStringLiteral("email"), Qt::DisplayRole, MappingListModel::TargetColumn).toString(),
            QStringLiteral("email"));
        QCOMPARE(e.sample(QStringLiteral("email")), QStringLiteral("\"camille.garcia1@cascadeapparel.com\""));
        QCOMPARE(e.at(QStringLiteral("full_name"), Qt::DisplayRole).toString(),
            QStringLiteral("{{first_name}} {{last_name}}"));
        QCOMPARE(e.at(QStringLiteral("full_name"), MappingListModel::KindRole).toString(), QStringLiteral("template"));
        QCOMPARE(e.sample(QStringLiteral("full_name")), QStringLiteral("\"Camille Garcia\""));
        QCOMPARE(e.at(QStringLiteral("lead_source"), Qt::DisplayRole).toString(), QStringLiteral("\"warehouse\""));
        QCOMPARE(
            e.at(QStringLiteral("lead_source"), MappingListModel::KindRole).toString(), QStringLiteral("constant"));
        // Exact decimals go out as JSON numbers, dates as ISO text: the payload's own form.
        QCOMPARE(e.sample(QStringLiteral("lifetime_value")), QStringLiteral("15198.32"));
        QCOMPARE(e.sample(QStringLiteral("lead_score")), QStringLiteral("30"));
        QCOMPARE(e.sample(QStringLiteral("signup_date")), QStringLiteral("\"2021-07-10\""));
        QCOMPARE(e.status(QStringLiteral("email")), QStringLiteral("ok"));
    }

    void showsTheSampleBeforeAndAfterTransformsAsTheyChange()
    {
        Editor e(m_demo.sync, m_demo.schema, m_demo.sample);
        QSignalSpy changed(&e.model, &QAbstractItemModel::dataChanged);
        QSignalSpy resets(&e.model, &QAbstractItemModel::modelReset);
        e.stack.push(new AddTransformCommand(&e.document, QStringLiteral("first_name"), QStringLiteral("upper")));
        QCOMPARE(e.sample(QStringLiteral("first_name")), QStringLiteral("\"CAMILLE\""));
        QCOMPARE(e.at(QStringLiteral("first_name"), MappingListModel::SampleBeforeRole).toString(),
            QStringLiteral("Camille"));
        QCOMPARE(e.at(QStringLiteral("first_name"), MappingListModel::TransformsRole).toStringList(),
            (QStringList{QStringLiteral("trim"), QStringLiteral("upper")}));
        QVERIFY(e.at(QStringLiteral("first_name"), Qt::ToolTipRole)
                    .toString()
                    .startsWith(QStringLiteral("first sample: \"Camille\" → \"CAMILLE\"")));
        QVERIFY(changed.size() >= 1);
        QCOMPARE(resets.size(), 0);
        e.stack.undo();
        QCOMPARE(e.sample(QStringLiteral("first_name")), QStringLiteral("\"Camille\""));
    }

    // The first rows can pass while later ones do not: what a Preview found over every row is
    // said beside the first rows' check, and goes when it is cleared (an edit made it stale).
    void aPreviewsRejectsShowBesideTheFirstRowsCheck()
    {
        Editor e(m_demo.sync, m_demo.schema, m_demo.sample);
        QSignalSpy changed(&e.model, &QAbstractItemModel::dataChanged);
        e.model.setPreviewRejects(
            {{QStringLiteral("email"), {{QStringLiteral("email"), 40}, {QStringLiteral("max_length"), 3}}}});
        QCOMPARE(changed.size(), 1);
        QCOMPARE(e.status(QStringLiteral("email")),
            QStringLiteral("43 problems in Preview (rules: email 40 · max_length 3); the first rows pass"));
        QCOMPARE(e.state(QStringLiteral("email")), QStringLiteral("preview-rejects"));
        QCOMPARE(e.at(QStringLiteral("email"), StudioRoles::IconNameRole).toString(),
            QStringLiteral("mapping-preview-rejects"));
        QCOMPARE(e.at(QStringLiteral("email"), StudioRoles::StateRole).toInt(), int(LiveSample::State::Ok));
        QCOMPARE(e.status(QStringLiteral("plan")), QStringLiteral("ok")); // no problem on this field
        QCOMPARE(e.state(QStringLiteral("plan")), QStringLiteral("ok"));
        e.model.setPreviewRejects({});
        QCOMPARE(e.status(QStringLiteral("email")), QStringLiteral("ok"));
        QCOMPARE(e.state(QStringLiteral("email")), QStringLiteral("ok"));
        // A first row that is rejected itself keeps its own reason first.
        Editor dirty(m_demo.sync, m_demo.schema, dirtyRow(QStringLiteral("email NOT LIKE '%_@_%._%'")));
        dirty.model.setPreviewRejects({{QStringLiteral("email"), {{QStringLiteral("email"), 40}}}});
        QCOMPARE(dirty.state(QStringLiteral("email")), QStringLiteral("rejected"));
        const QString status = dirty.status(QStringLiteral("email"));
        QVERIFY2(status.startsWith(QStringLiteral("rejected (email): "))
                && status.endsWith(" · 40 problems in Preview (rule email 40)"),
            qPrintable(status));
    }

    // Real dirty rows of the demo warehouse, rejected by the real validator, in its words.
    void showsTheRejectTheRunWouldReport_data()
    {
        QTest::addColumn<QString>("where");
        QTest::addColumn<QString>("target");
        QTest::addColumn<QStringList>("rules");
        QTest::addColumn<QString>("message");
        QTest::newRow("invalid email") << "email NOT LIKE '%_@_%._%'"
                                       << "email" << QStringList{"email"} << "is not a valid email address";
        QTest::newRow("option not in the list")
            << "plan NOT IN ('free', 'starter', 'pro', 'enterprise')"
            << "plan" << QStringList{"option"} << "is not one of free, starter, pro, enterprise";
        QTest::newRow("name too long") << "length(first_name) > 100"
                                       << "first_name" << QStringList{"max_length"} << "the limit is 40";
    }

    void showsTheRejectTheRunWouldReport()
    {
        QFETCH(QString, where);
        QFETCH(QString, target);
        QFETCH(QStringList, rules);
        QFETCH(QString, message);
        Editor e(m_demo.sync, m_demo.schema, dirtyRow(where));
        QCOMPARE(e.state(target), QStringLiteral("rejected"));
        QCOMPARE(e.at(target, StudioRoles::IconNameRole).toString(), QStringLiteral("mapping-rejected"));
        const QString rule = e.at(target, MappingListModel::RuleRole).toString();
        QVERIFY2(rules.contains(rule), qPrintable(rule));
        const QString status = e.status(target);
        QVERIFY2(status.startsWith(QStringLiteral("rejected (%1): ").arg(rule)) && status.contains(message),
            qPrintable(status));
        QVERIFY(e.at(target, Qt::ToolTipRole).toString().contains(message));
    }

    void suggestsTheTransformForATypeMismatch_data()
    {
        QTest::addColumn<QString>("target");
        QTest::addColumn<QString>("templateText");
        QTest::addColumn<QString>("suggestion");
        QTest::addColumn<QString>("status");
        QTest::addColumn<QString>("fixed");
        QTest::newRow("text → number") << "lifetime_value"
                                       << "{{lifetime_value}}"
                                       << "number"
                                       << "text → number: add `number`"
                                       << "15198.32";
        QTest::newRow("text → integer") << "lead_score"
                                        << "{{lead_score}}"
                                        << "integer"
                                        << "text → integer: add `integer`"
                                        << "30";
        QTest::newRow("text → date") << "signup_date"
                                     << "{{signup_date}}"
                                     << "date"
                                     << "text → date: add `date`"
                                     << "\"2021-07-10\"";
    }

    void suggestsTheTransformForATypeMismatch()
    {
        QFETCH(QString, target);
        QFETCH(QString, templateText);
        QFETCH(QString, suggestion);
        QFETCH(QString, status);
        QFETCH(QString, fixed);
        Editor e(m_demo.sync, m_demo.schema, m_demo.sample);
        // A template renders text: the field wants a number, a cast states it.
        e.stack.push(new UnmapCommand(&e.document, target));
        e.stack.push(new SetTemplateCommand(&e.document, target, templateText));
        QCOMPARE(e.state(target), QStringLiteral("mismatch"));
        QCOMPARE(e.at(target, StudioRoles::IconNameRole).toString(), QStringLiteral("mapping-mismatch"));
        QCOMPARE(e.at(target, MappingListModel::SuggestionRole).toString(), suggestion);
        QCOMPARE(e.at(target, MappingListModel::RuleRole).toString(), QStringLiteral("type"));
        QCOMPARE(e.status(target), status);
        // Taking the suggestion fixes it.
        e.stack.push(new AddTransformCommand(&e.document, target, QJsonValue(suggestion)));
        QCOMPARE(e.state(target), QStringLiteral("ok"));
        QCOMPARE(e.sample(target), fixed);
    }

    // A cast is offered only when it makes the sample pass: `integer` cannot read "FR", so
    // the validator's words stand alone (an Apply Fix would have rejected every row).
    void aFixThatCannotWorkIsNotOffered()
    {
        Editor e(m_demo.sync, m_demo.schema, m_demo.sample);
        e.stack.push(new MapColumnCommand(&e.document, QStringLiteral("country"), QStringLiteral("lead_score")));
        e.stack.push(new AddTransformCommand(&e.document, QStringLiteral("lead_score"), QStringLiteral("trim"), 0));
        e.stack.push(new UnmapCommand(&e.document, QStringLiteral("lead_score")));
        e.stack.push(new MapColumnCommand(&e.document, QStringLiteral("country"), QStringLiteral("lead_score")));
        QCOMPARE(e.state(QStringLiteral("lead_score")), QStringLiteral("rejected"));
        QCOMPARE(e.at(QStringLiteral("lead_score"), MappingListModel::SuggestionRole).toString(), QString());
        QCOMPARE(
            e.status(QStringLiteral("lead_score")), QStringLiteral("rejected (type): \"FR\" is not a whole number"));
    }

    // A transform that makes text of a date for a date field: the advice is to remove it (an
    // analyst was told only that the type was wrong).
    void aTransformThatBreaksTheTypeIsNamed()
    {
        Editor e(m_demo.sync, m_demo.schema, m_demo.sample);
        const QString target = QStringLiteral("signup_date");
        QCOMPARE(e.state(target), QStringLiteral("ok"));
        e.stack.push(new AddTransformCommand(
            &e.document, target, QJsonObject{{QStringLiteral("dateFormat"), QStringLiteral("yyyy")}}));
        QCOMPARE(e.state(target), QStringLiteral("rejected"));
        QCOMPARE(e.at(target, MappingListModel::RuleRole).toString(), QStringLiteral("type"));
        QVERIFY2(e.status(target).endsWith(QStringLiteral("; without `dateFormat` it would pass: remove it")),
            qPrintable(e.status(target)));
        QCOMPARE(e.at(target, MappingListModel::RemovalRole).toInt(), 1); // after the demo's own `date`
        // After a harmless transform the culprit is still the one named.
        e.stack.push(new AddTransformCommand(&e.document, target, QStringLiteral("trim")));
        QVERIFY2(e.status(target).endsWith(QStringLiteral("; without `dateFormat` it would pass: remove it")),
            qPrintable(e.status(target)));
        // An analyst's case: the date as text, reformatted. The cast a date field wants
        // ("add `date`") cannot read "10/07/2021", so it is not offered; removing is.
        e.stack.push(new UnmapCommand(&e.document, target));
        e.stack.push(new SetTemplateCommand(&e.document, target, QStringLiteral("{{signup_date}}")));
        e.stack.push(new AddTransformCommand(
            &e.document, target, QJsonObject{{QStringLiteral("dateFormat"), QStringLiteral("dd/MM/yyyy")}}));
        QCOMPARE(e.at(target, MappingListModel::SuggestionRole).toString(), QString());
        QVERIFY2(e.status(target).endsWith(QStringLiteral("; without `dateFormat` it would pass: remove it")),
            qPrintable(e.status(target)));
        // A column of the wrong type names no transform: no chain would make it pass.
        e.stack.push(new UnmapCommand(&e.document, target));
        e.stack.push(new MapColumnCommand(&e.document, QStringLiteral("plan"), target));
        e.stack.push(new AddTransformCommand(&e.document, target, QStringLiteral("trim")));
        QVERIFY2(!e.status(target).contains(QStringLiteral("remove it")), qPrintable(e.status(target)));
    }

    void listsRequiredFieldsNoMappingWrites()
    {
        Editor e(m_demo.sync, m_demo.schema, m_demo.sample);
        const int mappings = e.model.rowCount();
        const QPersistentModelIndex plan = e.model.indexOfTarget(QStringLiteral("plan"));
        QSignalSpy inserted(&e.model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&e.model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy resets(&e.model, &QAbstractItemModel::modelReset);
        e.stack.push(new UnmapCommand(&e.document, QStringLiteral("last_name")));
        QCOMPARE(e.model.rowCount(), mappings); // the mapping row left, a required-unmapped row came
        QCOMPARE(removed.size(), 1);
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(resets.size(), 0);
        const QModelIndex last = e.model.indexOfTarget(QStringLiteral("last_name"));
        QCOMPARE(last.row(), mappings - 1);
        QCOMPARE(last.data(StudioRoles::StateNameRole).toString(), QStringLiteral("required"));
        QCOMPARE(last.data(StudioRoles::IconNameRole).toString(), QStringLiteral("mapping-required"));
        QVERIFY(!last.data(MappingListModel::IsMappingRole).toBool());
        QCOMPARE(e.status(QStringLiteral("last_name")), QStringLiteral("required, not mapped"));
        QVERIFY(last.data(Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("required field \"last_name\" has no mapping")));
        QCOMPARE(plan.data(StudioRoles::IdRole).toString(), QStringLiteral("plan")); // the selection stays on its row

        // A column dropped on that row maps the field.
        std::unique_ptr<QMimeData> column(ColumnDrag::encode(m_demo.sync.id, {QStringLiteral("last_name")}));
        QVERIFY(e.model.canDropMimeData(column.get(), Qt::CopyAction, -1, -1, last));
        QVERIFY(e.model.dropMimeData(column.get(), Qt::CopyAction, -1, -1, last));
        QCOMPARE(e.stack.undoText(), QStringLiteral("Map last_name → last_name"));
        QCOMPARE(e.state(QStringLiteral("last_name")), QStringLiteral("ok"));
        QVERIFY(e.at(QStringLiteral("last_name"), MappingListModel::IsMappingRole).toBool());
        QCOMPARE(e.at(QStringLiteral("last_name"), MappingListModel::TransformsRole).toStringList(), QStringList());
        e.stack.undo();
        e.stack.undo();
        QCOMPARE(e.at(QStringLiteral("last_name"), MappingListModel::TransformsRole).toStringList(),
            QStringList{QStringLiteral("trim")});
        QCOMPARE(e.model.indexOfTarget(QStringLiteral("last_name")).row(), 2); // back where the file had it
    }

    void marksInvalidMappingsWithTheConfigurationError()
    {
        Editor e(m_demo.sync, m_demo.schema, m_demo.sample);
        e.stack.push(new MapColumnCommand(&e.document, QStringLiteral("emial"), QStringLiteral("email")));
        QCOMPARE(e.state(QStringLiteral("email")), QStringLiteral("invalid"));
        QVERIFY(e.status(QStringLiteral("email")).startsWith(QStringLiteral("invalid: no column \"emial\"")));
        QCOMPARE(e.sample(QStringLiteral("email")), QString());
        e.stack.push(new SetTemplateCommand(&e.document, QStringLiteral("full_name"), QStringLiteral("{{first_name")));
        QCOMPARE(e.state(QStringLiteral("full_name")), QStringLiteral("invalid"));
        QCOMPARE(e.at(QStringLiteral("full_name"), MappingListModel::RuleRole).toString(), QStringLiteral("config"));
        e.stack.push(new AddTransformCommand(&e.document, QStringLiteral("plan"), QStringLiteral("shout")));
        QVERIFY(e.status(QStringLiteral("plan")).contains(QStringLiteral("unknown transform \"shout\"")));
    }

    void saysWhenThereIsNothingToCheckYet()
    {
        Editor e(m_demo.sync, {}, m_demo.sample);
        QCOMPARE(e.state(QStringLiteral("email")), QStringLiteral("unchecked"));
        QVERIFY(e.status(QStringLiteral("email")).contains(QStringLiteral("destination's fields are not known")));
        e.document.setSchema(m_demo.schema);
        QCOMPARE(e.state(QStringLiteral("email")), QStringLiteral("ok"));
        e.document.setSample(RowBatch(m_demo.sample.columns()));
        QCOMPARE(e.state(QStringLiteral("email")), QStringLiteral("unchecked"));
        QVERIFY(e.status(QStringLiteral("email")).contains(QStringLiteral("no rows")));
        e.document.setSample(RowBatch());
        QVERIFY(e.status(QStringLiteral("email")).contains(QStringLiteral("run the query")));
    }

    void aMappingRowDragsItsField()
    {
        Editor e(m_demo.sync, m_demo.schema, m_demo.sample);
        const QModelIndex plan = e.model.indexOfTarget(QStringLiteral("plan"));
        std::unique_ptr<QMimeData> data(e.model.mimeData({plan, plan.siblingAtColumn(MappingListModel::StatusColumn)}));
        const auto drag = FieldDrag::decode(data.get());
        QVERIFY(drag);
        QCOMPARE(drag->ids, QStringList{QStringLiteral("plan")});
        QVERIFY(!e.model.canDropMimeData(data.get(), Qt::CopyAction, -1, -1, plan)); // a field on a mapping: no
    }

    void aDropOnNoRowMapsTheNamesake()
    {
        SyncSpec blank = m_demo.sync;
        blank.mappings.clear();
        Editor e(blank, m_demo.schema, m_demo.sample);
        std::unique_ptr<QMimeData> email(ColumnDrag::encode(blank.id, {QStringLiteral("email")}));
        QVERIFY(e.model.canDropMimeData(email.get(), Qt::CopyAction, -1, -1, {}));
        QVERIFY(e.model.dropMimeData(email.get(), Qt::CopyAction, -1, -1, {}));
        QCOMPARE(e.stack.undoText(), QStringLiteral("Map email → email"));
        // Now mapped: the same column finds no other field named like it.
        QCOMPARE(e.model.dropRefusal(email.get(), Qt::CopyAction, {}),
            QStringLiteral("no unmapped field is named like email: drop it on a field"));
        std::unique_ptr<QMimeData> active(ColumnDrag::encode(blank.id, {QStringLiteral("is_active")}));
        QVERIFY(!e.model.dropMimeData(active.get(), Qt::CopyAction, -1, -1, {}));

        std::unique_ptr<QMimeData> lastName(FieldDrag::encode(blank.id, {QStringLiteral("last_name")}));
        QVERIFY(e.model.dropMimeData(lastName.get(), Qt::CopyAction, -1, -1, {}));
        QCOMPARE(e.document.mappingFor(QStringLiteral("last_name"))->source, QStringLiteral("last_name"));
        QCOMPARE(e.model.dropRefusal(lastName.get(), Qt::CopyAction, {}),
            QStringLiteral("last_name is mapped already: drop a column on its row to change it"));
        std::unique_ptr<QMimeData> source(FieldDrag::encode(blank.id, {QStringLiteral("lead_source")}));
        QCOMPARE(e.model.dropRefusal(source.get(), Qt::CopyAction, {}),
            QStringLiteral("no column is named like lead_source: drop a column on the field instead"));
        QCOMPARE(e.stack.count(), 2);
    }

    void aNewSyncReplacesEveryRow()
    {
        Editor e(m_demo.sync, m_demo.schema, m_demo.sample);
        QSignalSpy resets(&e.model, &QAbstractItemModel::modelReset);
        SyncSpec blank = m_demo.sync;
        blank.mappings.clear();
        e.document.setSync(blank);
        QCOMPARE(resets.size(), 1);
        QCOMPARE(e.model.rowCount(), 2); // email and last_name are required
        QCOMPARE(e.model.index(0, 0).data(StudioRoles::IdRole).toString(), QStringLiteral("email"));
        QCOMPARE(e.model.index(1, 0).data(StudioRoles::IdRole).toString(), QStringLiteral("last_name"));
    }
};

QTEST_GUILESS_MAIN(TestMappingListModel)
#include "tst_mappinglistmodel.moc"
