#include <QTest>

// Placeholder: replaced by the real suite.
class Tst_workspace : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void placeholder() { QVERIFY(true); }
};

QTEST_GUILESS_MAIN(Tst_workspace)
#include "tst_workspace.moc"
