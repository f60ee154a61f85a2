#include "DemoStudio.h"
#include "models/studio/AutoMapper.h"
#include "models/studio/MappingDocument.h"
#include "models/studio/MappingListModel.h"
#include "models/studio/NameMatcher.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QTest>
#include <QUndoStack>

using namespace Ebb;

namespace {

QList<Column> columns(const QStringList& names)
{
    QList<Column> list;
    for (const QString& name : names)
        list << Column{name, ValueType::Text, QStringLiteral("TEXT")};
    return list;
}

DestinationSchema schema(const QStringList& names, const QStringList& readOnly = {})
{
    DestinationSchema s;
    s.object = QStringLiteral("contacts");
    for (const QString& name : names) {
        FieldSchema f;
        f.name = name;
        f.readOnly = readOnly.contains(name);
        s.fields << f;
    }
    return s;
}

QStringList pairs(const QList<AutoMapper::Proposal>& proposals)
{
    QStringList list;
    for (const auto& p : proposals)
        list << p.column + QStringLiteral("→") + p.field;
    return list;
}

} // namespace

class TestAutoMapper : public QObject
{
    Q_OBJECT

    TestSupport::DemoStudio m_demo;

private Q_SLOTS:
    void initTestCase()
    {
        const auto opened = m_demo.open();
        QVERIFY2(opened.ok(), qPrintable(opened ? QString() : opened.error().toString()));
    }

