#pragma once

#include "EmulatorServer.h"

#include <QMutex>
#include <QStringList>

namespace Ebb::Emulators {

// A chat tool's incoming webhook as Slack documents it (Teams' connectors take the same
// body): POST /hook with {"text": "…"} answers 200 "ok"; a body without a text answers 400
// "invalid_payload". Every text taken is kept, in order; `answerNext` scripts statuses.
class ChatWebhookEmulator : public EmulatorServer
{
    Q_OBJECT

public:
    explicit ChatWebhookEmulator(QObject* parent = nullptr);
    ~ChatWebhookEmulator() override;

    QUrl hookUrl() const; // http://127.0.0.1:N/hook
    QStringList texts() const;
    void answerNext(const QList<int>& statuses);

private:
    void addRoutes(QHttpServer& server) override;

    mutable QMutex m_mutex;
    QStringList m_texts;
    QList<int> m_script;
};

} // namespace Ebb::Emulators
