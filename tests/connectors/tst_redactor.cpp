#include "connectors/secrets/KnownSecrets.h"
#include "connectors/secrets/Redactor.h"

#include <QTest>

using namespace Ebb;

// What Redactor masks before text reaches the journal, a log, the terminal, --json or the window.
class TestRedactor : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void redact_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        const auto row = [](const char* name, const QString& text, const QString& expected) {
            QTest::newRow(name) << text << expected;
        };
        row("url user info", QStringLiteral("could not connect to postgres://ebb:hunter22@db:5432/x"),
            QStringLiteral("could not connect to postgres://ebb:***@db:5432/x"));
        row("https user info", QStringLiteral("GET https://u:p4ss@api.example/v1"),
            QStringLiteral("GET https://u:***@api.example/v1"));
        row("double-quoted value with spaces", QStringLiteral("password=\"correct horse battery\" host=h"),
            QStringLiteral("password=\"***\" host=h"));
        row("single-quoted value", QStringLiteral("password='s3 cr3t' user=u"),
            QStringLiteral("password='***' user=u"));
        row("pwd pair", QStringLiteral("Server=x;Uid=u;Pwd=hunter22;"), QStringLiteral("Server=x;Uid=u;Pwd=***;"));
        row("aws secret", QStringLiteral("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG"),
            QStringLiteral("aws_secret_access_key = ***"));
        row("client secret json", QStringLiteral("{\"client_secret\": \"abc123xyz\", \"id\": 1}"),
            QStringLiteral("{\"client_secret\": \"***\", \"id\": 1}"));
        row("json-escaped in a string", QStringLiteral("\"body\": \"{\\\"password\\\":\\\"hunter22\\\"}\""),
            QStringLiteral("\"body\": \"{\\\"password\\\":\\\"***\\\"}\""));
        row("url-encoded form", QStringLiteral("grant_type=password&password%3Dhunter22&x=1"),
            QStringLiteral("grant_type=password&password%3D***&x=1"));
        row("form field", QStringLiteral("client_id=abc&client_secret=shh12345&refresh_token=rt-9"),
            QStringLiteral("client_id=abc&client_secret=***&refresh_token=***"));
        row("bearer", QStringLiteral("Authorization: Bearer eyJhbGciOi.J9"), QStringLiteral("Authorization: ***"));
        row("ordinary text", QStringLiteral("12 rows sent to crm (contacts)"),
            QStringLiteral("12 rows sent to crm (contacts)"));
    }

    void redact()
    {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        QCOMPARE(Redactor::redact(text), expected);
    }

    // A resolved secret is masked in the forms a server may echo it in.
    void knownSecretInEncodedForms()
    {
        KnownSecrets::add(QStringLiteral("p@ss wörd\"/x"));
        QCOMPARE(Redactor::redact(QStringLiteral("raw p@ss wörd\"/x end")), QStringLiteral("raw *** end"));
        QCOMPARE(Redactor::redact(QStringLiteral("url p%40ss%20w%C3%B6rd%22%2Fx end")), QStringLiteral("url *** end"));
        QCOMPARE(Redactor::redact(QStringLiteral("json \"p@ss wörd\\\"/x\" end")), QStringLiteral("json \"***\" end"));
        KnownSecrets::clear();
    }

    void escapeControls()
    {
        QCOMPARE(Redactor::escapeControls(QStringLiteral("a\nb\r\tc\x1b[31mred")),
            QStringLiteral("a\\nb\\r\\tc\\x1b[31mred"));
        QCOMPARE(Redactor::escapeControls(QStringLiteral("a\nb\tc"), true), QStringLiteral("a\nb\tc"));
        QCOMPARE(
            Redactor::escapeControls(QString(QChar(0x202e)) + QStringLiteral("txt")), QStringLiteral("\\u202etxt"));
        QCOMPARE(Redactor::escapeControls(QStringLiteral("plain Zoë")), QStringLiteral("plain Zoë"));
        QCOMPARE(Redactor::escapeControls(QString(QChar(0x9b))), QStringLiteral("\\x9b")); // C1 CSI
    }
};

QTEST_GUILESS_MAIN(TestRedactor)
#include "tst_redactor.moc"
