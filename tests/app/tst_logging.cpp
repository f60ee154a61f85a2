#include "app/logging/Log.h"
#include "app/logging/LogBridge.h"
#include "app/logging/LogRedactor.h"
#include "connectors/secrets/KnownSecrets.h"

#include <QDateTime>
#include <QFile>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>
#include <cstdlib>
#include <ctime>
#include <spdlog/spdlog.h>
#include <thread>

using namespace Ebb;

namespace {

// Log::init installs its own Qt message handler and Log::shutdown resets Qt's default one,
// which would leave QtTest's handler (and QTest::ignoreMessage) gone for the rest of the run.
class KeepTestMessageHandler
{
public:
    KeepTestMessageHandler()
        : m_handler(qInstallMessageHandler(nullptr))
    {
        qInstallMessageHandler(m_handler);
    }
    ~KeepTestMessageHandler() { qInstallMessageHandler(m_handler); }
    KeepTestMessageHandler(const KeepTestMessageHandler&) = delete;
    KeepTestMessageHandler& operator=(const KeepTestMessageHandler&) = delete;

private:
    QtMessageHandler m_handler;
};

QString redacted(const QString& line)
{
    return QString::fromStdString(LogRedactor::redact(line.toStdString()));
}

// Counts what a LogBridge delivers, telling real lines from its "… N earlier line(s) not
// shown" notices.
struct BridgeRecorder
{
    int emissions = 0;
    qsizetype dropped = 0;
    QStringList lines; // the real lines, in arrival order
    QStringList notices;
    bool noticeNotFirst = false;

    void attach(LogBridge& bridge)
    {
        QObject::connect(&bridge, &LogBridge::linesReady, &bridge, [this](const QStringList& batch) { record(batch); });
    }

    void record(const QStringList& batch)
    {
        static const QRegularExpression notice(
            QStringLiteral("^… (\\d+) earlier line\\(s\\) not shown \\(see ebb.log\\)$"));
        ++emissions;
        for (qsizetype i = 0; i < batch.size(); ++i) {
            const auto match = notice.match(batch.at(i));
            if (match.hasMatch()) {
                dropped += match.captured(1).toLongLong();
                notices << batch.at(i);
                noticeNotFirst |= i != 0;
            } else {
                lines << batch.at(i);
            }
        }
    }
};

QString numbered(int i)
{
    return QStringLiteral("line %1").arg(i);
}

} // namespace

class Tst_logging : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void redact_data();
    void redact();
    void fileSinkIsRedactedAndTakesQtMessages();
    void bridgeBatchesBurstFromThread();
    void bridgeCapsBacklog();
    void bridgeKeepsGuiThreadOrder();
    void bridgeSinkDeliversRedactedLines();
};

void Tst_logging::init()
{
    KnownSecrets::clear();
}

void Tst_logging::cleanup()
{
    KnownSecrets::clear();
}

