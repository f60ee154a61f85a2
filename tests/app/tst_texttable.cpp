#include "app/cli/TextTable.h"
#include "models/ValueFormat.h"

#include <QTest>
#include <QTimeZone>

using namespace Ebb;

// ebb-cli's tables in a terminal of a given width, and the words shared with the window.
class TestTextTable : public QObject
{
    Q_OBJECT

    static QStringList lines(const QString& text) { return text.split(QLatin1Char('\n'), Qt::SkipEmptyParts); }

    static TextTable rejects()
    {
        TextTable table({QStringLiteral("KEY"), QStringLiteral("FIELD"), QStringLiteral("WHY")}, 60);
        table.setLastColumnWhole(true);
        table.addRow({QStringLiteral("amelia.davis3186meridiansystems.com"), QStringLiteral("email"),
            QStringLiteral("\"amelia.davis3186meridiansystems.com\" is not a valid email address")});
        table.addRow({QStringLiteral("NULL"), QStringLiteral("email"), QStringLiteral("the primary key is NULL")});
        return table;
    }

private Q_SLOTS:
    void withoutAWidthLinesAreWhole()
    {
        TextTable table = rejects();
        table.setLineWidth(0);
        const QStringList out = lines(table.render());
        QCOMPARE(out.size(), 4);
        QVERIFY(out[2].startsWith(QLatin1String("amelia.davis3186meridiansystems.com  email  \"amelia")));
        QVERIFY(out[2].endsWith(QLatin1String("is not a valid email address")));
    }

    void aWholeLastColumnGoesUnderItsRowWhenTooWide()
    {
        TextTable table = rejects();
        table.setLineWidth(50);
        const QString text = table.render();
        for (const QString& line : lines(text)) {
            QVERIFY2(line.size() <= 50, qPrintable(line));
            QVERIFY2(!line.endsWith(QLatin1Char(' ')), qPrintable(line));
        }
        // The heading names the columns side by side only: an indented "WHY" read as data.
        QVERIFY2(
            text.startsWith(QStringLiteral("KEY                                  FIELD\n-----")), qPrintable(text));
        // Cut keys keep 12 characters at least; the sentence is whole, over indented lines.
        QVERIFY2(text.contains(QStringLiteral("amelia.davis3186meridiansystems.com  email\n")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("\n    \"amelia.davis3186meridiansystems.com\" is not a\n"
                                              "    valid email address\n")),
            qPrintable(text));
        QVERIFY2(
            text.contains(QStringLiteral("NULL                                 email\n    the primary key is NULL\n")),
            qPrintable(text));
    }

    void columnsAreCutWidestFirstToFit()
    {
        // 30 + 20 + 1 and two gaps is 55: 15 cut, the widest first, then the two in turn.
        TextTable table({QStringLiteral("A"), QStringLiteral("B"), QStringLiteral("C")});
        table.addRow({QString(30, QLatin1Char('a')), QString(20, QLatin1Char('b')), QStringLiteral("c")});
        table.setLineWidth(40);
        const QStringList out = lines(table.render());
        QCOMPARE(out[2],
            QString(16, QLatin1Char('a')) + QChar(0x2026) + QStringLiteral("  ") + QString(17, QLatin1Char('b'))
                + QChar(0x2026) + QStringLiteral("  c"));
    }

    void anUncutColumnKeepsItsWidth()
    {
        TextTable table(
            {QStringLiteral("KEY"), QStringLiteral("FIELD"), QStringLiteral("VALUE"), QStringLiteral("WHY")}, 60);
        table.setLastColumnWhole(true);
        table.addRow({QStringLiteral("amelia.davis3186meridiansystems.com"), QStringLiteral("email"),
            QString(30, QLatin1Char('v')), QStringLiteral("not an email address")});
        table.setUncut(0);
        table.setLineWidth(60); // 35 + 5 + 30 and two gaps is 74: the value alone is cut, to 16
        const QString text = table.render();
        QVERIFY2(text.contains(QStringLiteral("amelia.davis3186meridiansystems.com  email  ")
                     + QString(15, QLatin1Char('v')) + QChar(0x2026) + QLatin1Char('\n')),
            qPrintable(text));
    }

