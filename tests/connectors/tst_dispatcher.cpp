#include "connectors/http/Dispatcher.h"
#include "emulators/BatchEmulator.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTest>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>
#include <sstream>

using namespace Ebb;
using Ebb::Emulators::BatchEmulator;

namespace {

const QByteArray token = QByteArrayLiteral("pat-na1-0123456789-test-token");

// HttpProtocol against the emulator: HubSpot's batch upsert shape, results tied back by id.
class TestProtocol : public HttpProtocol
{
public:
    QUrl url;
    QByteArray bearer = token;

    QNetworkRequest request(const QList<OutgoingRecord>&, const QByteArray&) const override
    {
        QNetworkRequest request(url);
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        request.setRawHeader(QByteArrayLiteral("Authorization"), "Bearer " + bearer);
        return request;
    }

    QByteArray body(const QList<OutgoingRecord>& batch) const override
    {
        QJsonArray inputs;
        for (const OutgoingRecord& record : batch) {
            QJsonObject properties;
            for (int i = 0; i < record.payload.size(); ++i)
                properties.insert(record.payload.fields().at(i), record.payload.value(i).toString());
            inputs.append(QJsonObject{{QStringLiteral("id"), QString::fromUtf8(record.key)},
                {QStringLiteral("idProperty"), QStringLiteral("email")}, {QStringLiteral("properties"), properties}});
        }
        return QJsonDocument(QJsonObject{{QStringLiteral("inputs"), inputs}}).toJson(QJsonDocument::Compact);
    }

    HttpAnswer parse(int status, const QByteArray& body, const QList<OutgoingRecord>& batch) const override
    {
        const QJsonObject answer = QJsonDocument::fromJson(body).object();
        if (status != 200 && status != 207)
            return HttpFailure::fromStatus(status, answer.value(QStringLiteral("message")).toString());
        QSet<QString> acknowledged;
        for (const QJsonValue& result : answer.value(QStringLiteral("results")).toArray())
            acknowledged.insert(result.toObject().value(QStringLiteral("id")).toString());
        QHash<QString, QString> refused;
        for (const QJsonValue& value : answer.value(QStringLiteral("errors")).toArray()) {
            const QJsonObject error = value.toObject();
            const QJsonArray ids
                = error.value(QStringLiteral("context")).toObject().value(QStringLiteral("id")).toArray();
            for (const QJsonValue& id : ids)
                refused.insert(id.toString(), error.value(QStringLiteral("message")).toString());
        }
        QList<RecordOutcome> outcomes;
        for (const OutgoingRecord& record : batch) {
            const QString id = QString::fromUtf8(record.key);
            if (refused.contains(id))
                outcomes.append(RecordOutcome{false, refused.value(id)});
            else if (acknowledged.contains(id))
                outcomes.append(RecordOutcome{true, {}});
            else
                outcomes.append(
                    RecordOutcome{false, QStringLiteral("the destination's answer did not mention this record")});
        }
        return outcomes;
    }
};

QStringList ids(int count, const QString& prefix = QStringLiteral("r"))
{
    QStringList list;
    for (int i = 0; i < count; ++i)
        list.append(prefix + QString::number(i));
    return list;
}

QList<OutgoingRecord> records(const QStringList& keys)
{
    static const auto fields
        = std::make_shared<const QStringList>(QStringList{QStringLiteral("email"), QStringLiteral("score")});
    QList<OutgoingRecord> list;
    for (int i = 0; i < keys.size(); ++i) {
        OutgoingRecord record;
        record.key = keys[i].toUtf8();
        record.matchValue = keys[i];
        record.payload = Payload(fields);
        record.payload.set(0, keys[i] + QStringLiteral("@example.com"));
        record.payload.set(1, i);
        list.append(record);
    }
    return list;
}

DispatcherOptions fastOptions()
{
    DispatcherOptions options;
    options.maxBatchSize = 10;
    options.maxInFlight = 4;
    options.timeoutMs = 5000;
    options.backoff.baseMs = 20;
    options.backoff.capMs = 100;
    options.backoff.maxAttempts = 4;
    options.rateLimit = {0, 1.0};
    return options;
}

int acknowledged(const QList<RecordOutcome>& outcomes)
{
    return int(std::count_if(outcomes.begin(), outcomes.end(), [](const RecordOutcome& o) { return o.ok; }));
}

} // namespace