void Tst_logging::redact_data()
{
    QTest::addColumn<QStringList>("secrets"); // added to KnownSecrets first
    QTest::addColumn<QString>("line");
    QTest::addColumn<QString>("exact"); // the whole redacted line, when the row pins it
    QTest::addColumn<QStringList>("present"); // fragments the redacted line keeps
    QTest::addColumn<QStringList>("absent"); // fragments that must be gone

    QTest::newRow("authorization_bearer")
        << QStringList() << QStringLiteral("POST /crm/v3/objects/contacts Authorization: Bearer abc.def.ghi")
        << QString()
        << QStringList{QStringLiteral("Authorization: ***"), QStringLiteral("POST /crm/v3/objects/contacts")}
        << QStringList{QStringLiteral("abc.def"), QStringLiteral("ghi"), QStringLiteral("Bearer")};
    QTest::newRow("authorization_json_basic")
        << QStringList() << QStringLiteral(R"(headers {"Authorization":"Basic dXNlcjpwYXNz","Accept":"*/*"})")
        << QStringLiteral(R"(headers {"Authorization":"***","Accept":"*/*"})") << QStringList()
        << QStringList{QStringLiteral("dXNlcjpwYXNz")};
    QTest::newRow("authorization_lowercase_token")
        << QStringList() << QStringLiteral("authorization=Token 0123456789abcdef retry=2")
        << QStringLiteral("authorization=*** retry=2") << QStringList() << QStringList{QStringLiteral("0123456789")};
    QTest::newRow("bearer_without_header")
        << QStringList() << QStringLiteral("retrying with bearer eyJhbGciOiJIUzI1NiJ9.e30.sig") << QString()
        << QStringList{QStringLiteral("retrying with bearer ***")} << QStringList{QStringLiteral("eyJhbGci")};
    QTest::newRow("password_pair") << QStringList() << QStringLiteral("password=hunter2&x=1")
                                   << QStringLiteral("password=***&x=1") << QStringList()
                                   << QStringList{QStringLiteral("hunter2")};
    QTest::newRow("token_colon") << QStringList() << QStringLiteral("token: xyz123456") << QStringLiteral("token: ***")
                                 << QStringList() << QStringList{QStringLiteral("xyz123456")};
    QTest::newRow("api_key_pair") << QStringList() << QStringLiteral("GET /v1?api_key=AKIA1234567 took 3 ms")
                                  << QStringLiteral("GET /v1?api_key=*** took 3 ms") << QStringList() << QStringList();
    // A server echoing a request body: the quoted key must not shield the value.
    QTest::newRow("json_password") << QStringList()
                                   << QStringLiteral(R"(body {"user":"ebb","password":"hunter2","secret": "s3"})")
                                   << QStringLiteral(R"(body {"user":"ebb","password":"***","secret": "***"})")
                                   << QStringList() << QStringList{QStringLiteral("hunter2")};
    QTest::newRow("known_secret_mid_sentence")
        << QStringList{QStringLiteral("pat-na1-7f3a9c")}
        << QStringLiteral("HubSpot said the key pat-na1-7f3a9c has expired, renew it")
        << QStringLiteral("HubSpot said the key *** has expired, renew it") << QStringList() << QStringList();
    QTest::newRow("known_secret_inside_word")
        << QStringList{QStringLiteral("Zq8!xK2p")} << QStringLiteral("url=https://h/cb?sig=Zq8!xK2p&v=1") << QString()
        << QStringList{QStringLiteral("sig=***&v=1")} << QStringList{QStringLiteral("Zq8!xK2p")};
    // Longest first: a secret that contains another is masked whole, not as "***efgh".
    QTest::newRow("known_secret_containing_another")
        << QStringList{QStringLiteral("abcd"), QStringLiteral("abcdefgh")} << QStringLiteral("a abcdefgh b abcd c")
        << QStringLiteral("a *** b *** c") << QStringList() << QStringList();
    QTest::newRow("ordinary_text") << QStringList{QStringLiteral("s3cr3t-value")}
                                   << QStringLiteral("synced 42 rows to contacts in 1.2 s (upsert, 0 rejects)")
                                   << QStringLiteral("synced 42 rows to contacts in 1.2 s (upsert, 0 rejects)")
                                   << QStringList() << QStringList();
    QTest::newRow("ordinary_non_ascii") << QStringList() << QStringLiteral("Zürich → São Paulo: 3 Zeilen übertragen")
                                        << QStringLiteral("Zürich → São Paulo: 3 Zeilen übertragen") << QStringList()
                                        << QStringList();
    // KnownSecrets::add ignores values shorter than 4 characters: masking "abc" (or "1",
    // "id") everywhere would scramble ordinary words and numbers in every line, and no real
    // token is that short. Such a value therefore stays visible.
    QTest::newRow("short_secret_not_masked")
        << QStringList{QStringLiteral("abc")} << QStringLiteral("abc is too short to be masked")
        << QStringLiteral("abc is too short to be masked") << QStringList() << QStringList();
}

void Tst_logging::redact()
{
    QFETCH(QStringList, secrets);
    QFETCH(QString, line);
    QFETCH(QString, exact);
    QFETCH(QStringList, present);
    QFETCH(QStringList, absent);

    for (const QString& secret : secrets)
        KnownSecrets::add(secret);
    const QString redacted = ::redacted(line);
    if (!exact.isNull())
        QCOMPARE(redacted, exact);
    for (const QString& fragment : present)
        QVERIFY2(redacted.contains(fragment), qPrintable(QStringLiteral("no \"%1\" in: %2").arg(fragment, redacted)));
    for (const QString& fragment : absent)
        QVERIFY2(!redacted.contains(fragment), qPrintable(QStringLiteral("\"%1\" leaked: %2").arg(fragment, redacted)));
}

