#pragma once

#include "EmulatorServer.h"
#include "ZendeskStore.h"

#include <QByteArray>
#include <QList>
#include <QMutex>
#include <QObject>
#include <QThread>
#include <QUrl>

class QHttpServer;
class QHttpServerRequest;
class QHttpServerResponse;

namespace Ebb::Emulators {

// Zendesk Support's users API (docs/API-CONTRACTS.md) on 127.0.0.1 and a free port, on a
// thread of its own: GET /api/v2/user_fields.json, POST /api/v2/users/create_or_update_many
// (a job), GET /api/v2/job_statuses/{id}, over a ZendeskStore. Before the store: 401 for
// other credentials than `email`/token:`token` (Basic); the scripted statuses of the next
// writes (429 with Retry-After: 1 and a plain-text body, as Zendesk answers it). Every answer
// carries X-Rate-Limit and X-Rate-Limit-Remaining.
class ZendeskEmulator : public EmulatorServer
{
    Q_OBJECT

public:
    ZendeskEmulator(const QString& email, const QString& token, QObject* parent = nullptr);
    ~ZendeskEmulator() override;

    void answerNext(const QList<int>& statuses);
    void setPollsToFinish(int polls);
    QHash<qint64, QJsonObject> users() const;
    QJsonObject findByEmail(const QString& email) const;
    int writeRequests() const;
    int polls() const;

private:
    void addRoutes(QHttpServer& server) override;
    std::optional<ZendeskStore::Answer> gate(const QHttpServerRequest& request, bool write);
    QHttpServerResponse respond(const ZendeskStore::Answer& answer);

    QByteArray m_authorization;
    mutable QRecursiveMutex m_mutex;
    ZendeskStore m_store;
    QList<int> m_script;
    int m_writeRequests = 0;
    int m_polls = 0;
};

} // namespace Ebb::Emulators
