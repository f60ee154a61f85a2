#pragma once

#include <QSqlDatabase>
#include <QString>

namespace Ebb {

// A Qt SQL connection of one driver (QODBC, QMYSQL) under a name of its own, closed and
// removed with this object. Made, used and destroyed by one thread (a Qt SQL rule).
class QtSqlConnection
{
public:
    explicit QtSqlConnection(const QString& driver);
    ~QtSqlConnection();
    QtSqlConnection(const QtSqlConnection&) = delete;
    QtSqlConnection& operator=(const QtSqlConnection&) = delete;

    // Invalid when Qt has no such driver.
    QSqlDatabase database() const;

private:
    QString m_name;
};

} // namespace Ebb