void Tst_logging::fileSinkIsRedactedAndTakesQtMessages()
{
    const KeepTestMessageHandler keep;
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString logDir = dir.filePath(QStringLiteral(".ebb/logs"));

    QVERIFY(Log::init({logDir, false, false}).ok());
    auto shutdown = qScopeGuard([] { Log::shutdown(); });
    KnownSecrets::add(QStringLiteral("tok-9f8e7d6c5b4a"));
    spdlog::info("POST https://api.hubapi.com/crm/v3 Authorization: Bearer abc.def.ghi");
    spdlog::warn("the server echoed tok-9f8e7d6c5b4a back in its reply");
    spdlog::debug("below the level: {}", "not written");
    qWarning("Qt says: %s", "the disk is nearly full");
    qInfo("Qt repeats tok-9f8e7d6c5b4a");
    shutdown.dismiss();
    Log::shutdown();

    QFile file(QDir(logDir).filePath(QStringLiteral("ebb.log")));
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.fileName()));
    const QString log = QString::fromUtf8(file.readAll());
    QVERIFY2(
        log.contains(QLatin1String("[warning]")) && log.contains(QLatin1String("Qt says: the disk is nearly full")),
        qPrintable(log));
    QVERIFY2(log.contains(QLatin1String("Authorization: ***")), qPrintable(log));
    QVERIFY2(log.contains(QLatin1String("the server echoed *** back in its reply")), qPrintable(log));
    QVERIFY2(log.contains(QLatin1String("Qt repeats ***")), qPrintable(log));
    QVERIFY2(!log.contains(QLatin1String("tok-9f8e7d6c5b4a")), qPrintable(log));
    QVERIFY2(!log.contains(QLatin1String("abc.def")), qPrintable(log));
    QVERIFY2(!log.contains(QLatin1String("not written")), qPrintable(log));
    QCOMPARE(log.count(QLatin1Char('\n')), 4);
}

// 50,000 lines from a worker while the GUI thread keeps spinning: every line is either
// shown or counted in a "not shown" notice, in order, for a tiny number of events.
void Tst_logging::bridgeBatchesBurstFromThread()
{
    constexpr int total = 50000;
    LogBridge bridge;
    BridgeRecorder recorder;
    recorder.attach(bridge);

    std::thread poster([&bridge] {
        for (int i = 0; i < total; ++i)
            bridge.post(numbered(i));
    });
    auto join = qScopeGuard([&poster] { poster.join(); });

    QTRY_COMPARE_WITH_TIMEOUT(recorder.lines.size() + recorder.dropped, qsizetype(total), 20000);
    join.dismiss();
    poster.join();
    QCoreApplication::processEvents(); // nothing may be left over
    QCOMPARE(recorder.lines.size() + recorder.dropped, qsizetype(total));

    QVERIFY2(recorder.emissions < total / 100,
        qPrintable(QStringLiteral("%1 emissions for %2 lines").arg(recorder.emissions).arg(total)));
    QVERIFY(!recorder.noticeNotFirst);
    QVERIFY(recorder.lines.size() >= LogBridge::maxQueued); // the newest lines always survive
    QCOMPARE(recorder.lines.last(), numbered(total - 1));
    // Dropping keeps the newest lines, so what is shown is in order with no repeats.
    int previous = -1;
    for (const QString& line : std::as_const(recorder.lines)) {
        const int n = line.mid(5).toInt();
        QVERIFY2(n > previous, qPrintable(line));
        previous = n;
    }
    if (recorder.dropped == 0)
        QCOMPARE(recorder.lines.size(), qsizetype(total));
    qInfo("%d emissions, %lld lines shown, %lld dropped", recorder.emissions, qlonglong(recorder.lines.size()),
        qlonglong(recorder.dropped));
}

