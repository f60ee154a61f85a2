#include "connectors/warehouse/WarehouseFactory.h"
#include "connectors/warehouse/postgres/PgSettingsBuilder.h"
#include "connectors/warehouse/postgres/PostgresWarehouse.h"
#include "models/Workspace.h"
#include "support/TestSupport.h"

#include <QCoreApplication>
#include <QDir>
#include <QTest>
#include <arpa/inet.h>
#include <atomic>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

using namespace Ebb;

namespace {

// A PostgreSQL server as an attacker on the path would run it: it declines TLS and asks for
// the password in clear text. It records whether a password message ever arrived.
class FakeCleartextServer
{
public:
    FakeCleartextServer()
    {
        m_listen = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t size = sizeof address;
        ::bind(m_listen, reinterpret_cast<sockaddr*>(&address), sizeof address);
        ::listen(m_listen, 4);
        ::getsockname(m_listen, reinterpret_cast<sockaddr*>(&address), &size);
        m_port = ntohs(address.sin_port);
        m_thread = std::thread([this] { serve(); });
    }
    ~FakeCleartextServer()
    {
        m_stop = true;
        m_thread.join();
        ::close(m_listen);
    }
    int port() const { return m_port; }
    bool gotPassword() const { return m_gotPassword; }
    int connections() const { return m_connections; }

private:
    static bool readAll(int fd, char* buffer, size_t size)
    {
        size_t done = 0;
        while (done < size) {
            pollfd p{fd, POLLIN, 0};
            if (::poll(&p, 1, 3000) <= 0)
                return false;
            const ssize_t n = ::read(fd, buffer + done, size - done);
            if (n <= 0)
                return false;
            done += size_t(n);
        }
        return true;
    }
    static quint32 be32(const char* p) { return ntohl(*reinterpret_cast<const quint32*>(p)); }

    void serve()
    {
        while (!m_stop) {
            pollfd p{m_listen, POLLIN, 0};
            if (::poll(&p, 1, 100) <= 0)
                continue;
            const int fd = ::accept(m_listen, nullptr, nullptr);
            if (fd < 0)
                continue;
            ++m_connections;
            handle(fd);
            ::close(fd);
        }
    }

    void handle(int fd)
    {
        for (;;) {
            char head[8];
            if (!readAll(fd, head, 8))
                return;
            const quint32 length = be32(head);
            if (length == 8 && be32(head + 4) == 80877103) { // SSLRequest: "no TLS here"
                if (::write(fd, "N", 1) != 1)
                    return;
                continue;
            }
            std::string rest(length - 8, '\0');
            if (length < 8 || length > 10000 || !readAll(fd, rest.data(), rest.size()))
                return;
            const char askCleartext[] = {'R', 0, 0, 0, 8, 0, 0, 0, 3};
            if (::write(fd, askCleartext, sizeof askCleartext) != sizeof askCleartext)
                return;
            char type = 0;
            if (readAll(fd, &type, 1) && type == 'p')
                m_gotPassword = true;
            return;
        }
    }

    int m_listen = -1;
    int m_port = 0;
    std::thread m_thread;
    std::atomic<bool> m_stop{false};
    std::atomic<bool> m_gotPassword{false};
    std::atomic<int> m_connections{0};
};

ConnectionSpec postgresConnection(const QJsonObject& json)
{
    ConnectionSpec c;
    c.id = QStringLiteral("warehouse");
    c.kind = QStringLiteral("postgres");
    c.json = json;
    return c;
}

} // namespace

class TestPgSecurity : public QObject
{
    Q_OBJECT

    QString m_schema = QStringLiteral("ebb_security_%1").arg(QCoreApplication::applicationPid());

private Q_SLOTS:
    void initTestCase()
    {
        EBB_REQUIRE_POSTGRES();
        QVERIFY(TestSupport::execPostgres(
            QStringLiteral("DROP SCHEMA IF EXISTS %1 CASCADE; CREATE SCHEMA %1;"
                           "CREATE TABLE %1.t (id int PRIMARY KEY); INSERT INTO %1.t VALUES (1), (2), (3);"
                           "CREATE SEQUENCE %1.s")
                .arg(m_schema)));
        qunsetenv("PGSSLMODE");
    }

    void cleanupTestCase()
    {
        if (TestSupport::hasPostgres())
            TestSupport::execPostgres(
                QStringLiteral("SET client_min_messages = warning; DROP SCHEMA IF EXISTS %1 CASCADE").arg(m_schema));
    }

    // A preview or a run reads; a query that writes fails and changes nothing, on every path
    // a warehouse read takes (describe, the unique-key proof, the COPY stream).
    void queriesThatWriteChangeNothing_data()
    {
        QTest::addColumn<QString>("query");
        QTest::newRow("DELETE RETURNING in a CTE")
            << QStringLiteral("WITH d AS (DELETE FROM %1.t RETURNING id) SELECT id FROM d");
        QTest::newRow("UPDATE RETURNING in a CTE")
            << QStringLiteral("WITH u AS (UPDATE %1.t SET id = id + 10 RETURNING id) SELECT id FROM u");
        QTest::newRow("nextval") << QStringLiteral("SELECT nextval('%1.s') AS id");
    }