class TestDispatcher : public QObject
{
    Q_OBJECT

    std::ostringstream m_log;
    std::unique_ptr<BatchEmulator> m_emulator;
    TestProtocol m_protocol;

    QString log() const { return QString::fromStdString(m_log.str()); }

private Q_SLOTS:
    void initTestCase()
    {
        auto logger = std::make_shared<spdlog::logger>(
            "dispatcher-test", std::make_shared<spdlog::sinks::ostream_sink_mt>(m_log));
        logger->set_level(spdlog::level::debug);
        spdlog::set_default_logger(logger);
    }

    void init()
    {
        m_emulator = std::make_unique<BatchEmulator>();
        m_emulator->setToken(token);
        QVERIFY(m_emulator->listen());
        m_protocol = TestProtocol();
        m_protocol.url = m_emulator->url();
    }

    void cleanup() { m_emulator.reset(); }

    void cleanupTestCase()
    {
        // The dispatcher logged every request, retry and failure, and never a credential.
        QVERIFY(log().contains(QLatin1String("dispatch: POST http://127.0.0.1:")));
        QVERIFY(!log().contains(QString::fromLatin1(token)));
        QVERIFY(!log().contains(QLatin1String("Authorization"), Qt::CaseInsensitive));
    }

    void allAcknowledgedInBatchesOfTheMaximum()
    {
        DispatcherOptions options = fastOptions();
        options.maxBatchSize = 100;
        Dispatcher dispatcher(m_protocol, options);
        const QStringList keys = ids(250);
        const auto outcomes = dispatcher.send(records(keys));
        QVERIFY(outcomes.ok());
        QCOMPARE(outcomes->size(), 250);
        QCOMPARE(acknowledged(*outcomes), 250);
        QCOMPARE(m_emulator->requestCount(), 3);
        QList<int> sizes;
        for (const QStringList& batch : m_emulator->requestIds())
            sizes.append(int(batch.size()));
        std::sort(sizes.begin(), sizes.end());
        QCOMPARE(sizes, (QList<int>{50, 100, 100}));
        QStringList seen = m_emulator->seenIds();
        seen.sort();
        QStringList expected = keys;
        expected.sort();
        QCOMPARE(seen, expected);
        QCOMPARE(m_emulator->authorizations().first(), "Bearer " + token);
    }

    void rateLimitedRetriesAfterTheServersWait_data()
    {
        QTest::addColumn<QByteArray>("retryAfter");
        QTest::addColumn<BatchEmulator::Headers>("headers");
        QTest::addColumn<qint64>("minimumWaitMs");
        QTest::newRow("Retry-After seconds") << QByteArray("1") << BatchEmulator::Headers{} << qint64(1000);
        // HubSpot sends no Retry-After: its rolling interval is the wait.
        QTest::newRow("HubSpot interval header")
            << QByteArray() << BatchEmulator::Headers{{"X-HubSpot-RateLimit-Interval-Milliseconds", "600"}}
            << qint64(600);
    }
    void rateLimitedRetriesAfterTheServersWait()
    {
        QFETCH(QByteArray, retryAfter);
        QFETCH(BatchEmulator::Headers, headers);
        QFETCH(qint64, minimumWaitMs);
        m_emulator->setRateLimited(1, retryAfter);
        m_emulator->setResponseHeaders(headers);
        DispatcherOptions options = fastOptions();
        options.rateLimit = {100, 10.0};
        options.maxInFlight = 1;
        Dispatcher dispatcher(m_protocol, options);
        dispatcher.bucket().setRecoveryMs(600000); // so the factor is still visibly down at the end

        QElapsedTimer timer;
        timer.start();
        const auto outcomes = dispatcher.send(records(ids(5)));
        const qint64 elapsed = timer.elapsed();
        QVERIFY(outcomes.ok());
        QCOMPARE(acknowledged(*outcomes), 5);
        QCOMPARE(m_emulator->requestCount(), 2);
        // Lower bounds only: the retry came no sooner than the server asked.
        const QList<qint64> times = m_emulator->requestTimesMs();
        QVERIFY2(times[1] - times[0] >= minimumWaitMs, qPrintable(QString::number(times[1] - times[0])));
        QVERIFY(elapsed >= minimumWaitMs);
        // And the connection's bucket slowed down.
        QVERIFY2(
            dispatcher.bucket().rateFactor() < 0.51, qPrintable(QString::number(dispatcher.bucket().rateFactor())));
    }

