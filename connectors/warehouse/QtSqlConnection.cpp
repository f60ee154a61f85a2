#include "QtSqlConnection.h"

#include <QAtomicInteger>

namespace Ebb {

QtSqlConnection::QtSqlConnection(const QString& driver)
{
    static QAtomicInteger<quint64> connections;
    m_name = QStringLiteral("ebb-%1-%2").arg(driver).arg(connections.fetchAndAddRelaxed(1));
    QSqlDatabase::addDatabase(driver, m_name);
}

QtSqlConnection::~QtSqlConnection()
{
    {
        QSqlDatabase db = QSqlDatabase::database(m_name, false);
        db.close();
    } // no handle to it may be left when it is removed
    QSqlDatabase::removeDatabase(m_name);
}

QSqlDatabase QtSqlConnection::database() const
{
    return QSqlDatabase::database(m_name, false);
}

} // namespace Ebb