    void normalizesNamesAsAnAnalystReadsThem_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("normalized");
        QTest::addColumn<QString>("canonical");
        QTest::newRow("snake") << "first_name"
                               << "firstname"
                               << "firstname";
        QTest::newRow("camel") << "firstName"
                               << "firstname"
                               << "firstname";
        QTest::newRow("spaces and case") << "First Name"
                                         << "firstname"
                                         << "firstname";
        QTest::newRow("hyphen") << "e-mail"
                                << "email"
                                << "email";
        QTest::newRow("synonym") << "Surname"
                                 << "surname"
                                 << "lastname";
        QTest::newRow("synonym with separators") << "email_address"
                                                 << "emailaddress"
                                                 << "email";
        QTest::newRow("non-ascii letters kept") << "Straße"
                                                << "straße"
                                                << "straße";
        QTest::newRow("no letters") << "__"
                                    << ""
                                    << "";
    }

    void normalizesNamesAsAnAnalystReadsThem()
    {
        QFETCH(QString, name);
        QFETCH(QString, normalized);
        QFETCH(QString, canonical);
        QCOMPARE(NameMatcher::normalized(name), normalized);
        QCOMPARE(NameMatcher::canonical(NameMatcher::normalized(name)), canonical);
    }

    void similarity()
    {
        QCOMPARE(NameMatcher::similarity(QStringLiteral("company"), QStringLiteral("company"), 0.8), 1.0);
        QCOMPARE(NameMatcher::similarity(QStringLiteral("leadscore"), QStringLiteral("leadscores"), 0.8), 0.9);
        QCOMPARE(NameMatcher::similarity(QStringLiteral("id"), QStringLiteral("identifier"), 0.8),
            0.0); // too far apart in length
        QVERIFY(NameMatcher::similarity(QStringLiteral("updatedat"), QStringLiteral("createdat"), 0.5) < 0.8);
        QCOMPARE(NameMatcher::similarity(QString(), QString(), 0.8), 0.0);
    }

    void proposesByNameWithScoreAndReason_data()
    {
        QTest::addColumn<QString>("column");
        QTest::addColumn<QString>("field");
        QTest::addColumn<int>("score");
        QTest::addColumn<QString>("reason");
        QTest::newRow("exact") << "email"
                               << "email" << 100 << "same name";
        QTest::newRow("case") << "Email"
                              << "email" << 95 << "same name but for case";
        QTest::newRow("snake/camel") << "first_name"
                                     << "firstName" << 90 << "same name but for case and separators";
        QTest::newRow("firstname") << "first_name"
                                   << "firstname" << 90 << "same name but for case and separators";
        QTest::newRow("e-mail") << "e-mail"
                                << "email" << 90 << "same name but for case and separators";
        QTest::newRow("synonym") << "email_address"
                                 << "email" << 80 << "synonym: email_address means email";
        QTest::newRow("surname") << "surname"
                                 << "last_name" << 80 << "synonym: surname means last_name";
        QTest::newRow("similar") << "lead_scores"
                                 << "lead_score" << 69 << "similar names (90% alike)";
        QTest::newRow("unrelated") << "updated_at"
                                   << "created_at" << 0 << "";
    }

    void proposesByNameWithScoreAndReason()
    {
        QFETCH(QString, column);
        QFETCH(QString, field);
        QFETCH(int, score);
        QFETCH(QString, reason);
        const auto proposals = AutoMapper::propose(columns({column}), schema({field}), {});
        if (score == 0) {
            QVERIFY(proposals.isEmpty());
            return;
        }
        QCOMPARE(proposals.size(), 1);
        QCOMPARE(proposals[0].column, column);
        QCOMPARE(proposals[0].field, field);
        QCOMPARE(proposals[0].score, score);
        QCOMPARE(proposals[0].reason, reason);
    }

    void eachFieldAndColumnAtMostOnceBestFirst()
    {
        // "Email" and "email_address" both want email: the better match wins; e-mail would
        // also fit "email" but the field is taken, so it gets nothing rather than a worse field.
        const auto proposals = AutoMapper::propose(
            columns({QStringLiteral("email_address"), QStringLiteral("Email"), QStringLiteral("e-mail")}),
            schema({QStringLiteral("email"), QStringLiteral("phone")}), {});
        QCOMPARE(pairs(proposals), QStringList{QStringLiteral("Email→email")});
    }

    void neverOntoReadOnlyOrMappedFields()
    {
        FieldMapping existing;
        existing.source = QStringLiteral("x");
        existing.target = QStringLiteral("plan");
        const auto proposals = AutoMapper::propose(
            columns({QStringLiteral("created_at"), QStringLiteral("plan"), QStringLiteral("country")}),
            schema({QStringLiteral("created_at"), QStringLiteral("plan"), QStringLiteral("country")},
                {QStringLiteral("created_at")}),
            {existing});
        QCOMPARE(pairs(proposals), QStringList{QStringLiteral("country→country")});
    }

    // A destination that takes any field (a file) declares none: every column is a field to
    // map, by its own name, so Auto-map maps them all (an analyst found nothing to map onto).
    void aFileTakesEveryColumnAsAField()
    {
        DestinationSchema file;
        file.object = QStringLiteral("out.csv");
        file.acceptsAnyField = true;
        MappingDocument document;
        document.setSchema(file);
        QVERIFY(document.schema().fields.isEmpty());
        RowBatch sample(
            columns({QStringLiteral("customer_id"), QStringLiteral("email"), QStringLiteral("first_name")}));
        document.setSample(sample);
        QCOMPARE(document.schema().fields.size(), 3);
        const auto proposals = AutoMapper::propose(document);
        QCOMPARE(proposals.size(), 3);
        for (const auto& proposal : proposals)
            QCOMPARE(proposal.field, proposal.column);
        QUndoStack stack;
        AutoMapper::apply(&stack, &document, proposals);
        QCOMPARE(document.sync().mappings.size(), 3);
    }

    void onTheDemoWarehouseAndCrm()
    {
        SyncSpec blank = m_demo.sync;
        blank.mappings.clear();
        MappingDocument document(blank);
        DestinationSchema crm = m_demo.schema;
        for (FieldSchema& f : crm.fields) {
            if (f.name == QLatin1String("created_at"))
                f.readOnly = true; // as a CRM's system field; updated_at must not land on it
        }
        document.setSchema(crm);
        document.setSample(m_demo.sample);
        const auto proposals = AutoMapper::propose(document);
        const QStringList expected{"email→email", "first_name→first_name", "last_name→last_name", "company→company",
            "plan→plan", "country→country", "lifetime_value→lifetime_value", "lead_score→lead_score",
            "signup_date→signup_date"};
        QCOMPARE(pairs(proposals), expected);
        for (const auto& p : proposals) {
            QCOMPARE(p.score, 100);
            QCOMPARE(p.reason, QStringLiteral("same name"));
        }

        QUndoStack stack;
        MappingListModel model(&document, &stack);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 2); // email and last_name, required and unmapped
        AutoMapper::apply(&stack, &document, proposals);
        QCOMPARE(stack.count(), 1); // one macro: one undo
        QCOMPARE(stack.undoText(), QStringLiteral("Auto-map 9 fields"));
        QCOMPARE(document.sync().mappings.size(), 9);
        QCOMPARE(model.rowCount(), 9);
        for (int row = 0; row < model.rowCount(); ++row)
            QCOMPARE(model.index(row, 0).data(StudioRoles::StateNameRole).toString(), QStringLiteral("ok"));
        // Mapped now: a second run proposes nothing.
        QVERIFY(AutoMapper::propose(document).isEmpty());
        stack.undo();
        QVERIFY(document.sync().mappings.isEmpty());
        QCOMPARE(model.rowCount(), 2);
        stack.redo();
        QCOMPARE(document.sync().mappings.size(), 9);
        AutoMapper::apply(&stack, &document, {});
        QCOMPARE(stack.count(), 1);
    }

    void onDemoColumnsNamedTheWayOtherTeamsNameThem()
    {
        auto renamed = m_demo.query(
            QStringLiteral(
                "SELECT email AS \"E-mail\", first_name AS firstName, last_name AS surname, company AS organization, "
                "plan AS Plan, lead_score AS lead_scores, is_active FROM customer_scores"),
            3);
        QVERIFY(renamed.ok());
        const auto proposals = AutoMapper::propose(renamed->columns(), m_demo.schema, {});
        QStringList reasons;
        for (const auto& p : proposals)
            reasons << p.column + QStringLiteral("→") + p.field + QLatin1String(": ") + p.reason;
        QCOMPARE(reasons,
            (QStringList{
                QStringLiteral("E-mail→email: same name but for case and separators"),
                QStringLiteral("firstName→first_name: same name but for case and separators"),
                QStringLiteral("surname→last_name: synonym: surname means last_name"),
                QStringLiteral("organization→company: synonym: organization means company"),
                QStringLiteral("Plan→plan: same name but for case"),
                QStringLiteral("lead_scores→lead_score: similar names (90% alike)"),
            }));
    }

    void largeSourcesStayQuick()
    {
        // Not a timed test (bench/ measures); a check that every field is taken at most once
        // at the size the issue names, with the time printed for the record.
        QStringList columnNames, fieldNames;
        for (int i = 0; i < 500; ++i)
            columnNames << QStringLiteral("metric_%1_value").arg(i);
        for (int i = 0; i < 1000; ++i)
            fieldNames << (i % 2 ? QStringLiteral("metric%1Value").arg(i / 2) : QStringLiteral("property_%1").arg(i));
        QElapsedTimer timer;
        timer.start();
        const auto proposals = AutoMapper::propose(columns(columnNames), schema(fieldNames), {});
        qInfo("auto-map of 500 columns onto 1000 fields: %lld ms, %lld proposals", timer.elapsed(),
            qint64(proposals.size()));
        QCOMPARE(proposals.size(), 500);
        QSet<QString> fields;
        for (const auto& p : proposals) {
            QVERIFY(!fields.contains(p.field));
            fields.insert(p.field);
            QCOMPARE(p.score, 90);
        }
    }
};

QTEST_GUILESS_MAIN(TestAutoMapper)
#include "tst_automapper.moc"