    void retryAfterLongerThanARunWaitsLeavesRecordsPending()
    {
        m_emulator->setRateLimited(100, QByteArrayLiteral("3600"));
        Dispatcher dispatcher(m_protocol, fastOptions());
        QElapsedTimer timer;
        timer.start();
        const auto outcomes = dispatcher.send(records(ids(3)));
        QVERIFY(outcomes.ok());
        QCOMPARE(acknowledged(*outcomes), 0);
        QVERIFY2(outcomes->first().error.contains(QLatin1String("3600 s")), qPrintable(outcomes->first().error));
        QCOMPARE(m_emulator->requestCount(), 1);
        QVERIFY(timer.elapsed() < 3000);
    }

    void serverErrorsAreRetried()
    {
        m_emulator->setServerErrors(2);
        Dispatcher dispatcher(m_protocol, fastOptions());
        const DispatchResult result = dispatcher.dispatch(records(ids(5)));
        QVERIFY(!result.fatal);
        for (const auto& outcome : result.outcomes)
            QVERIFY(outcome && outcome->ok);
        QCOMPARE(m_emulator->requestCount(), 3);
        QCOMPARE(result.retries, 2);
    }

    void serverErrorsForeverGiveUpAfterMaxAttempts()
    {
        m_emulator->setServerErrors(-1);
        DispatcherOptions options = fastOptions();
        options.maxBatchSize = 5;
        options.backoff.maxAttempts = 3;
        Dispatcher dispatcher(m_protocol, options);
        const auto outcomes = dispatcher.send(records(ids(10)));
        QVERIFY(outcomes.ok()); // not fatal: the records stay pending for the next run
        QCOMPARE(outcomes->size(), 10);
        for (const RecordOutcome& outcome : *outcomes) {
            QVERIFY(!outcome.ok);
            QVERIFY(outcome.pending); // no answer, not a refusal
            QVERIFY2(outcome.error.contains(QLatin1String("HTTP 500")), qPrintable(outcome.error));
            QVERIFY2(outcome.error.contains(QLatin1String("gave up after 3 attempts")), qPrintable(outcome.error));
        }
        QCOMPARE(m_emulator->requestCount(), 2 * 3);
    }

    void batchRefusedAsAWholeIsSplitToTheBadRecord()
    {
        QStringList keys = ids(8);
        keys[5] = QStringLiteral("bad");
        DispatcherOptions options = fastOptions();
        options.maxBatchSize = 8;
        Dispatcher dispatcher(m_protocol, options);
        const DispatchResult result = dispatcher.dispatch(records(keys));
        QVERIFY(!result.fatal);
        for (int i = 0; i < keys.size(); ++i) {
            QVERIFY(result.outcomes[i].has_value());
            QCOMPARE(result.outcomes[i]->ok, i != 5);
            QVERIFY(!result.outcomes[i]->pending);
        }
        QVERIFY2(result.outcomes[5]->error.contains(QLatin1String("HTTP 400")), qPrintable(result.outcomes[5]->error));
        QVERIFY2(
            result.outcomes[5]->error.contains(QLatin1String("INVALID_EMAIL")), qPrintable(result.outcomes[5]->error));
        // 8 -> 4 + 4(bad) -> 2 + 2(bad) -> 1 + 1(bad): seven requests, three splits.
        QCOMPARE(m_emulator->requestCount(), 7);
        QCOMPARE(result.splits, 3);
        QList<int> sizes;
        for (const QStringList& batch : m_emulator->requestIds())
            sizes.append(int(batch.size()));
        std::sort(sizes.begin(), sizes.end());
        QCOMPARE(sizes, (QList<int>{1, 1, 2, 2, 4, 4, 8}));
    }

