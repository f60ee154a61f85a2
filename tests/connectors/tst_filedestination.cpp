#include "connectors/destinations/FileDestination.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <csignal>
#include <sys/resource.h>
#include <unistd.h>

using namespace Ebb;

namespace {

// `count` JSONL records of about 100 bytes each.
QList<OutgoingRecord> records(int count)
{
    QList<OutgoingRecord> batch;
    for (int i = 0; i < count; ++i) {
        OutgoingRecord record;
        record.json = QStringLiteral(R"({"id":%1,"text":"%2"})").arg(i).arg(QString(80, QLatin1Char('x'))).toUtf8();
        batch << record;
    }
    return batch;
}

// Writes `count` records through a destination at `path` and returns the first error.
QString firstError(const QString& path, int count)
{
    FileDestination destination(path, FileDestination::Format::Jsonl, false, {});
    if (auto began = destination.begin(); !began)
        return began.error().message;
    if (auto written = destination.write(records(count)); !written) {
        destination.abort();
        return written.error().message;
    }
    if (auto finished = destination.finish(); !finished)
        return finished.error().message;
    return {};
}

} // namespace

// A file destination whose disk gives out says what the operating system said, and where.
class TestFileDestination : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // "rewrite": a run that sends records replaces the file; a run with nothing to send leaves
    // it as it was (an analyst's scheduled export was emptied by the quiet runs after it).
    void aRunWithNothingToSendKeepsTheFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("out.jsonl"));
        QCOMPARE(firstError(path, 3), QString());
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray written = file.readAll();
        file.close();
        QCOMPARE(written.count('\n'), 3);
        QCOMPARE(firstError(path, 0), QString());
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), written);
        file.close();
        QCOMPARE(firstError(path, 2), QString());
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll().count('\n'), 2);
    }

    // The file size limit (RLIMIT_FSIZE) fails write(2) as a full disk does, without privileges.
    void aFailedWriteSaysTheOperatingSystemsWords()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("out/rows.jsonl"));
        rlimit before{};
        QCOMPARE(getrlimit(RLIMIT_FSIZE, &before), 0);
        const auto previous = std::signal(SIGXFSZ, SIG_IGN); // EFBIG instead of the signal
        rlimit small = before;
        small.rlim_cur = 64 * 1024;
        QCOMPARE(setrlimit(RLIMIT_FSIZE, &small), 0);
        const QString error = firstError(path, 5000); // about 500 KB
        setrlimit(RLIMIT_FSIZE, &before);
        std::signal(SIGXFSZ, previous);
        QVERIFY2(error.startsWith(path + QStringLiteral(": cannot write: ")), qPrintable(error));
        QVERIFY2(error.endsWith(QString::fromLocal8Bit(strerror(EFBIG))), qPrintable(error));
        QVERIFY(!QFile::exists(path)); // the previous file (none) stays as it was
    }

    // A real full disk, where mounting a tiny tmpfs is permitted (root in a test container).
    void aFullDiskSaysNoSpaceLeft()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        if (geteuid() != 0
            || QProcess::execute(QStringLiteral("mount"),
                   {QStringLiteral("-t"), QStringLiteral("tmpfs"), QStringLiteral("-o"), QStringLiteral("size=64k"),
                       QStringLiteral("tmpfs"), dir.path()})
                != 0)
            QSKIP("mounting a small tmpfs is not permitted here");
        const QString error = firstError(dir.filePath(QStringLiteral("rows.jsonl")), 5000);
        QProcess::execute(QStringLiteral("umount"), {dir.path()});
        QVERIFY2(error.startsWith(dir.filePath(QStringLiteral("rows.jsonl")) + QStringLiteral(": cannot write: ")),
            qPrintable(error));
        QVERIFY2(error.endsWith(QString::fromLocal8Bit(strerror(ENOSPC))), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestFileDestination)
#include "tst_filedestination.moc"