// A backlog beyond maxQueued keeps the newest lines and says how many it dropped.
void Tst_logging::bridgeCapsBacklog()
{
    constexpr int total = 50000;
    LogBridge bridge;
    BridgeRecorder recorder;
    recorder.attach(bridge);

    // The GUI thread is blocked in join(), so the whole burst piles up before one delivery.
    std::thread([&bridge] {
        for (int i = 0; i < total; ++i)
            bridge.post(numbered(i));
    }).join();
    QCOMPARE(recorder.emissions, 0);

    QTRY_COMPARE(recorder.emissions, 1);
    QCOMPARE(recorder.notices,
        QStringList{QStringLiteral("… %1 earlier line(s) not shown (see ebb.log)").arg(total - LogBridge::maxQueued)});
    QCOMPARE(recorder.dropped, qsizetype(total - LogBridge::maxQueued));
    QCOMPARE(recorder.lines.size(), qsizetype(LogBridge::maxQueued));
    QCOMPARE(recorder.lines.first(), numbered(total - LogBridge::maxQueued));
    QCOMPARE(recorder.lines.last(), numbered(total - 1));

    // The count starts over: the next small batch comes without a notice.
    bridge.post(QStringLiteral("after"));
    QTRY_COMPARE(recorder.emissions, 2);
    QCOMPARE(recorder.notices.size(), 1);
    QCOMPARE(recorder.lines.last(), QStringLiteral("after"));
}

void Tst_logging::bridgeKeepsGuiThreadOrder()
{
    LogBridge bridge;
    BridgeRecorder recorder;
    recorder.attach(bridge);

    const QStringList first{QStringLiteral("one"), QStringLiteral("two"), QStringLiteral("three")};
    for (const QString& line : first)
        bridge.post(line);
    QCOMPARE(recorder.emissions, 0); // delivered from the event loop, never re-entrantly
    QTRY_COMPARE(recorder.lines, first);
    QCOMPARE(recorder.emissions, 1);

    bridge.post(QStringLiteral("four"));
    bridge.post(QStringLiteral("five"));
    QTRY_COMPARE(recorder.emissions, 2);
    QCOMPARE(recorder.lines, first + QStringList({QStringLiteral("four"), QStringLiteral("five")}));
    QVERIFY(recorder.notices.isEmpty());
}

void Tst_logging::bridgeSinkDeliversRedactedLines()
{
    const KeepTestMessageHandler keep;
    auto shutdown = qScopeGuard([] { Log::shutdown(); });
    auto* bridge = new LogBridge;
    BridgeRecorder recorder;
    recorder.attach(*bridge);

    Log::attachBridge(bridge);
    KnownSecrets::add(QStringLiteral("sk_live_51Habc"));
    // The window's log says UTC times, as its history does, whatever the local zone.
    const QByteArray zone = qgetenv("TZ");
    qputenv("TZ", "Asia/Kathmandu"); // UTC+05:45
    tzset();
    auto restoreZone = qScopeGuard([&] {
        qputenv("TZ", zone);
        tzset();
    });
    const QTime utcNow = QDateTime::currentDateTimeUtc().time();
    spdlog::info("calling {} with Authorization: Bearer {}", "hubspot", "abc.def.ghi");
    spdlog::error("rejected key sk_live_51Habc");
    QTRY_COMPARE(recorder.lines.size(), 2);
    static const QRegularExpression time(QStringLiteral("^\\d\\d:\\d\\d:\\d\\d "));
    QVERIFY2(time.match(recorder.lines.at(0)).hasMatch(), qPrintable(recorder.lines.at(0)));
    const int apart
        = std::abs(utcNow.secsTo(QTime::fromString(recorder.lines.at(0).left(8), QStringLiteral("HH:mm:ss"))));
    QVERIFY2(apart <= 5 || apart >= 86400 - 5, qPrintable(recorder.lines.at(0)));
    QCOMPARE(recorder.lines.at(0).mid(9), QStringLiteral("[info] calling hubspot with Authorization: ***"));
    QCOMPARE(recorder.lines.at(1).mid(9), QStringLiteral("[error] rejected key ***"));

    // Opening another workspace re-inits the log; the GUI's bridge stays attached.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(Log::init({dir.path(), false, false}).ok());
    spdlog::warn("after re-init");
    QTRY_COMPARE(recorder.lines.size(), 3);
    QCOMPARE(recorder.lines.at(2).mid(9), QStringLiteral("[warning] after re-init"));

    // Detached, the bridge hears nothing more, and logging goes on without it even once
    // the bridge is gone.
    Log::attachBridge(nullptr);
    spdlog::info("after detach");
    delete bridge;
    spdlog::info("after the bridge is deleted");
    qWarning("a Qt warning after the bridge is deleted");
    QTest::qWait(50);
    QCOMPARE(recorder.lines.size(), 3);
    QCOMPARE(recorder.emissions, 2);
}

QTEST_GUILESS_MAIN(Tst_logging)
#include "tst_logging.moc"
