#include "SqliteHandle.h"

#include <QFileInfo>
#include <QUrl>
#include <sqlite3.h>

namespace Ebb {

SqliteHandle::~SqliteHandle()
{
    sqlite3_close_v2(m_db);
}

SqliteHandle& SqliteHandle::operator=(SqliteHandle&& other) noexcept
{
    if (this != &other) {
        sqlite3_close_v2(m_db);
        m_db = other.m_db;
        other.m_db = nullptr;
    }
    return *this;
}

Result<SqliteHandle> SqliteHandle::open(const QString& path, Mode mode)
{
    if (mode != Mode::ReadWriteCreate && !QFileInfo(path).isFile())
        return Error::io(QStringLiteral("%1: no such database file").arg(path));
    int flags = mode == Mode::ReadWriteCreate ? (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) : SQLITE_OPEN_READONLY;
    QByteArray name = path.toUtf8();
    if (mode == Mode::Immutable) {
        name = "file:" + QUrl::toPercentEncoding(path, "/") + "?immutable=1";
        flags |= SQLITE_OPEN_URI;
    }
    sqlite3* db = nullptr;
    const int rc = sqlite3_open_v2(name.constData(), &db, flags | SQLITE_OPEN_NOMUTEX, nullptr);
    SqliteHandle handle(db);
    if (rc != SQLITE_OK)
        return Error::database(QStringLiteral("%1: %2").arg(path, handle.lastError()));
    sqlite3_busy_timeout(db, 5000);
    sqlite3_extended_result_codes(db, 1);
    return handle;
}

QString SqliteHandle::lastError() const
{
    return m_db ? QString::fromUtf8(sqlite3_errmsg(m_db)) : QStringLiteral("out of memory");
}

Result<void> SqliteHandle::exec(const QString& script)
{
    char* message = nullptr;
    if (sqlite3_exec(m_db, script.toUtf8().constData(), nullptr, nullptr, &message) != SQLITE_OK) {
        const QString text = QString::fromUtf8(message ? message : sqlite3_errmsg(m_db));
        sqlite3_free(message);
        return Error::database(text);
    }
    return {};
}

SqliteStatement::~SqliteStatement()
{
    sqlite3_finalize(m_stmt);
}

SqliteStatement& SqliteStatement::operator=(SqliteStatement&& other) noexcept
{
    if (this != &other) {
        sqlite3_finalize(m_stmt);
        m_stmt = other.m_stmt;
        other.m_stmt = nullptr;
    }
    return *this;
}

} // namespace Ebb
