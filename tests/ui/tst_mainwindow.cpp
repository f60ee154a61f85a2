#include <QTest>

// Placeholder: replaced by the real suite.
class Tst_mainwindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void placeholder() { QVERIFY(true); }
};

QTEST_GUILESS_MAIN(Tst_mainwindow)
#include "tst_mainwindow.moc"
