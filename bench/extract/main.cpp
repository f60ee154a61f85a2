// Streams a query's rows through the PostgreSQL connector as a sync would (open() + next())
// and prints one line: rows, seconds, rows/s and the process's peak RSS. Driven by
// bench/extract.sh, which compares it with psql's \copy of the same query.

#include "connectors/warehouse/postgres/PostgresWarehouse.h"

#include <QByteArray>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDate>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <cstdio>
#include <malloc.h>

namespace {

// VmHWM: the most resident memory this process has held, in MB.
double peakRssMb()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray& line : status.readAll().split('\n')) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').first().toDouble() / 1024.0;
    }
    return -1;
}

// Reads every cell the way a consumer would, so no decoding can be skipped as unused.
quint64 touch(const QVariant& cell)
{
    switch (cell.metaType().id()) {
    case QMetaType::LongLong:
        return quint64(*static_cast<const qlonglong*>(cell.constData()));
    case QMetaType::Double:
        return quint64(*static_cast<const double*>(cell.constData()));
    case QMetaType::Bool:
        return *static_cast<const bool*>(cell.constData()) ? 1 : 0;
    case QMetaType::QString: {
        const auto& text = *static_cast<const QString*>(cell.constData());
        return quint64(text.size()) + (text.isEmpty() ? 0 : text.back().unicode());
    }
    case QMetaType::QDateTime:
        return quint64(static_cast<const QDateTime*>(cell.constData())->toMSecsSinceEpoch());
    case QMetaType::QDate:
        return quint64(static_cast<const QDate*>(cell.constData())->toJulianDay());
    case QMetaType::QByteArray:
        return quint64(static_cast<const QByteArray*>(cell.constData())->size());
    default:
        return cell.isValid() ? 1 : 0;
    }
}

} // namespace

int main(int argc, char* argv[])
{
#ifdef __GLIBC__
    mallopt(M_TOP_PAD, 4 * 1024 * 1024); // as ebb and ebb-cli do (see app/cli/main.cpp)
#endif
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Streams a PostgreSQL query through Ebb's connector. "
                                                    "The password comes from PGPASSWORD."));
    parser.addHelpOption();
    const QCommandLineOption host(
        QStringLiteral("host"), QStringLiteral("Server host."), QStringLiteral("host"), QStringLiteral("127.0.0.1"));
    const QCommandLineOption port(
        QStringLiteral("port"), QStringLiteral("Server port."), QStringLiteral("port"), QStringLiteral("5432"));
    const QCommandLineOption user(QStringLiteral("user"), QStringLiteral("User name."), QStringLiteral("user"));
    const QCommandLineOption database(
        QStringLiteral("database"), QStringLiteral("Database."), QStringLiteral("database"));
    const QCommandLineOption query(
        QStringLiteral("query"), QStringLiteral("The query to stream."), QStringLiteral("sql"));
    const QCommandLineOption batch(QStringLiteral("batch"), QStringLiteral("Rows per next() call."),
        QStringLiteral("rows"), QStringLiteral("10000"));
    parser.addOptions({host, port, user, database, query, batch});
    parser.process(app);
    if (!parser.isSet(user) || !parser.isSet(database) || !parser.isSet(query)) {
        std::fprintf(stderr, "ebb-bench-extract: --user, --database and --query are required\n");
        return 2;
    }

    Ebb::PgSettings settings;
    settings.host = parser.value(host);
    settings.port = parser.value(port).toInt();
    settings.user = parser.value(user);
    settings.database = parser.value(database);
    settings.password = qEnvironmentVariable("PGPASSWORD");
    settings.sslmode = QStringLiteral("disable"); // psql is run the same way by extract.sh
    const int batchRows = parser.value(batch).toInt();

    QElapsedTimer timer;
    timer.start();
    Ebb::PostgresWarehouse warehouse(QStringLiteral("bench"), settings);
    auto cursor = warehouse.open(parser.value(query));
    if (!cursor) {
        std::fprintf(stderr, "ebb-bench-extract: %s\n", qPrintable(cursor.error().toString()));
        return 1;
    }
    qint64 rows = 0;
    quint64 checksum = 0;
    while (true) {
        auto rowBatch = (*cursor)->next(batchRows);
        if (!rowBatch) {
            std::fprintf(stderr, "ebb-bench-extract: %s\n", qPrintable(rowBatch.error().toString()));
            return 1;
        }
        if (rowBatch->isEmpty())
            break;
        for (int r = 0; r < rowBatch->rowCount(); ++r) {
            for (int c = 0; c < rowBatch->columnCount(); ++c)
                checksum += touch(rowBatch->at(r, c));
        }
        rows += rowBatch->rowCount();
    }
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    std::printf("connector rows=%lld seconds=%.3f rows_per_s=%.0f peak_rss_mb=%.1f checksum=%llu\n", rows, seconds,
        seconds > 0 ? double(rows) / seconds : 0.0, peakRssMb(), static_cast<unsigned long long>(checksum));
    return 0;
}