    void aDroppableColumnGoesFirst()
    {
        // The key and the rule are whole; at 50 columns the value cannot fit beside them.
        TextTable table(
            {QStringLiteral("KEY"), QStringLiteral("RULE"), QStringLiteral("VALUE"), QStringLiteral("WHY")}, 60);
        table.setLastColumnWhole(true);
        table.addRow({QStringLiteral("amelia.davis3186meridiansystems.com"), QStringLiteral("email"),
            QStringLiteral("amelia.davis3186meridiansystems.com"), QStringLiteral("not an email address")});
        table.setUncut(0);
        table.setUncut(1);
        table.setDroppable(2);
        table.setLineWidth(50);
        QCOMPARE(table.render(),
            QStringLiteral("KEY                                  RULE\n"
                           "-----------------------------------  -----\n"
                           "amelia.davis3186meridiansystems.com  email\n"
                           "    not an email address\n"));
    }

    void aTableThatCannotFitShowsARowAfterAnother()
    {
        // Fourteen columns cannot fit 40 characters side by side, even cut to their headings:
        // each row goes down the screen instead, a line per column, as psql's \x does.
        QStringList header;
        QStringList row;
        for (int c = 0; c < 14; ++c) {
            header << QStringLiteral("COLUMN%1").arg(c);
            row << QStringLiteral("customers-to-crm-%1").arg(c);
        }
        TextTable table(header);
        table.addRow(row);
        table.addRow(row);
        table.setLineWidth(40);
        const QString text = table.render();
        QVERIFY(!text.contains(QChar(0x2026)));
        const QStringList out = lines(text);
        QCOMPARE(out.size(), 2 * (1 + 14));
        QCOMPARE(out[0], QStringLiteral("-[ 1 ]") + QString(34, QLatin1Char('-')));
        QCOMPARE(out[1], QStringLiteral("COLUMN0   customers-to-crm-0"));
        QCOMPARE(out[14], QStringLiteral("COLUMN13  customers-to-crm-13"));
        QVERIFY(out[15].startsWith(QLatin1String("-[ 2 ]")));
        for (const QString& line : out)
            QVERIFY2(line.size() <= 40, qPrintable(line));
    }

    void anExpandedRowKeepsItsUncutColumnsWhole()
    {
        TextTable table = rejects();
        table.setUncut(0);
        table.setLineWidth(30); // the key alone is 35 characters: a row after another
        const QString text = table.render();
        QVERIFY2(
            text.contains(QStringLiteral("\nKEY    amelia.davis3186meridia\n       nsystems.com\n")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("\nKEY    NULL\n")), qPrintable(text));
    }

    void sentencesWrapAtTheTerminalsWidth()
    {
        qputenv("COLUMNS", "40");
        const QString counts = TextTable::wrappedText(
            QStringLiteral("queried 5213 · added 5071 · changed 0 · removed 0"), 2, QStringLiteral(" · "));
        qunsetenv("COLUMNS");
        QCOMPARE(counts, QStringLiteral("  queried 5213 · added 5071 · changed 0\n  removed 0\n"));
        if (TextTable::terminalWidth() == 0) // piped, as under ctest: the line stays whole
            QCOMPARE(TextTable::wrappedText(QStringLiteral("a b"), 2), QStringLiteral("  a b\n"));
    }

    void momentsAndKeysReadTheSameEverywhere()
    {
        const QDateTime time(QDate(2026, 12, 7), QTime(9, 35, 55, 123), QTimeZone(3600));
        QCOMPARE(ValueFormat::moment(time), QStringLiteral("2026-12-07 08:35:55 UTC"));
        QCOMPARE(ValueFormat::moment(QDateTime()), QString());
        QCOMPARE(ValueFormat::key(QString(), true), QStringLiteral("NULL"));
        QCOMPARE(ValueFormat::key(QStringLiteral("a@x.io"), false), QStringLiteral("a@x.io"));
    }
};

QTEST_GUILESS_MAIN(TestTextTable)
#include "tst_texttable.moc"
