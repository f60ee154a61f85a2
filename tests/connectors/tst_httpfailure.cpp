#include "connectors/http/HttpFailure.h"

#include <QTest>

using namespace Ebb;

Q_DECLARE_METATYPE(HttpFailure::Kind)

class TestHttpFailure : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // The table at the end of docs/API-CONTRACTS.md, for a protocol with nothing better to say.
    void fromStatus_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<HttpFailure::Kind>("kind");
        QTest::addColumn<bool>("throttled");
        QTest::addColumn<qint64>("waitMs"); // -1: none
        using K = HttpFailure::Kind;
        QTest::newRow("429 rate limit") << 429 << K::Retry << true << qint64(-1);
        QTest::newRow("503 unavailable") << 503 << K::Retry << true << qint64(-1);
        QTest::newRow("500") << 500 << K::Retry << false << qint64(-1);
        QTest::newRow("502") << 502 << K::Retry << false << qint64(-1);
        QTest::newRow("504") << 504 << K::Retry << false << qint64(-1);
        QTest::newRow("408 request timeout") << 408 << K::Retry << false << qint64(-1);
        QTest::newRow("423 locked: HubSpot says wait 2 s") << 423 << K::Retry << false << qint64(2000);
        QTest::newRow("400 whole batch") << 400 << K::Split << false << qint64(-1);
        QTest::newRow("422 unprocessable") << 422 << K::Split << false << qint64(-1);
        QTest::newRow("413 too large") << 413 << K::Split << false << qint64(-1);
        QTest::newRow("409 conflict") << 409 << K::Split << false << qint64(-1);
        QTest::newRow("401 auth") << 401 << K::Fatal << false << qint64(-1);
        QTest::newRow("403 scopes") << 403 << K::Fatal << false << qint64(-1);
        QTest::newRow("404 object") << 404 << K::Fatal << false << qint64(-1);
        QTest::newRow("410 webhook gone") << 410 << K::Fatal << false << qint64(-1);
        QTest::newRow("302 redirect not followed") << 302 << K::Fatal << false << qint64(-1);
    }
    void fromStatus()
    {
        QFETCH(int, status);
        QFETCH(HttpFailure::Kind, kind);
        QFETCH(bool, throttled);
        QFETCH(qint64, waitMs);
        const HttpFailure failure = HttpFailure::fromStatus(status, QStringLiteral("words"));
        QCOMPARE(failure.kind, kind);
        QCOMPARE(failure.status, status);
        QCOMPARE(failure.throttled, throttled);
        QCOMPARE(failure.waitMs.value_or(-1), waitMs);
        QCOMPARE(failure.message, QStringLiteral("words"));
    }

    void fromNetworkError_data()
    {
        QTest::addColumn<QNetworkReply::NetworkError>("error");
        QTest::addColumn<HttpFailure::Kind>("kind");
        using K = HttpFailure::Kind;
        QTest::newRow("refused") << QNetworkReply::ConnectionRefusedError << K::Retry;
        QTest::newRow("reset") << QNetworkReply::RemoteHostClosedError << K::Retry;
        QTest::newRow("timeout") << QNetworkReply::TimeoutError << K::Retry;
        QTest::newRow("DNS hiccup") << QNetworkReply::HostNotFoundError << K::Retry;
        QTest::newRow("temporary") << QNetworkReply::TemporaryNetworkFailureError << K::Retry;
        QTest::newRow("TLS") << QNetworkReply::SslHandshakeFailedError << K::Fatal;
        QTest::newRow("proxy auth") << QNetworkReply::ProxyAuthenticationRequiredError << K::Fatal;
    }
    void fromNetworkError()
    {
        QFETCH(QNetworkReply::NetworkError, error);
        QFETCH(HttpFailure::Kind, kind);
        const HttpFailure failure = HttpFailure::fromNetworkError(error, QStringLiteral("what Qt said"));
        QCOMPARE(failure.kind, kind);
        QCOMPARE(failure.status, 0);
        QCOMPARE(failure.message, QStringLiteral("what Qt said"));
    }
};

QTEST_GUILESS_MAIN(TestHttpFailure)
#include "tst_httpfailure.moc"