    void queriesThatWriteChangeNothing()
    {
        EBB_REQUIRE_POSTGRES();
        QFETCH(QString, query);
        Workspace workspace;
        workspace.root = QDir::tempPath();
        auto warehouse = WarehouseFactory::create(
            workspace, postgresConnection(TestSupport::postgresConnectionJson(QStringLiteral("warehouse"))));
        QVERIFY(warehouse.ok());
        (void)(*warehouse)->uniqueKeyIndex(query.arg(m_schema), QStringLiteral("id"));
        auto cursor = (*warehouse)->open(query.arg(m_schema));
        if (cursor.ok()) {
            auto batch = (*cursor)->next(100);
            QVERIFY(!batch.ok());
            QVERIFY2(batch.error().message.contains(QStringLiteral("read-only transaction")),
                qPrintable(batch.error().message));
        } else {
            QVERIFY2(cursor.error().message.contains(QStringLiteral("read-only transaction")),
                qPrintable(cursor.error().message));
        }
        QCOMPARE(TestSupport::postgresText(
                     QStringLiteral("SELECT string_agg(id::text, ',' ORDER BY id) FROM %1.t").arg(m_schema)),
            QStringLiteral("1,2,3"));
        QCOMPARE(TestSupport::postgresText(QStringLiteral("SELECT is_called::text FROM %1.s").arg(m_schema)),
            QStringLiteral("false"));
    }

    // With the defaults (no sslmode in the file, no PGSSLMODE), a server that declines TLS and
    // asks for a clear-text password gets no password. With "prefer", as before, it would.
    void cleartextServerGetsNoPasswordByDefault()
    {
        qputenv("EBB_TEST_FAKE_PASSWORD", "do-not-send-me");
        const auto connectTo = [](int port, const QString& sslmode) {
            QJsonObject json{{QStringLiteral("host"), QStringLiteral("127.0.0.1")}, {QStringLiteral("port"), port},
                {QStringLiteral("database"), QStringLiteral("d")}, {QStringLiteral("user"), QStringLiteral("u")},
                {QStringLiteral("password"), QStringLiteral("env:EBB_TEST_FAKE_PASSWORD")}};
            if (!sslmode.isEmpty())
                json.insert(QStringLiteral("sslmode"), sslmode);
            auto settings = PgSettingsBuilder::build(postgresConnection(json), QDir::tempPath(), true);
            QVERIFY(settings.ok());
            PostgresWarehouse warehouse(QStringLiteral("warehouse"), *settings);
            auto version = warehouse.test();
            QVERIFY(!version.ok());
        };
        {
            FakeCleartextServer server;
            connectTo(server.port(), QString());
            QVERIFY(server.connections() >= 1);
            QVERIFY(!server.gotPassword());
        }
        {
            FakeCleartextServer server;
            connectTo(server.port(), QStringLiteral("prefer"));
            QVERIFY(server.gotPassword()); // the fake is real: this is what the default prevents
        }
        qunsetenv("EBB_TEST_FAKE_PASSWORD");
    }

    void sslSettings()
    {
        QJsonObject json{{QStringLiteral("host"), QStringLiteral("db.example")},
            {QStringLiteral("database"), QStringLiteral("d")}, {QStringLiteral("user"), QStringLiteral("u")},
            {QStringLiteral("sslrootcert"), QStringLiteral("certs/ca.pem")}};
        auto settings = PgSettingsBuilder::build(postgresConnection(json), QStringLiteral("/srv/ws"), true);
        QVERIFY(settings.ok());
        QCOMPARE(settings->sslmode, QStringLiteral("verify-full"));
        QCOMPARE(settings->sslrootcert, QStringLiteral("/srv/ws/certs/ca.pem"));
        QVERIFY(settings->readOnly);
        // An administrator's PGSSLMODE is honoured when the file says nothing; the file wins.
        qputenv("PGSSLMODE", "require");
        QCOMPARE(PgSettingsBuilder::build(postgresConnection(json), QStringLiteral("/srv/ws"), true)->sslmode,
            QStringLiteral("require"));
        json.insert(QStringLiteral("sslmode"), QStringLiteral("verify-ca"));
        QCOMPARE(PgSettingsBuilder::build(postgresConnection(json), QStringLiteral("/srv/ws"), true)->sslmode,
            QStringLiteral("verify-ca"));
        qunsetenv("PGSSLMODE");
        QVERIFY(PgSettingsBuilder::isLoopback(QStringLiteral("127.0.0.1")));
        QVERIFY(PgSettingsBuilder::isLoopback(QStringLiteral("::1")));
        QVERIFY(!PgSettingsBuilder::isLoopback(QStringLiteral("db.example")));
    }
};

QTEST_GUILESS_MAIN(TestPgSecurity)
#include "tst_pgsecurity.moc"
