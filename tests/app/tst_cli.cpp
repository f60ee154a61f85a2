#include <QTest>

// Placeholder: replaced by the real suite.
class Tst_cli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void placeholder() { QVERIFY(true); }
};

QTEST_GUILESS_MAIN(Tst_cli)
#include "tst_cli.moc"
