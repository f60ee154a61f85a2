#include "ChatWebhookEmulator.h"

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QJsonDocument>
#include <QJsonObject>

namespace Ebb::Emulators {

ChatWebhookEmulator::ChatWebhookEmulator(QObject* parent)
    : EmulatorServer(QStringLiteral("chat-emulator"), parent)
{
}

ChatWebhookEmulator::~ChatWebhookEmulator()
{
    stopServing();
}

QUrl ChatWebhookEmulator::hookUrl() const
{
    QUrl hook = url();
    hook.setPath(QStringLiteral("/hook"));
    return hook;
}

QStringList ChatWebhookEmulator::texts() const
{
    const QMutexLocker lock(&m_mutex);
    return m_texts;
}

void ChatWebhookEmulator::answerNext(const QList<int>& statuses)
{
    const QMutexLocker lock(&m_mutex);
    m_script = statuses;
}

void ChatWebhookEmulator::addRoutes(QHttpServer& server)
{
    server.route(QStringLiteral("/hook"), QHttpServerRequest::Method::Post, [this](const QHttpServerRequest& request) {
        const QMutexLocker lock(&m_mutex);
        if (!m_script.isEmpty())
            return QHttpServerResponse(QByteArrayLiteral("text/plain"), QByteArrayLiteral("server_error"),
                QHttpServerResponse::StatusCode(m_script.takeFirst()));
        const QJsonValue text = QJsonDocument::fromJson(request.body()).object().value(QStringLiteral("text"));
        if (!text.isString() || text.toString().isEmpty())
            return QHttpServerResponse(QByteArrayLiteral("text/plain"), QByteArrayLiteral("invalid_payload"),
                QHttpServerResponse::StatusCode::BadRequest);
        m_texts << text.toString();
        return QHttpServerResponse(
            QByteArrayLiteral("text/plain"), QByteArrayLiteral("ok"), QHttpServerResponse::StatusCode::Ok);
    });
}

} // namespace Ebb::Emulators
