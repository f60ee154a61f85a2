#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>

namespace Ebb::Emulators {

// The account behind the Zendesk emulator (docs/API-CONTRACTS.md): user fields (a dropdown,
// a checkbox, a date, an integer, a decimal, a regexp), users by id matched by email or
// external_id, and the jobs create_or_update_many queues: each completes after `pollsToFinish`
// looks, with a result per user in request order (Created, Updated, or Failed with the
// reason: an email not properly formatted, a dropdown value not configured, a value that does
// not match its field). Not thread-safe: the emulator serialises calls.
class ZendeskStore
{
public:
    struct Answer
    {
        int status = 200;
        QByteArray body;
    };

    ZendeskStore();

    QByteArray userFields() const;
    Answer createOrUpdateMany(const QByteArray& body, const QString& baseUrl);
    Answer jobStatus(const QString& id);
    void setPollsToFinish(int polls) { m_pollsToFinish = polls; }

    QHash<qint64, QJsonObject> users() const { return m_users; }
    QJsonObject findByEmail(const QString& email) const;
    // Sets the attributes of the user with `email` (user_fields merged key by key), as an
    // agent would in Zendesk's UI; false when there is no such user.
    bool edit(const QString& email, const QJsonObject& attributes);

private:
    // Why `user` cannot be written, or "".
    QString invalid(const QJsonObject& user) const;

    QJsonArray m_fields;
    QHash<qint64, QJsonObject> m_users;
    struct Job
    {
        QJsonArray results;
        int polls = 0;
    };
    QHash<QString, Job> m_jobs;
    qint64 m_nextUser = 1000;
    int m_nextJob = 1;
    int m_pollsToFinish = 2;
};

} // namespace Ebb::Emulators