    void partialAnswerGivesPerRecordOutcomes()
    {
        const QStringList keys{
            QStringLiteral("a"), QStringLiteral("reject-1"), QStringLiteral("b"), QStringLiteral("reject-2")};
        Dispatcher dispatcher(m_protocol, fastOptions());
        const auto outcomes = dispatcher.send(records(keys));
        QVERIFY(outcomes.ok());
        QCOMPARE(outcomes->size(), 4);
        QVERIFY(outcomes->at(0).ok);
        QVERIFY(!outcomes->at(1).ok);
        QVERIFY(!outcomes->at(1).pending); // refused: the record itself is at fault
        QCOMPARE(outcomes->at(1).error, QStringLiteral("reject-1 was not one of the allowed options"));
        QVERIFY(outcomes->at(2).ok);
        QVERIFY(!outcomes->at(3).ok);
        QCOMPARE(m_emulator->requestCount(), 1); // a 207 is an answer, not a failure: no retry, no split
    }

    void timeoutIsRetried()
    {
        m_emulator->setDelay(2000, 1);
        DispatcherOptions options = fastOptions();
        options.timeoutMs = 300;
        Dispatcher dispatcher(m_protocol, options);
        const DispatchResult result = dispatcher.dispatch(records(ids(4)));
        QVERIFY(!result.fatal);
        for (const auto& outcome : result.outcomes)
            QVERIFY(outcome && outcome->ok);
        QCOMPARE(m_emulator->requestCount(), 2);
        QCOMPARE(result.retries, 1);
        QVERIFY(log().contains(QLatin1String("no answer within 0.3 s")));
    }

    void timeoutForeverGivesUp()
    {
        m_emulator->setDelay(1000);
        DispatcherOptions options = fastOptions();
        options.timeoutMs = 100;
        options.backoff.maxAttempts = 2;
        Dispatcher dispatcher(m_protocol, options);
        const auto outcomes = dispatcher.send(records(ids(2)));
        QVERIFY(outcomes.ok());
        QCOMPARE(acknowledged(*outcomes), 0);
        QVERIFY2(
            outcomes->first().error.contains(QLatin1String("no answer within")), qPrintable(outcomes->first().error));
        QCOMPARE(m_emulator->requestCount(), 2);
    }

    // A server that trickles (or never ends) its answer is cut off by the overall deadline, even
    // while bytes keep the transfer timeout from firing; the records are sent again.
    void deadlineCutsOffASlowAnswer()
    {
        m_emulator->setDelay(2000, 1);
        DispatcherOptions options = fastOptions();
        options.timeoutMs = 10000;
        options.deadlineMs = 300;
        Dispatcher dispatcher(m_protocol, options);
        const DispatchResult result = dispatcher.dispatch(records(ids(4)));
        QVERIFY(!result.fatal);
        for (const auto& outcome : result.outcomes)
            QVERIFY(outcome && outcome->ok);
        QVERIFY2(log().contains(QLatin1String("no whole answer within 0.3 s")), qPrintable(log()));
    }

    // An answer past the cap is not read into memory: the request counts as unanswered.
    void oversizedAnswerIsCutOff()
    {
        DispatcherOptions options = fastOptions();
        options.maxAnswerBytes = 8;
        options.backoff.maxAttempts = 2;
        Dispatcher dispatcher(m_protocol, options);
        const auto outcomes = dispatcher.send(records(ids(2)));
        QVERIFY(outcomes.ok());
        QCOMPARE(acknowledged(*outcomes), 0);
        QVERIFY2(outcomes->first().error.contains(QLatin1String("an answer of more than 8 bytes")),
            qPrintable(outcomes->first().error));
    }

    void inFlightLimit_data()
    {
        QTest::addColumn<int>("maxInFlight");
        QTest::newRow("one at a time") << 1;
        QTest::newRow("three") << 3;
        QTest::newRow("five") << 5;
    }
    void inFlightLimit()
    {
        QFETCH(int, maxInFlight);
        m_emulator->setDelay(100);
        DispatcherOptions options = fastOptions();
        options.maxBatchSize = 2;
        options.maxInFlight = maxInFlight;
        Dispatcher dispatcher(m_protocol, options);
        const auto outcomes = dispatcher.send(records(ids(20)));
        QVERIFY(outcomes.ok());
        QCOMPARE(acknowledged(*outcomes), 20);
        QCOMPARE(m_emulator->requestCount(), 10);
        QVERIFY2(m_emulator->maxConcurrent() <= maxInFlight, qPrintable(QString::number(m_emulator->maxConcurrent())));
        if (maxInFlight > 1)
            QVERIFY2(m_emulator->maxConcurrent() > 1, qPrintable(QString::number(m_emulator->maxConcurrent())));
    }

    void tokenBucketPacesRequests()
    {
        DispatcherOptions options = fastOptions();
        options.maxBatchSize = 1;
        options.rateLimit = {4, 1.0}; // a burst of 4, then one every 250 ms
        QElapsedTimer timer;
        timer.start();
        Dispatcher dispatcher(m_protocol, options);
        const auto outcomes = dispatcher.send(records(ids(7)));
        const qint64 elapsed = timer.elapsed();
        QVERIFY(outcomes.ok());
        QCOMPARE(acknowledged(*outcomes), 7);
        QCOMPARE(m_emulator->requestCount(), 7);
        // Three requests beyond the burst take at least 3 x 250 ms. (Measured where they leave:
        // the server sees the first one late, after the connection is set up.)
        QVERIFY2(elapsed >= 750, qPrintable(QString::number(elapsed)));
    }

    void cancelStopsBetweenBatchesAndLosesNothing()
    {
        std::atomic_bool cancel = false;
        m_emulator->setDelay(50);
        m_emulator->setOnRequest([&cancel](int) { cancel = true; }); // the user presses Cancel while batch 1 is out
        DispatcherOptions options = fastOptions();
        options.maxBatchSize = 2;
        options.maxInFlight = 1;
        Dispatcher dispatcher(m_protocol, options, &cancel);
        const QStringList keys = ids(8);
        const DispatchResult result = dispatcher.dispatch(records(keys));
        QVERIFY(!result.fatal);
        QVERIFY(result.cancelled);
        // The batch in flight finished and counts; nothing after it was sent or has an outcome.
        QVERIFY(result.outcomes[0] && result.outcomes[0]->ok);
        QVERIFY(result.outcomes[1] && result.outcomes[1]->ok);
        for (int i = 2; i < keys.size(); ++i)
            QVERIFY(!result.outcomes[i].has_value());
        QCOMPARE(m_emulator->requestCount(), 1);
        QCOMPARE(m_emulator->seenIds(), keys.mid(0, 2));

        // Through send() the unsent records are failures that say why, and nothing more goes out.
        const auto outcomes = dispatcher.send(records(keys));
        QVERIFY(outcomes.ok());
        QCOMPARE(acknowledged(*outcomes), 0);
        QVERIFY(outcomes->first().error.contains(QLatin1String("cancelled")));
        QCOMPARE(m_emulator->requestCount(), 1);
    }

    void unauthorizedStopsTheRun()
    {
        m_protocol.bearer = QByteArrayLiteral("wrong-token-value");
        DispatcherOptions options = fastOptions();
        options.maxBatchSize = 2;
        options.maxInFlight = 4;
        Dispatcher dispatcher(m_protocol, options);
        const auto outcomes = dispatcher.send(records(ids(20)));
        QVERIFY(!outcomes.ok());
        QCOMPARE(outcomes.error().category, Error::Category::Network);
        QVERIFY2(outcomes.error().message.contains(QLatin1String("HTTP 401")), qPrintable(outcomes.error().message));
        QVERIFY(outcomes.error().message.contains(QLatin1String("Authentication credentials not found")));
        // Stopped at once: the requests already out are dropped, no retries, nothing new sent.
        QVERIFY2(m_emulator->requestCount() <= 4, qPrintable(QString::number(m_emulator->requestCount())));
        QVERIFY(!log().contains(QLatin1String("wrong-token-value")));
    }

    void connectionRefusedIsRetriedThenPending()
    {
        const QUrl url = m_emulator->url();
        m_emulator.reset(); // nobody listens there any more
        m_protocol.url = url;
        DispatcherOptions options = fastOptions();
        options.backoff.maxAttempts = 2;
        Dispatcher dispatcher(m_protocol, options);
        const DispatchResult result = dispatcher.dispatch(records(ids(3)));
        QVERIFY(!result.fatal);
        QCOMPARE(result.retries, 1);
        for (const auto& outcome : result.outcomes) {
            QVERIFY(outcome && !outcome->ok && outcome->pending);
            QVERIFY2(outcome->error.contains(QLatin1String("gave up after 2 attempts")), qPrintable(outcome->error));
        }
    }
};

QTEST_GUILESS_MAIN(TestDispatcher)
#include "tst_dispatcher.moc"
